package dev.rapport.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.clock.SyncState;
import dev.rapport.badge.protocol.AccelFrame;
import dev.rapport.badge.protocol.Frame;
import dev.rapport.badge.protocol.FrameDecoder;
import dev.rapport.badge.protocol.FrameHandler;
import dev.rapport.badge.protocol.HelloFrame;
import dev.rapport.badge.protocol.MicEnergyFrame;
import dev.rapport.badge.protocol.StatusFrame;
import dev.rapport.badge.protocol.TimeSyncResponseFrame;
import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.engine.EngineSettings;
import dev.rapport.gateway.engine.GatewayEngine;
import dev.rapport.gateway.runtime.EngineOutputs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Badge sessions as the production engine drives them: frames encoded by a {@link SimBadge},
 * decoded by the protocol's decoder, handed to {@link GatewayEngine} with their receive time; the
 * engine's TIME_SYNC requests answered over a link with fixed one-way delays.
 */
class BadgeSessionTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;

  /** The production engine with a link whose delays are known. */
  static final class Rig {
    final List<long[]> syncRequests = new ArrayList<>();
    final GatewayEngine engine =
        new GatewayEngine(
            EngineSettings.from(ConfigLoader.defaults()),
            new EngineOutputs.Ignoring() {
              @Override
              public void requestTimeSync(int badgeId, int link, long correlationId) {
                syncRequests.add(new long[] {badgeId, link, correlationId});
              }
            },
            b -> true,
            l -> "test",
            null);
    final List<SimBadge> badges = new ArrayList<>();
    long oneWayNs = 300_000; // a USB serial line
    boolean answerSyncs = true;
    private final byte[] raw = new byte[256];
    private int rawLength;
    private final FrameDecoder decoder =
        new FrameDecoder(
            new FrameHandler() {
              @Override
              public void onHello(HelloFrame f) {
                keep(f);
              }

              @Override
              public void onAccel(AccelFrame f) {
                keep(f);
              }

              @Override
              public void onMicEnergy(MicEnergyFrame f) {
                keep(f);
              }

              @Override
              public void onStatus(StatusFrame f) {
                keep(f);
              }

              @Override
              public void onTimeSyncResponse(TimeSyncResponseFrame f) {
                keep(f);
              }
            });

    private void keep(Frame f) {
      rawLength = f.copyTo(raw, 0);
    }

    SimBadge badge(int id, long tickRateHz, double driftPpm, long startTicks) {
      final SimBadge b = new SimBadge(id, tickRateHz, driftPpm, startTicks);
      badges.add(b);
      return b;
    }

    /** Decodes the badge's last frame and hands it to the engine, received at atNs. */
    void receive(SimBadge b, int length, long atNs) {
      rawLength = 0;
      decoder.onBytes(b.wire(), 0, length);
      assertThat(rawLength).as("frame decoded").isPositive();
      engine.onFrame(0, atNs, raw, 0, rawLength);
    }

    /** The engine clock moves to nowNs; requests it makes are answered at once. */
    void watermark(long nowNs) {
      engine.onWatermark(nowNs, nowNs / 1_000_000L);
      final List<long[]> due = new ArrayList<>(syncRequests);
      syncRequests.clear();
      for (long[] r : due) {
        engine.onSyncRequestSent((int) r[0], r[2], nowNs);
        if (!answerSyncs) {
          continue;
        }
        final SimBadge b = find((int) r[0]);
        final long arrival = nowNs + oneWayNs;
        final long departure = arrival + MS;
        receive(b, b.timeSyncResponse(r[2], arrival, departure), departure + oneWayNs);
      }
    }

    long run(long fromNs, long untilNs) {
      long t = fromNs;
      for (; t < untilNs; t += 40 * MS) {
        watermark(t);
      }
      return t;
    }

    SimBadge find(int id) {
      return badges.stream().filter(b -> b.badgeId == id).findFirst().orElseThrow();
    }

    BadgeSession session(int badgeId) {
      for (int slot = 0; slot < engine.badgeCount(); slot++) {
        if (engine.session(slot).badgeId() == badgeId) {
          return engine.session(slot);
        }
      }
      throw new AssertionError("no session for badge " + badgeId);
    }
  }

  private static double alignmentErrorNs(BadgeSession s, SimBadge b, long atNs) {
    final long ticks = b.ticksAt(atNs);
    return Math.abs(
        s.clockAligner().toGatewayNanos(ticks & 0xFFFF_FFFFL) - b.gatewayNsOfTick(ticks));
  }

  @Test
  void shouldKeepTheClockAndTheNumberingWhenABadgeReconnects() {
    final Rig rig = new Rig();
    final SimBadge b = rig.badge(0x0046, 32768, -20, 42);
    rig.receive(b, b.hello(0, 50_000, 40), MS);
    final long t = rig.run(10 * MS, 10 * S);
    final BadgeSession s = rig.session(0x0046);
    assertThat(s.clockState()).isEqualTo(SyncState.SYNCED);
    final long exchanges = s.clockAligner().exchangesAccepted();
    // BLE reconnect: the badge says HELLO again, same counter, next sequence number.
    rig.receive(b, b.hello(t, 50_000, 40), t + MS);
    rig.watermark(t + 40 * MS);
    assertThat(s.reboots()).isZero();
    assertThat(s.hellos()).isEqualTo(2);
    assertThat(s.clockState()).isEqualTo(SyncState.SYNCED);
    assertThat(s.clockAligner().exchangesAccepted()).isGreaterThanOrEqualTo(exchanges);
    assertThat(s.sequences().lost()).isZero();
  }

  @Test
  void shouldTakeABootHelloAsARebootAndAlignTheNewCounter() {
    final Rig rig = new Rig();
    final SimBadge b = rig.badge(0x0045, 32768, 30, 999_999);
    rig.receive(b, b.hello(0, 50_000, 40), MS);
    long t = rig.run(10 * MS, 10 * S);
    for (int i = 0; i < 50; i++) {
      rig.receive(b, b.status(t, 3900, 70), t + MS);
    }
    b.reboot(t + 100 * MS, 0); // counter and sequence start again at 0
    rig.receive(b, b.hello(t + 200 * MS, 50_000, 40), t + 200 * MS + MS);
    final BadgeSession s = rig.session(0x0045);
    assertThat(s.reboots()).isEqualTo(1);
    assertThat(s.clockState()).isEqualTo(SyncState.RESYNC_AFTER_REBOOT);
    t = rig.run(t + 240 * MS, t + 10 * S);
    assertThat(s.clockState()).isEqualTo(SyncState.SYNCED);
    assertThat(alignmentErrorNs(s, b, t)).isLessThan(0.5 * MS);
    // The restarted numbering is neither a huge gap nor a run of stale frames.
    assertThat(s.sequences().lost()).isZero();
    assertThat(s.sequences().tooOld()).isZero();
  }

  @Test
  void shouldNotTakeARepeatedOrDelayedHelloForAReboot() {
    final Rig rig = new Rig();
    rig.answerSyncs = false; // no clock model: only the HELLOs' own ticks can tell
    final SimBadge b = rig.badge(0x0047, 32768, 0, 12345);
    final byte[] hello = b.copy(b.hello(0, 50_000, 40));
    final int helloLength = hello.length;
    rig.receive(b, b.status(10 * MS, 3900, 70), 12 * MS); // overtakes the HELLO
    System.arraycopy(hello, 0, b.wire(), 0, helloLength);
    rig.receive(b, helloLength, 13 * MS); // the HELLO, late
    System.arraycopy(hello, 0, b.wire(), 0, helloLength);
    rig.receive(b, helloLength, 14 * MS); // and once more, duplicated by the link
    final BadgeSession s = rig.session(0x0047);
    assertThat(s.hellos()).isEqualTo(2);
    assertThat(s.reboots()).isZero();
    assertThat(s.sequences().lost()).isZero();
    // A real boot, still without a clock model: the counter starts again.
    b.reboot(5 * S, 0);
    rig.receive(b, b.hello(5 * S, 50_000, 40), 5 * S + MS);
    assertThat(s.reboots()).isEqualTo(1);
  }

  @Test
  void shouldPlaceNothingUntilTheClockCanPlaceItWithinHalfATick() {
    final Rig rig = new Rig();
    rig.answerSyncs = false;
    final SimBadge b = rig.badge(0x0048, 32768, 0, 0);
    rig.receive(b, b.hello(0, 50_000, 40), MS);
    rig.watermark(10 * MS);
    final int[] v = {1, 2, 3, 4, 5};
    rig.receive(b, b.accel(b.ticksU32At(10 * MS), 50_000, v, v, v, 5, 20 * MS), 21 * MS);
    final BadgeSession s = rig.session(0x0048);
    assertThat(s.samplesBeforeSync()).isEqualTo(5); // no exchange at all
    // One exchange over a slow path: 60 ms of round trip bounds the offset at +-30 ms.
    rig.oneWayNs = 30 * MS;
    rig.answerSyncs = true;
    rig.watermark(100 * MS);
    assertThat(s.clockAligner().hasMapping()).isTrue();
    assertThat(s.clockErrorNs()).isGreaterThan(BadgeSession.DEFAULT_MAX_PLACEMENT_ERROR_NS);
    rig.answerSyncs = false;
    rig.receive(b, b.accel(b.ticksU32At(150 * MS), 50_000, v, v, v, 5, 160 * MS), 161 * MS);
    assertThat(s.samplesBeforeSync()).isEqualTo(10);
    assertThat(s.accelSamplesPlaced()).isZero();
    // Fast exchanges: now it can.
    rig.oneWayNs = 300_000;
    rig.answerSyncs = true;
    final long t = rig.run(200 * MS, 3 * S);
    rig.receive(b, b.accel(b.ticksU32At(t - 100 * MS), 50_000, v, v, v, 5, t), t + MS);
    assertThat(s.accelSamplesPlaced()).isEqualTo(5);
  }

  @Test
  void shouldCountMicPeriodsTheBadgeCouldNotMeasure() {
    final Rig rig = new Rig();
    final SimBadge b = rig.badge(0x0049, 1_000_000, 80, 4_000_000_000L); // 1 MHz, wraps at 295 s
    rig.receive(b, b.hello(0, 50_000, 40), MS);
    final long t = rig.run(10 * MS, 5 * S);
    final int[] levels = {3000, 0xFFFF, 3200, 3300, 0xFFFF};
    rig.receive(b, b.mic(b.ticksU32At(t - 200 * MS), 40, levels, 5, t), t + MS);
    final BadgeSession s = rig.session(0x0049);
    assertThat(s.micLevelsNotMeasured()).isEqualTo(2);
    assertThat(s.micLevelsPlaced()).isEqualTo(3);
    assertThat(s.tickRateHz()).isEqualTo(1_000_000);
  }

  @Test
  void shouldReadBatteryAndBadgeSideDropsFromStatus() {
    final Rig rig = new Rig();
    final SimBadge b = rig.badge(0x004a, 32768, 0, 0);
    rig.receive(b, b.status(0, 3712, 0xFF), MS);
    final BadgeSession s = rig.session(0x004a);
    assertThat(s.batteryMv()).isEqualTo(3712);
    assertThat(s.batteryPercent()).isEqualTo(-1); // the badge has no fuel gauge
    assertThat(s.lastSeenNs()).isEqualTo(MS);
  }
}
