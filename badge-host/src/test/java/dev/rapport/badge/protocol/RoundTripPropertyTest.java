package dev.rapport.badge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Encode then decode, for arbitrary field values of every frame type: what goes in comes out,
 * through COBS, CRC and the streaming decoder, including values at their unsigned limits.
 */
class RoundTripPropertyTest {
  private static final long U32 = 0xFFFF_FFFFL;

  private final FrameEncoder encoder = new FrameEncoder();
  private final CapturingFrameHandler handler = new CapturingFrameHandler();
  private final FrameDecoder decoder = new FrameDecoder(handler);

  @Property(tries = 200)
  void helloRoundTrips(
      @ForAll @IntRange(max = 0xFFFF) int badgeId,
      @ForAll @IntRange(max = 0xFFFF) int seq,
      @ForAll @LongRange(max = U32) long tick,
      @ForAll @IntRange(max = 255) int major,
      @ForAll @IntRange(max = 255) int minor,
      @ForAll @IntRange(max = 255) int patch,
      @ForAll @IntRange(max = 255) int hw,
      @ForAll @LongRange(max = U32) long tickRate,
      @ForAll @LongRange(max = U32) long accelRate,
      @ForAll @LongRange(max = U32) long scale,
      @ForAll @IntRange(max = 0xFFFF) int micPeriod,
      @ForAll @IntRange(max = 255) int range,
      @ForAll @IntRange(max = 255) int caps) {
    encoder
        .hello(badgeId, seq, tick)
        .firmwareVersion(major, minor, patch)
        .hardwareRevision(hw)
        .tickRateHz(tickRate)
        .accelRateMilliHz(accelRate)
        .accelScaleNanoGPerLsb(scale)
        .micPeriodMs(micPeriod)
        .accelRangeG(range)
        .capabilities(caps);
    final HelloFrame f = decodeOne(HelloFrame.class);
    assertHeader(f, FrameType.HELLO, badgeId, seq, tick);
    assertThat(
            List.of(f.firmwareMajor(), f.firmwareMinor(), f.firmwarePatch(), f.hardwareRevision()))
        .containsExactly(major, minor, patch, hw);
    assertThat(List.of(f.tickRateHz(), f.accelRateMilliHz(), f.accelScaleNanoGPerLsb()))
        .containsExactly(tickRate, accelRate, scale);
    assertThat(List.of(f.micPeriodMs(), f.accelRangeG(), f.capabilities()))
        .containsExactly(micPeriod, range, caps);
  }

  @Property(tries = 200)
  void accelRoundTrips(
      @ForAll @IntRange(max = 0xFFFF) int badgeId,
      @ForAll @IntRange(max = 0xFFFF) int seq,
      @ForAll @LongRange(max = U32) long tick,
      @ForAll @LongRange(max = U32) long firstTick,
      @ForAll @LongRange(max = U32) long rate,
      @ForAll @LongRange(max = 1_000_000) long scale,
      @ForAll("samples") @Size(min = 1, max = 37) List<short[]> samples) {
    final AccelFrame a =
        encoder
            .accel(badgeId, seq, tick)
            .firstSampleTick(firstTick)
            .sampleRateMilliHz(rate)
            .scaleNanoGPerLsb(scale);
    for (short[] s : samples) {
      a.appendSample(s[0], s[1], s[2]);
    }
    final AccelFrame f = decodeOne(AccelFrame.class);
    assertHeader(f, FrameType.ACCEL, badgeId, seq, tick);
    assertThat(f.firstSampleTick()).isEqualTo(firstTick);
    assertThat(f.sampleRateMilliHz()).isEqualTo(rate);
    assertThat(f.scaleNanoGPerLsb()).isEqualTo(scale);
    assertThat(f.sampleCount()).isEqualTo(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      assertThat(new int[] {f.x(i), f.y(i), f.z(i)})
          .containsExactly(samples.get(i)[0], samples.get(i)[1], samples.get(i)[2]);
      assertThat(f.xMg(i))
          .isEqualTo(
              BigDecimal.valueOf(samples.get(i)[0] * scale)
                  .divide(BigDecimal.valueOf(1_000_000), 0, RoundingMode.HALF_UP)
                  .intValueExact());
    }
  }

  @Property(tries = 200)
  void micEnergyRoundTrips(
      @ForAll @IntRange(max = 0xFFFF) int badgeId,
      @ForAll @IntRange(max = 0xFFFF) int seq,
      @ForAll @LongRange(max = U32) long tick,
      @ForAll @LongRange(max = U32) long firstTick,
      @ForAll @IntRange(max = 0xFFFF) int period,
      @ForAll("levels") @Size(min = 1, max = 116) List<Integer> levels) {
    final MicEnergyFrame m =
        encoder.micEnergy(badgeId, seq, tick).firstPeriodTick(firstTick).periodMs(period);
    levels.forEach(m::appendLevel);
    final MicEnergyFrame f = decodeOne(MicEnergyFrame.class);
    assertHeader(f, FrameType.MIC_ENERGY, badgeId, seq, tick);
    assertThat(f.firstPeriodTick()).isEqualTo(firstTick);
    assertThat(f.periodMs()).isEqualTo(period);
    assertThat(f.count()).isEqualTo(levels.size());
    for (int i = 0; i < levels.size(); i++) {
      assertThat(f.levelCentiDb(i)).isEqualTo(levels.get(i));
    }
  }

  @Property(tries = 200)
  void statusRoundTrips(
      @ForAll @IntRange(max = 0xFFFF) int badgeId,
      @ForAll @IntRange(max = 0xFFFF) int seq,
      @ForAll @LongRange(max = U32) long tick,
      @ForAll @IntRange(max = 0xFFFF) int mv,
      @ForAll("percent") int percent,
      @ForAll @IntRange(max = 255) int flags,
      @ForAll @LongRange(max = U32) long droppedAccel,
      @ForAll @LongRange(max = U32) long droppedMic) {
    encoder
        .status(badgeId, seq, tick)
        .batteryMv(mv)
        .batteryPercent(percent)
        .flags(flags)
        .droppedAccelSamples(droppedAccel)
        .droppedMicPeriods(droppedMic);
    final StatusFrame f = decodeOne(StatusFrame.class);
    assertHeader(f, FrameType.STATUS, badgeId, seq, tick);
    assertThat(List.of(f.batteryMv(), f.batteryPercent(), f.flags()))
        .containsExactly(mv, percent, flags);
    assertThat(List.of(f.droppedAccelSamples(), f.droppedMicPeriods()))
        .containsExactly(droppedAccel, droppedMic);
  }

  @Property(tries = 200)
  void timeSyncRoundTrips(
      @ForAll @IntRange(max = 0xFFFF) int badgeId,
      @ForAll @IntRange(max = 0xFFFF) int seq,
      @ForAll @LongRange(max = U32) long correlationId,
      @ForAll @LongRange(max = U32) long receiveTick,
      @ForAll @LongRange(max = U32) long sendTick) {
    encoder.timeSyncRequest(badgeId, seq, 0).correlationId(correlationId);
    final TimeSyncRequestFrame request = decodeOne(TimeSyncRequestFrame.class);
    assertHeader(request, FrameType.TIME_SYNC_REQUEST, badgeId, seq, 0);
    assertThat(request.correlationId()).isEqualTo(correlationId);

    encoder
        .timeSyncResponse(badgeId, seq, sendTick)
        .correlationId(correlationId)
        .receiveTick(receiveTick)
        .sendTick(sendTick);
    final TimeSyncResponseFrame response = decodeOne(TimeSyncResponseFrame.class);
    assertHeader(response, FrameType.TIME_SYNC_RESPONSE, badgeId, seq, sendTick);
    assertThat(List.of(response.correlationId(), response.receiveTick(), response.sendTick()))
        .containsExactly(correlationId, receiveTick, sendTick);
  }

  @Property(tries = 200)
  void commandRoundTrips(
      @ForAll @IntRange(max = 0xFFFF) int badgeId,
      @ForAll @IntRange(max = 0xFFFF) int seq,
      @ForAll @LongRange(max = U32) long correlationId,
      @ForAll @IntRange(min = 1, max = 8) int opcode,
      @ForAll @LongRange(max = U32) long value32,
      @ForAll @IntRange(max = 0xFFFF) int value16,
      @ForAll @IntRange(max = 255) int value8,
      @ForAll long value64) {
    final CommandFrame c = encoder.command(badgeId, seq, 0).correlationId(correlationId);
    switch (opcode) {
      case CommandOpcode.START_STREAMING -> c.startStreaming(value8);
      case CommandOpcode.STOP_STREAMING -> c.stopStreaming(value8);
      case CommandOpcode.SET_ACCEL -> c.setAccel(value32, value8);
      case CommandOpcode.SET_MIC_PERIOD -> c.setMicPeriod(value16);
      case CommandOpcode.IDENTIFY -> c.identify(value16);
      case CommandOpcode.SYNC_TIME -> c.syncTime(value64);
      case CommandOpcode.REQUEST_STATUS -> c.requestStatus();
      default -> c.requestHello();
    }
    final CommandFrame f = decodeOne(CommandFrame.class);
    assertHeader(f, FrameType.COMMAND, badgeId, seq, 0);
    assertThat(f.correlationId()).isEqualTo(correlationId);
    assertThat(f.opcode()).isEqualTo(opcode);
    assertThat(f.hasValidArguments()).isTrue();
    assertThat(f.argumentLength()).isEqualTo(CommandOpcode.argumentLength(opcode));
    switch (opcode) {
      case CommandOpcode.START_STREAMING, CommandOpcode.STOP_STREAMING ->
          assertThat(f.streams()).isEqualTo(value8);
      case CommandOpcode.SET_ACCEL -> {
        assertThat(f.accelRateMilliHz()).isEqualTo(value32);
        assertThat(f.accelRangeG()).isEqualTo(value8);
      }
      case CommandOpcode.SET_MIC_PERIOD -> assertThat(f.micPeriodMs()).isEqualTo(value16);
      case CommandOpcode.IDENTIFY -> assertThat(f.identifyDurationMs()).isEqualTo(value16);
      case CommandOpcode.SYNC_TIME -> assertThat(f.hostUnixMs()).isEqualTo(value64);
      default -> assertThat(f.argumentLength()).isZero();
    }
  }

  @Property(tries = 200)
  void ackAndNackRoundTrip(
      @ForAll @IntRange(max = 0xFFFF) int badgeId,
      @ForAll @IntRange(max = 0xFFFF) int seq,
      @ForAll @LongRange(max = U32) long tick,
      @ForAll @LongRange(max = U32) long correlationId,
      @ForAll @IntRange(max = 255) int opcode,
      @ForAll @IntRange(max = 255) int code) {
    encoder.ack(badgeId, seq, tick).reply(correlationId, opcode, code);
    final AckFrame ack = decodeOne(AckFrame.class);
    assertHeader(ack, FrameType.ACK, badgeId, seq, tick);
    assertThat(List.of(ack.correlationId(), (long) ack.opcode(), (long) ack.status()))
        .containsExactly(correlationId, (long) opcode, (long) code);

    encoder.nack(badgeId, seq, tick).reply(correlationId, opcode, code);
    final NackFrame nack = decodeOne(NackFrame.class);
    assertHeader(nack, FrameType.NACK, badgeId, seq, tick);
    assertThat(List.of(nack.correlationId(), (long) nack.opcode(), (long) nack.reason()))
        .containsExactly(correlationId, (long) opcode, (long) code);
  }

  @Provide
  Arbitrary<List<short[]>> samples() {
    final Arbitrary<Short> axis = Arbitraries.shorts();
    return axis.array(short[].class).ofSize(3).list().ofMinSize(1).ofMaxSize(37);
  }

  @Provide
  Arbitrary<List<Integer>> levels() {
    return Arbitraries.oneOf(
            Arbitraries.integers().between(0, MicEnergyFrame.MAX_LEVEL_CENTI_DB),
            Arbitraries.just(MicEnergyFrame.LEVEL_NOT_MEASURED))
        .list()
        .ofMinSize(1)
        .ofMaxSize(116);
  }

  @Provide
  Arbitrary<Integer> percent() {
    return Arbitraries.oneOf(Arbitraries.integers().between(0, 100), Arbitraries.just(255));
  }

  /**
   * Finishes the encoder's frame, decodes it and re-reads the flyweight through a fresh wrap of the
   * captured raw bytes (the decoder's own flyweight is reused by the next frame).
   */
  private <T extends Frame> T decodeOne(Class<T> type) {
    handler.clear();
    final byte[] wire = encoder.finishToArray();
    decoder.onBytes(wire, 0, wire.length);
    assertThat(handler.errors).isEmpty();
    assertThat(handler.frames).hasSize(1);
    final CapturedFrame captured = handler.frames.get(0);
    try {
      final T frame = type.getDeclaredConstructor().newInstance();
      frame.wrap(captured.raw(), 0, captured.raw().length);
      assertThat(frame.hasValidLength()).isTrue();
      return frame;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create flyweight, type=" + type, e);
    }
  }

  private static void assertHeader(Frame f, int type, int badgeId, int seq, long tick) {
    assertThat(f.version()).isEqualTo(Protocol.VERSION);
    assertThat(f.type()).isEqualTo(type);
    assertThat(f.badgeId()).isEqualTo(badgeId);
    assertThat(f.sequence()).isEqualTo(seq);
    assertThat(f.tick()).isEqualTo(tick);
  }
}
