package dev.rapport.badge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rapport.badge.protocol.BadgeId;
import dev.rapport.badge.protocol.CommandOpcode;
import dev.rapport.badge.protocol.FrameEncoder;
import dev.rapport.badge.protocol.FrameType;
import dev.rapport.badge.protocol.Protocol;
import dev.rapport.badge.protocol.ReplyCode;
import dev.rapport.badge.protocol.StatusFrame;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The host side of the conversation: TIME_SYNC exchanges and COMMANDs through the fleet. */
class BadgeHostExchangeTest {
  private static final int DELAY_US = 3_000;
  private static final int PROCESSING_US = 500;

  private final FrameEncoder host = new FrameEncoder();
  private final byte[] out = new byte[Protocol.MAX_WIRE_LENGTH];
  private int hostSequence;

  private static BadgeFleet fleet(BadgeFleetConfig.Builder badges) {
    return BadgeFleet.create(SimConfig.builder().seed(9).badgeCount(3).build(), badges.build());
  }

  private static BadgeFleetConfig.Builder exactLink() {
    return BadgeFleetConfig.builder()
        .impairments(LinkImpairments.NONE.withDelaysUs(DELAY_US, DELAY_US))
        .processingUs(PROCESSING_US, PROCESSING_US)
        .tickJitterUs(0);
  }

  private void timeSync(BadgeFleet fleet, long atUs, int badgeId, long correlationId) {
    host.timeSyncRequest(badgeId, hostSequence++, 0).correlationId(correlationId);
    int n = host.finish(out, 0);
    fleet.onHostBytes(0, atUs, out, 0, n);
  }

  private void command(
      BadgeFleet fleet,
      long atUs,
      int badgeId,
      long correlationId,
      Consumer<dev.rapport.badge.protocol.CommandFrame> opcode) {
    opcode.accept(host.command(badgeId, hostSequence++, 0).correlationId(correlationId));
    int n = host.finish(out, 0);
    fleet.onHostBytes(0, atUs, out, 0, n);
  }

  @Test
  void shouldAnswerTimeSyncWithExactReceiveAndSendTicks() {
    BadgeFleet fleet = fleet(exactLink());
    WireCapture wire = new WireCapture(1);
    fleet.advanceTo(1_000_000, wire);

    timeSync(fleet, 1_000_000, 2, 77);
    fleet.advanceTo(2_000_000, wire);

    DecodedFrames frames = DecodedFrames.of(wire.bytes(0));
    List<DecodedFrames.SyncResponse> responses = frames.syncs;
    assertThat(responses).hasSize(1);
    DecodedFrames.SyncResponse response = responses.get(0);
    BadgeClock clock = fleet.badge(2).clock();
    long receivedUs = 1_000_000 + DELAY_US;
    long sentUs = receivedUs + PROCESSING_US;
    assertThat(response.badgeId()).isEqualTo(2);
    assertThat(response.correlationId()).isEqualTo(77);
    assertThat(response.receiveTick()).isEqualTo(clock.ticksU32At(receivedUs));
    assertThat(response.sendTick()).isEqualTo(clock.ticksU32At(sentUs));
    assertThat(response.tick()).isEqualTo(response.sendTick());
    assertThat(fleet.badge(2).timeSyncsAnswered()).isEqualTo(1);
    assertThat(fleet.badge(1).timeSyncsAnswered()).isZero();
    // The response reaches the host one link delay after it left.
    long arrival =
        wire.chunks.stream()
            .filter(c -> DecodedFrames.of(c.bytes()).syncs.size() == 1)
            .findFirst()
            .orElseThrow()
            .arrivalTimeUs();
    assertThat(arrival).isEqualTo(sentUs + DELAY_US);
  }

  @Test
  void shouldKeepTimeSyncCausalUnderRandomDelayAndJitter() {
    BadgeFleet fleet =
        fleet(
            BadgeFleetConfig.builder()
                .impairments(LinkImpairments.NONE.withDelaysUs(0, 50_000))
                .tickJitterUs(5_000)
                .clock(1, new BadgeClock(32_768, 0xFFFF_FFFFL - 50_000, 100.0)));
    WireCapture wire = new WireCapture(1);
    BadgeClock clock = fleet.badge(1).clock();
    long[] sentAt = new long[200];
    for (int i = 0; i < sentAt.length; i++) {
      sentAt[i] = (i + 1) * 100_000L;
      fleet.advanceTo(sentAt[i], wire);
      timeSync(fleet, sentAt[i], 1, i);
    }
    fleet.advanceTo(30_000_000, wire);

    List<DecodedFrames.SyncResponse> responses = DecodedFrames.of(wire.bytes(0)).syncs;
    assertThat(responses).hasSize(200);
    for (DecodedFrames.SyncResponse r : responses) {
      long requestUs = sentAt[(int) r.correlationId()];
      long earliest = clock.ticksU32At(requestUs);
      // t1 and t2 are at most 50 ms (delay) + 1 ms (processing) + 5 ms (jitter) after the request.
      long t1Since = (r.receiveTick() - earliest) & 0xFFFF_FFFFL;
      long t2Since = (r.sendTick() - earliest) & 0xFFFF_FFFFL;
      assertThat(t1Since).isLessThanOrEqualTo(clock.ticksAt(56_001) - clock.ticksAt(0));
      assertThat(t2Since).isGreaterThanOrEqualTo(t1Since).isLessThanOrEqualTo(32_768L / 10);
    }
  }

  @Test
  void shouldLetARegressionRecoverTheTrueClockFromAnHourOfExchanges() {
    double driftPpm = -73.25;
    long startTick = 0xFFFF_FFFFL - 32_768L * 600; // wraps ten minutes in
    BadgeFleet fleet =
        BadgeFleet.create(
            SimConfig.builder().seed(3).badgeCount(1).build(),
            BadgeFleetConfig.builder()
                .impairments(LinkImpairments.NONE.withDelaysUs(0, 50_000))
                .tickJitterUs(100)
                .clock(1, new BadgeClock(32_768, startTick, driftPpm))
                .build());
    WireCapture wire = new WireCapture(1);
    DecodedFrames decoded = new DecodedFrames();
    int exchanges = 1800;
    long[] requestUs = new long[exchanges];
    for (int i = 0; i < exchanges; i++) {
      requestUs[i] = 1_000_000L + i * 2_000_000L;
      fleet.advanceTo(requestUs[i], wire);
      timeSync(fleet, requestUs[i], 1, i);
    }
    fleet.advanceTo(requestUs[exchanges - 1] + 1_000_000, wire);
    decoded.decoder.onBytes(wire.bytes(0), 0, wire.bytes(0).length);
    long[] arrivalUs = new long[exchanges];
    for (WireCapture.Chunk chunk : wire.chunks) {
      for (DecodedFrames.SyncResponse r : DecodedFrames.of(chunk.bytes()).syncs) {
        arrivalUs[(int) r.correlationId()] = chunk.arrivalTimeUs();
      }
    }

    // Least squares of the badge's midpoint (unwrapped ticks) on the host's midpoint (us).
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    long unwrapBase = startTick;
    for (DecodedFrames.SyncResponse r : decoded.syncs) {
      int i = (int) r.correlationId();
      long t1 = unwrapBase + (((r.receiveTick() - unwrapBase) << 32) >> 32);
      long t2 = t1 + ((r.sendTick() - r.receiveTick()) & 0xFFFF_FFFFL);
      unwrapBase = t2;
      double x = (requestUs[i] + arrivalUs[i]) / 2.0;
      double y = (t1 + t2) / 2.0;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    int n = decoded.syncs.size();
    double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    double intercept = (sy - slope * sx) / n;

    assertThat(n).isEqualTo(exchanges);
    assertThat((slope / (32_768 / 1e6) - 1) * 1e6).isCloseTo(driftPpm, within(0.2));
    // Symmetric random delays leave the midpoints unbiased; jitter adds 50 us on average.
    assertThat(intercept - startTick).isCloseTo(0.05 * 32.768, within(40.0));
  }

  @Test
  void shouldAcknowledgeIdentifyAndShowItInStatus() {
    BadgeFleet fleet = fleet(exactLink());
    WireCapture wire = new WireCapture(1);
    fleet.advanceTo(1_000_000, wire);

    command(fleet, 1_000_000, 3, 501, c -> c.identify(3_000));
    command(fleet, 1_000_000, 3, 502, c -> c.requestStatus());
    fleet.advanceTo(1_100_000, wire);

    DecodedFrames frames = DecodedFrames.of(wire.bytes(0));
    assertThat(frames.replies)
        .containsExactly(
            new DecodedFrames.Reply(
                true,
                3,
                frames.replies.get(0).sequence(),
                501,
                CommandOpcode.IDENTIFY,
                ReplyCode.ACK_DONE),
            new DecodedFrames.Reply(
                true,
                3,
                frames.replies.get(1).sequence(),
                502,
                CommandOpcode.REQUEST_STATUS,
                ReplyCode.ACK_DONE));
    DecodedFrames.Status last = frames.statuses.get(frames.statuses.size() - 1);
    assertThat(last.badgeId()).isEqualTo(3);
    assertThat(last.flags() & StatusFrame.FLAG_IDENTIFYING).isNotZero();
    assertThat(fleet.badge(3).isIdentifying(3_000_000)).isTrue();
    assertThat(fleet.badge(3).isIdentifying(4_100_000)).isFalse();
    assertThat(fleet.badge(1).isIdentifying(2_000_000)).isFalse();
  }

  @Test
  void shouldStopAndRestartStreamsOnCommand() {
    BadgeFleet fleet = fleet(exactLink());
    WireCapture wire = new WireCapture(1);
    fleet.advanceTo(1_000_000, wire);

    command(fleet, 1_000_000, 1, 1, c -> c.stopStreaming(CommandOpcode.STREAM_ACCEL));
    fleet.advanceTo(3_000_000, wire);
    int accelBeforeRestart = countAccel(wire, 1);
    command(fleet, 3_000_000, 1, 2, c -> c.startStreaming(CommandOpcode.STREAM_ACCEL));
    fleet.advanceTo(5_000_000, wire);

    DecodedFrames frames = DecodedFrames.of(wire.bytes(0));
    long stopTick = fleet.badge(1).clock().ticksU32At(1_000_000 + DELAY_US + PROCESSING_US);
    long restartTick = fleet.badge(1).clock().ticksU32At(3_000_000 + DELAY_US + PROCESSING_US);
    for (DecodedFrames.Accel accel : frames.accels) {
      if (accel.badgeId() == 1) {
        boolean beforeStop = accel.firstSampleTick() < stopTick;
        boolean afterRestart = accel.firstSampleTick() >= restartTick;
        assertThat(beforeStop || afterRestart).as("accel batch while stopped").isTrue();
      }
    }
    assertThat(countAccel(wire, 1)).isGreaterThan(accelBeforeRestart);
    // The microphone went on streaming all along: 5 s of 40 ms periods in batches of 5 is 25
    // batches, the last of which leaves at 5 s and is still on the link.
    assertThat(frames.mics.stream().filter(m -> m.badgeId() == 1).count()).isEqualTo(24);
    assertThat(fleet.badge(1).isAccelStreaming()).isTrue();
  }

  @Test
  void shouldRefuseWhatTheSimulatedSensorCannotDo() {
    BadgeFleet fleet = fleet(exactLink());
    WireCapture wire = new WireCapture(1);
    fleet.advanceTo(500_000, wire);

    command(fleet, 500_000, 2, 10, c -> c.setAccel(25_000, 4));
    command(fleet, 500_000, 2, 11, c -> c.setAccel(50_000, 4));
    command(fleet, 500_000, 2, 12, c -> c.setMicPeriod(40));
    command(fleet, 500_000, 2, 13, c -> c.rawOpcode(0x7F, new byte[0], 0, 0));
    command(fleet, 500_000, 2, 14, c -> c.rawOpcode(CommandOpcode.IDENTIFY, new byte[1], 0, 1));
    command(fleet, 500_000, 2, 11, c -> c.setAccel(50_000, 4)); // a retry
    command(fleet, 500_000, 2, 15, c -> c.syncTime(1_700_000_000_123L));
    fleet.advanceTo(1_000_000, wire);

    List<DecodedFrames.Reply> replies = DecodedFrames.of(wire.bytes(0)).replies;
    assertThat(replies)
        .extracting(r -> r.correlationId() + ":" + (r.ack() ? "ACK" : "NACK") + ":" + r.code())
        .containsExactly(
            "10:NACK:" + ReplyCode.NACK_UNSUPPORTED_VALUE,
            "11:ACK:" + ReplyCode.ACK_DONE,
            "12:ACK:" + ReplyCode.ACK_DONE,
            "13:NACK:" + ReplyCode.NACK_UNKNOWN_OPCODE,
            "14:NACK:" + ReplyCode.NACK_BAD_ARGUMENT_LENGTH,
            "11:ACK:" + ReplyCode.ACK_DUPLICATE,
            "15:ACK:" + ReplyCode.ACK_DONE);
    assertThat(fleet.badge(2).lastHostUnixMs()).isEqualTo(1_700_000_000_123L);
    assertThat(fleet.badge(2).commandsAnswered()).isEqualTo(7);
  }

  @Test
  void shouldAnswerBroadcastFromEveryBadgeAndIgnoreOthersCommands() {
    BadgeFleet fleet = fleet(exactLink());
    WireCapture wire = new WireCapture(1);
    fleet.advanceTo(500_000, wire);

    command(fleet, 500_000, BadgeId.BROADCAST, 40, c -> c.requestHello());
    command(fleet, 500_000, 0x0042, 41, c -> c.identify(1000)); // nobody here
    fleet.advanceTo(1_000_000, wire);

    DecodedFrames frames = DecodedFrames.of(wire.bytes(0));
    assertThat(frames.replies).extracting(DecodedFrames.Reply::badgeId).containsExactly(1, 2, 3);
    assertThat(frames.replies).allMatch(r -> r.correlationId() == 40 && r.ack());
    // Boot HELLOs plus one answer each.
    assertThat(frames.hellos).hasSize(6);
    assertThat(frames.headersOf(2).get(frames.headersOf(2).size() - 1).type())
        .isIn(FrameType.HELLO, FrameType.ACCEL, FrameType.MIC_ENERGY);
  }

  private static int countAccel(WireCapture wire, int badgeId) {
    return (int)
        DecodedFrames.of(wire.bytes(0)).accels.stream().filter(a -> a.badgeId() == badgeId).count();
  }
}
