package dev.rapport.badge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.protocol.FrameType;
import dev.rapport.badge.protocol.HelloFrame;
import dev.rapport.badge.protocol.StatusFrame;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fleet on a perfect link without timestamp jitter: every frame must decode with the protocol
 * decoder and carry exactly the room's samples at exactly the ticks of the badge's clock.
 */
class SimulatedBadgeFramesTest {
  private static final long DURATION_US = 30_000_000L;
  private static final long WRAP_START_TICK = 0x1_0000_0000L - 32_768L * 5; // wraps after 5 s

  private static BadgeFleet fleet;
  private static SampleRecorder samples;
  private static WireCapture wire;
  private static DecodedFrames decoded;

  @BeforeAll
  static void run() {
    SimConfig room = SimConfig.builder().seed(5).badgeCount(6).build();
    BadgeFleetConfig badges =
        BadgeFleetConfig.builder()
            .impairments(LinkImpairments.NONE)
            .tickJitterUs(0)
            .clock(1, new BadgeClock(32_768, WRAP_START_TICK, 80.0))
            .clock(2, new BadgeClock(1_000_000, 17, -95.0))
            .build();
    fleet = BadgeFleet.create(room, badges);
    samples = new SampleRecorder(6);
    wire = new WireCapture(1);
    // Odd steps: the byte stream must not depend on how the fleet is driven.
    for (long t = 0; t < DURATION_US; t += 333_333) {
      fleet.advanceTo(t, wire, samples);
    }
    // One microsecond more: the frames completed exactly at 30 s go out too.
    fleet.advanceTo(DURATION_US + 1, wire, samples);
    decoded = DecodedFrames.of(wire.bytes(0));
  }

  @Test
  void shouldDecodeEveryFrameWithoutError() {
    assertThat(decoded.errors).isEmpty();
    long built = 0;
    for (int id = 1; id <= 6; id++) {
      built += fleet.badge(id).framesBuilt();
    }
    assertThat(decoded.headers).hasSize((int) built);
    assertThat(fleet.linkStats(0).framesDelivered()).isEqualTo(built);
  }

  @Test
  void shouldBootWithDelimiterHelloAndStatus() {
    assertThat(wire.bytes(0)[0]).isZero();
    for (int id = 1; id <= 6; id++) {
      List<DecodedFrames.Header> own = decoded.headersOf(id);
      assertThat(own.get(0).type()).isEqualTo(FrameType.HELLO);
      assertThat(own.get(0).sequence()).isZero();
      assertThat(own.get(1).type()).isEqualTo(FrameType.STATUS);
      assertThat(own.get(0).tick()).isEqualTo(fleet.badge(id).clock().ticksU32At(0));
    }
    DecodedFrames.Hello hello = decoded.hellos.get(1);
    assertThat(hello.badgeId()).isEqualTo(2);
    assertThat(hello.tickRateHz()).isEqualTo(1_000_000);
    assertThat(hello.accelRateMilliHz()).isEqualTo(50_000);
    assertThat(hello.scaleNanoG()).isEqualTo(122_000);
    assertThat(hello.rangeG()).isEqualTo(4);
    assertThat(hello.micPeriodMs()).isEqualTo(40);
    assertThat(hello.hardwareRevision()).isEqualTo(SimulatedBadge.HARDWARE_REVISION_SIMULATED);
    assertThat(hello.capabilities())
        .isEqualTo(
            HelloFrame.CAPABILITY_ACCEL
                | HelloFrame.CAPABILITY_MIC
                | HelloFrame.CAPABILITY_BATTERY
                | HelloFrame.CAPABILITY_IDENTIFY);
  }

  @Test
  void shouldNumberEveryBadgesFramesWithoutGaps() {
    for (int id = 1; id <= 6; id++) {
      List<DecodedFrames.Header> own = decoded.headersOf(id);
      for (int i = 0; i < own.size(); i++) {
        assertThat(own.get(i).sequence()).isEqualTo(i);
      }
    }
  }

  @Test
  void shouldCarryTheRoomsAccelerationSamplesExactly() {
    for (int id = 1; id <= 6; id++) {
      int b = id - 1;
      int index = 0;
      BadgeClock clock = fleet.badge(id).clock();
      for (DecodedFrames.Accel batch : decoded.accels) {
        if (batch.badgeId() != id) {
          continue;
        }
        assertThat(batch.firstSampleTick())
            .isEqualTo(clock.ticksU32At(samples.accelTimeUs[b][index]));
        long lastSampleUs = samples.accelTimeUs[b][index + batch.xMg().length - 1];
        assertThat(batch.tick()).isEqualTo(clock.ticksU32At(lastSampleUs));
        for (int i = 0; i < batch.xMg().length; i++, index++) {
          assertThat(batch.xMg()[i]).isEqualTo(samples.ax[b][index]);
          assertThat(batch.yMg()[i]).isEqualTo(samples.ay[b][index]);
          assertThat(batch.zMg()[i]).isEqualTo(samples.az[b][index]);
        }
      }
      // The sample taken at 30 s starts a batch that is not complete yet.
      assertThat(index).isEqualTo(1500).isEqualTo(samples.accelCount[b] - 1);
    }
  }

  @Test
  void shouldCarryTheRoomsMicrophoneLevelsExactly() {
    for (int id = 1; id <= 6; id++) {
      int b = id - 1;
      int index = 0;
      for (DecodedFrames.Mic batch : decoded.mics) {
        if (batch.badgeId() != id) {
          continue;
        }
        assertThat(batch.periodMs()).isEqualTo(40);
        assertThat(batch.firstPeriodTick())
            .isEqualTo(fleet.badge(id).clock().ticksU32At(samples.micTimeUs[b][index]));
        for (int level : batch.levels()) {
          assertThat(level).isEqualTo(samples.mic[b][index++]);
        }
      }
      assertThat(index).isEqualTo(samples.micCount[b]).isEqualTo(750);
    }
  }

  @Test
  void shouldWrapTheTickCounterOnTheWire() {
    List<DecodedFrames.Accel> first =
        decoded.accels.stream().filter(a -> a.badgeId() == 1).toList();
    assertThat(first.get(0).firstSampleTick()).isEqualTo(WRAP_START_TICK);
    assertThat(first.get(first.size() - 1).firstSampleTick()).isLessThan(32_768L * 26);
  }

  @Test
  void shouldReportStatusEveryTenSecondsWithBatteryDraining() {
    for (int id = 1; id <= 6; id++) {
      int badgeId = id;
      List<DecodedFrames.Status> own =
          decoded.statuses.stream().filter(s -> s.badgeId() == badgeId).toList();
      assertThat(own).hasSize(4); // 0 s, 10 s, 20 s, 30 s
      for (int k = 0; k < own.size(); k++) {
        assertThat(own.get(k).tick())
            .isEqualTo(fleet.badge(id).clock().ticksU32At(k * 10_000_000L));
        assertThat(own.get(k).batteryMv()).isEqualTo(fleet.badge(id).batteryMvAt(k * 10_000_000L));
        assertThat(own.get(k).flags())
            .isEqualTo(StatusFrame.FLAG_ACCEL_STREAMING | StatusFrame.FLAG_MIC_STREAMING);
      }
      assertThat(own.get(0).batteryMv()).isBetween(4000, 4180);
      assertThat(own.get(0).batteryPercent()).isBetween(77, 98);
    }
    // 60 mV per hour: a battery falls by 0.33 mV in 20 s, so only the model can tell.
    assertThat(fleet.badge(1).batteryMvAt(3_600_000_000L))
        .isEqualTo(fleet.badge(1).batteryMvAt(0) - 60);
  }

  @Test
  void shouldDeliverBytesInArrivalOrder() {
    long previous = Long.MIN_VALUE;
    for (WireCapture.Chunk chunk : wire.chunks) {
      assertThat(chunk.arrivalTimeUs())
          .isGreaterThanOrEqualTo(previous)
          .isLessThanOrEqualTo(DURATION_US);
      previous = chunk.arrivalTimeUs();
    }
  }

  @Test
  void shouldGiveEachBadgeItsOwnLinkWhenAsked() {
    BadgeFleet perBadge =
        BadgeFleet.create(
            SimConfig.builder().badgeCount(3).build(),
            BadgeFleetConfig.builder().badgesPerLink(1).build());
    WireCapture capture = new WireCapture(3);

    perBadge.advanceTo(2_000_000, capture);

    assertThat(perBadge.linkCount()).isEqualTo(3);
    for (int link = 0; link < 3; link++) {
      DecodedFrames frames = DecodedFrames.of(capture.bytes(link));
      assertThat(frames.errors).isEmpty();
      int expectedBadge = link + 1;
      assertThat(frames.headers).isNotEmpty().allMatch(h -> h.badgeId() == expectedBadge);
    }
  }

  @Test
  void shouldWriteClockTruthForEveryBadge() throws java.io.IOException {
    java.io.StringWriter out = new java.io.StringWriter();

    ClockTruth.write(fleet, out);

    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(7);
    assertThat(lines.get(0))
        .isEqualTo("badge,link,tick_rate_hz,start_tick,drift_ppm,tick_jitter_us");
    assertThat(lines.get(1)).isEqualTo("0001,0,32768," + WRAP_START_TICK + ",80.0,0");
    assertThat(lines.get(2)).isEqualTo("0002,0,1000000,17,-95.0,0");
    String[] drawn = lines.get(3).split(",");
    assertThat(Double.parseDouble(drawn[4])).isBetween(-50.0, 50.0).isNotZero();
  }

  @Test
  void shouldWriteIdenticalBytesForTheSameSeed() {
    BadgeFleet again =
        BadgeFleet.create(SimConfig.builder().seed(5).badgeCount(6).build(), fleet.config());
    WireCapture capture = new WireCapture(1);

    again.advanceTo(DURATION_US + 1, capture);

    assertThat(capture.bytes(0)).isEqualTo(wire.bytes(0));
  }
}
