package dev.rapport.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.clock.SyncState;
import dev.rapport.badge.protocol.FrameType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ingestion of single badges through the real path (encoder, {@link LinkIngress} with the real
 * decoder, {@link BoundedEventQueue}, {@link IngestEngine}) on a link with fixed, known delays, so
 * every expectation can be worked out by hand.
 */
class IngestEngineTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;
  private static final long P = 40 * MS;

  /** A gateway with one link, instant TIME_SYNC answers after fixed one-way delays. */
  static final class Rig implements BadgeRequests {
    final BoundedEventQueue queue;
    final IngestEngine engine;
    final LinkIngress ingress;
    final List<GridTickCopy> ticks = new ArrayList<>();
    final List<SimBadge> badges = new ArrayList<>();
    long nowNs;
    long oneWayNs = 300_000L; // a USB serial line
    int helloRequests;
    boolean answerSyncs = true;

    Rig(int queueCapacity, IngestConfig config) {
      queue = new BoundedEventQueue(queueCapacity);
      engine = new IngestEngine(config, t -> ticks.add(new GridTickCopy(t)));
      ingress = new LinkIngress(0, queue);
    }

    Rig() {
      this(1024, IngestConfig.builder().allowedLatenessNs(200 * MS).build());
    }

    SimBadge badge(int id, long tickRateHz, double driftPpm, long startTicks) {
      final SimBadge b = new SimBadge(id, tickRateHz, driftPpm, startTicks);
      badges.add(b);
      return b;
    }

    /** Feeds the badge's last frame (in its wire buffer), received at atNs. */
    void receive(SimBadge b, int length, long atNs) {
      ingress.onBytes(b.wire(), 0, length, atNs);
    }

    /** Lets the engine run at nowNs: drain, then send due requests. */
    void step(long atNs) {
      nowNs = atNs;
      queue.offerClock(atNs);
      engine.doWork(queue, Integer.MAX_VALUE, atNs, this);
    }

    @Override
    public boolean sendTimeSyncRequest(int badgeId, long correlationId, int linkIndex) {
      if (!answerSyncs) {
        return true;
      }
      final SimBadge b = find(badgeId);
      final long arrival = nowNs + oneWayNs;
      final long departure = arrival + MS;
      // The answer comes back before the engine's next step.
      receive(b, b.timeSyncResponse(correlationId, arrival, departure), departure + oneWayNs);
      return true;
    }

    @Override
    public boolean sendHelloRequest(int badgeId, int linkIndex) {
      helloRequests++;
      return true;
    }

    SimBadge find(int badgeId) {
      for (SimBadge b : badges) {
        if (b.badgeId == badgeId) {
          return b;
        }
      }
      throw new AssertionError("no badge " + badgeId);
    }

    GridTickCopy tick(long index) {
      for (GridTickCopy t : ticks) {
        if (t.index == index) {
          return t;
        }
      }
      throw new AssertionError("tick " + index + " not emitted");
    }
  }

  /** A copy of one emitted tick, slot 0 and 1 only. */
  static final class GridTickCopy {
    final long index;
    final boolean[] present = new boolean[2];
    final int[] x = new int[2];
    final int[] mic = new int[2];
    final boolean[] micPresent = new boolean[2];

    GridTickCopy(GridTick t) {
      index = t.tickIndex();
      for (int s = 0; s < 2; s++) {
        present[s] = t.present()[s];
        x[s] = t.axMg()[s];
        mic[s] = t.micEnergy()[s];
        micPresent[s] = t.micPresent()[s];
      }
    }
  }

  /** Syncs the badge at 20 steps per second for the given time, with STATUS keeping it heard. */
  private static long syncFor(Rig rig, SimBadge b, long fromNs, long durationNs) {
    long t = fromNs;
    for (; t < fromNs + durationNs; t += 50 * MS) {
      rig.step(t);
    }
    return t;
  }

  @Test
  void shouldPlaceSamplesOnTheGridByTheBadgeClock() {
    final Rig rig = new Rig();
    // 1000 Hz badge running 100 ppm fast, counter at 5 000 000 at gateway time 0
    final SimBadge b = rig.badge(0x0042, 1000, 100, 5_000_000);
    rig.receive(b, b.hello(0, 50_000, 40), rig.oneWayNs);
    long t = syncFor(rig, b, 10 * MS, 10 * S);
    assertThat(rig.engine.session(0x0042).aligner().state()).isEqualTo(SyncState.SYNCED);

    // A batch of 5 samples at 50 Hz whose first sample is the badge tick of gateway time 20.000 s:
    // on the gateway they fall at 20.000, 20.020, ... (+ the drift, 2 us), so ticks 500, 500, 501,
    // 501, 502 (of 40 ms).
    final long first = b.ticksU32At(20 * S);
    final int[] xs = {100, 200, 300, 400, 500};
    final int[] zero = new int[5];
    t = syncFor(rig, b, t, 20 * S + 100 * MS - t);
    rig.receive(b, b.accel(first, 50_000, xs, zero, zero, 5, t), t + rig.oneWayNs);
    syncFor(rig, b, t, 2 * S);

    assertThat(rig.tick(500).present[0]).isTrue();
    assertThat(rig.tick(500).x[0]).isEqualTo(150);
    assertThat(rig.tick(501).x[0]).isEqualTo(350);
    assertThat(rig.tick(502).x[0]).isEqualTo(500);
    assertThat(rig.tick(499).present[0]).isFalse();
    assertThat(rig.tick(503).present[0]).isFalse();
    assertThat(rig.tick(503).x[0]).isEqualTo(GridTick.MISSING);
    assertThat(rig.engine.session(0x0042).samplesPlaced()).isEqualTo(5);
  }

  @Test
  void shouldPlaceMicPeriodsWhereTheyCoverTheTickCentres() {
    final Rig rig = new Rig();
    final SimBadge b = rig.badge(0x0043, 32768, -40, 123_456_789);
    rig.receive(b, b.hello(0, 50_000, 40), rig.oneWayNs);
    long t = syncFor(rig, b, 10 * MS, 10 * S);
    // Periods of 40 ms starting at gateway 30.010 s: [30.010, 30.050) covers the centre 30.020 of
    // tick 750, and so on; each tick gets exactly one level.
    final long first = b.ticksU32At(30 * S + 10 * MS) + 1;
    final int[] levels = {3000, 3100, 3200, 0xFFFF, 3400};
    syncFor(rig, b, t, 30 * S - t);
    // Sent once the last period is over (30.210 s), within the 200 ms allowed lateness of tick
    // 750 (which ends at 30.040 s).
    t = 30 * S + 215 * MS;
    rig.receive(b, b.mic(first, 40, levels, 5, t), t + rig.oneWayNs);
    syncFor(rig, b, t, 2 * S);

    assertThat(rig.tick(750).mic[0]).isEqualTo(3000);
    assertThat(rig.tick(751).mic[0]).isEqualTo(3100);
    assertThat(rig.tick(752).mic[0]).isEqualTo(3200);
    assertThat(rig.tick(753).micPresent[0]).isFalse(); // "not measured" stays missing
    assertThat(rig.tick(753).mic[0]).isEqualTo(0xFFFF);
    assertThat(rig.tick(754).mic[0]).isEqualTo(3400);
    assertThat(rig.tick(754).present[0]).isFalse(); // no accelerometer data: absent
    assertThat(rig.engine.session(0x0043).micNotMeasured()).isEqualTo(1);
  }

  @Test
  void shouldDropDuplicatesAndCountGapsAndReordering() {
    final Rig rig = new Rig();
    final SimBadge b = rig.badge(0x0044, 32768, 0, 0);
    rig.receive(b, b.hello(0, 50_000, 40), MS); // seq 0
    final byte[][] frames = new byte[6][];
    for (int i = 0; i < 6; i++) {
      frames[i] = b.copy(b.status(i * MS, 3900, 70)); // seq 1..6
    }
    rig.ingress.onBytes(frames[0], 0, frames[0].length, 10 * MS);
    rig.ingress.onBytes(frames[0], 0, frames[0].length, 11 * MS); // duplicate
    rig.ingress.onBytes(frames[2], 0, frames[2].length, 12 * MS); // seq 2 missing
    rig.ingress.onBytes(frames[1], 0, frames[1].length, 13 * MS); // ... and here it is
    rig.ingress.onBytes(frames[5], 0, frames[5].length, 14 * MS); // 4 and 5 never come
    rig.step(20 * MS);
    final SequenceTracker t = rig.engine.session(0x0044).sequences();
    assertThat(t.duplicates()).isEqualTo(1);
    assertThat(t.reordered()).isEqualTo(1);
    assertThat(t.missingInWindow()).isEqualTo(2);
    assertThat(rig.engine.framesDroppedBySequence()).isEqualTo(1);
    final BadgeHealth h = rig.engine.session(0x0044).health(20 * MS);
    assertThat(h.duplicateFrames()).isEqualTo(1);
    assertThat(h.batteryMv()).isEqualTo(3900);
    assertThat(h.batteryPercent()).isEqualTo(70);
    assertThat(h.lastSeenNs()).isEqualTo(14 * MS);
    assertThat(h.framesReceived()).isEqualTo(6);
  }

  @Test
  void shouldTreatABootHelloAsARebootAndRealignTheNewCounter() {
    final Rig rig = new Rig();
    final SimBadge b = rig.badge(0x0045, 32768, 30, 999_999);
    rig.receive(b, b.hello(0, 50_000, 40), rig.oneWayNs);
    long t = syncFor(rig, b, 10 * MS, 10 * S);
    for (int i = 0; i < 100; i++) {
      rig.receive(b, b.status(t, 3900, 70), t + MS); // sequence well past 100
    }
    // Reboot: counter and sequence start again at 0, and the badge says HELLO.
    b.reboot(t + 100 * MS, 0);
    rig.receive(b, b.hello(t + 200 * MS, 50_000, 40), t + 200 * MS + rig.oneWayNs);
    final BadgeSession s = rig.engine.session(0x0045);
    rig.step(t + 210 * MS);
    assertThat(s.reboots()).isEqualTo(1);
    assertThat(s.aligner().state()).isIn(SyncState.RESYNC_AFTER_REBOOT);
    t = syncFor(rig, b, t + 250 * MS, 10 * S);
    assertThat(s.aligner().state()).isEqualTo(SyncState.SYNCED);
    final long ticks = b.ticksAt(t);
    assertThat(Math.abs(s.aligner().toGatewayNanos(ticks) - b.gatewayNsOfTick(ticks)))
        .isLessThan(0.5 * MS);
    // The restarted numbering is not mistaken for a huge gap or for late frames.
    assertThat(s.sequences().lost()).isZero();
    assertThat(s.sequences().late()).isZero();
    assertThat(s.health(t).reboots()).isEqualTo(1);
  }

  @Test
  void shouldKeepClockAndNumberingOnAReconnectHello() {
    final Rig rig = new Rig();
    final SimBadge b = rig.badge(0x0046, 32768, -20, 42);
    rig.receive(b, b.hello(0, 50_000, 40), rig.oneWayNs);
    final long t = syncFor(rig, b, 10 * MS, 10 * S);
    final BadgeSession s = rig.engine.session(0x0046);
    final long exchanges = s.aligner().exchangesAccepted();
    rig.receive(b, b.hello(t, 50_000, 40), t + MS); // same counter, next sequence number
    rig.step(t + 10 * MS);
    assertThat(s.reboots()).isZero();
    assertThat(s.aligner().state()).isEqualTo(SyncState.SYNCED);
    assertThat(s.aligner().exchangesAccepted()).isEqualTo(exchanges);
    assertThat(s.hellos()).isEqualTo(2);
  }

  @Test
  void shouldCountSamplesBeforeAHelloAsUnalignedAndAskForTheHello() {
    final Rig rig = new Rig();
    final SimBadge b = rig.badge(0x0047, 32768, 0, 0);
    final int[] v = {1, 2, 3, 4, 5};
    rig.receive(b, b.accel(b.ticksU32At(0), 50_000, v, v, v, 5, MS), 2 * MS);
    rig.step(10 * MS);
    rig.step(20 * MS);
    final BadgeSession s = rig.engine.session(0x0047);
    assertThat(s.samplesBeforeHello()).isEqualTo(5);
    assertThat(s.samplesUnaligned()).isEqualTo(5);
    assertThat(rig.helloRequests).isEqualTo(1); // asked once, not every step
    rig.step(20 * MS + BadgeSession.HELLO_REQUEST_INTERVAL_NS);
    assertThat(rig.helloRequests).isEqualTo(2);
    assertThat(s.isTimeSyncDue(3 * S)).isFalse(); // no tick rate, no sync
  }

  @Test
  void shouldNotPlaceSamplesWhileTheClockIsTooUncertain() {
    final Rig rig = new Rig();
    rig.answerSyncs = false;
    final SimBadge b = rig.badge(0x0048, 32768, 0, 0);
    rig.receive(b, b.hello(0, 50_000, 40), MS);
    final int[] v = {1, 2, 3, 4, 5};
    rig.receive(b, b.accel(b.ticksU32At(MS), 50_000, v, v, v, 5, 2 * MS), 3 * MS);
    rig.step(10 * MS);
    assertThat(rig.engine.session(0x0048).samplesUnaligned()).isEqualTo(5);
    assertThat(rig.engine.session(0x0048).samplesPlaced()).isZero();
  }

  @Test
  void shouldSeeFramesTheFullQueueDroppedAsSequenceGaps() {
    final Rig rig = new Rig(16, IngestConfig.builder().reorderWindowFrames(8).build());
    rig.answerSyncs = false; // keep the queue to the frames below
    final SimBadge b = rig.badge(0x0049, 32768, 0, 0);
    rig.receive(b, b.hello(0, 50_000, 40), MS);
    rig.step(2 * MS);
    // A burst of 40 STATUS frames while the engine is busy: the queue holds 16.
    for (int i = 0; i < 40; i++) {
      rig.receive(b, b.status(3 * MS, 3900, 70), 3 * MS);
    }
    assertThat(rig.queue.droppedFrames(FrameType.STATUS)).isEqualTo(24);
    assertThat(rig.ingress.framesDropped()).isEqualTo(24);
    assertThat(rig.queue.describeDrops()).contains("STATUS=24");
    rig.step(4 * MS);
    // The badge goes on; the 24 frames fall out of the reorder window and count as lost.
    for (int i = 0; i < 20; i++) {
      rig.receive(b, b.status(5 * MS, 3900, 70), 5 * MS);
    }
    rig.step(6 * MS);
    assertThat(rig.engine.session(0x0049).sequences().lost()).isEqualTo(24);
  }

  @Test
  void shouldRejectReservedBadgeIdsAndBadgesBeyondCapacity() {
    final Rig rig = new Rig(64, IngestConfig.builder().maxBadges(2).build());
    for (int id : new int[] {0x0000, 0xFFFF, 0x0001, 0x0002, 0x0003}) {
      final SimBadge b = rig.badge(id, 32768, 0, 0);
      rig.receive(b, b.status(0, 3900, 70), MS);
    }
    rig.step(2 * MS);
    assertThat(rig.engine.framesRejectedBadgeId()).isEqualTo(2);
    assertThat(rig.engine.framesRejectedCapacity()).isEqualTo(1);
    assertThat(rig.engine.health(2 * MS)).extracting(BadgeHealth::badgeId).containsExactly(1, 2);
  }
}
