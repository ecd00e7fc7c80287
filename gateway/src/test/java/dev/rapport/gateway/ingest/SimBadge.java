package dev.rapport.gateway.ingest;

import dev.rapport.badge.protocol.AccelFrame;
import dev.rapport.badge.protocol.FrameEncoder;
import dev.rapport.badge.protocol.MicEnergyFrame;
import dev.rapport.badge.protocol.Protocol;
import java.util.Arrays;

/**
 * A badge for tests: a true oscillator (tick rate, drift, start value), a frame counter, and the
 * protocol's own encoder, producing the wire bytes a real badge would send. The truth it keeps
 * (gateway time of any tick) is what the ingestion's results are checked against.
 */
final class SimBadge {
  final int badgeId;
  final long tickRateHz;
  private final double ticksPerNs;
  private long epochNs;
  private double ticksAtEpoch;
  private int sequence;
  private final FrameEncoder encoder = new FrameEncoder();
  private final byte[] wire = new byte[Protocol.MAX_WIRE_LENGTH];

  SimBadge(int badgeId, long tickRateHz, double driftPpm, long startTicks) {
    this.badgeId = badgeId;
    this.tickRateHz = tickRateHz;
    this.ticksPerNs = tickRateHz * (1 + driftPpm * 1e-6) / 1e9;
    this.ticksAtEpoch = startTicks;
  }

  long ticksAt(long gatewayNs) {
    return (long) Math.floor(ticksAtEpoch + (gatewayNs - epochNs) * ticksPerNs);
  }

  long ticksU32At(long gatewayNs) {
    return ticksAt(gatewayNs) & 0xFFFF_FFFFL;
  }

  /** True gateway time at which the counter reached this (unwrapped) tick. */
  double gatewayNsOfTick(long ticks) {
    return epochNs + (ticks - ticksAtEpoch) / ticksPerNs;
  }

  void reboot(long gatewayNs, long newTicks) {
    epochNs = gatewayNs;
    ticksAtEpoch = newTicks;
    sequence = 0;
  }

  int nextSequence() {
    return sequence;
  }

  /**
   * Finishes the frame being built into the badge's wire buffer; returns its length. The methods
   * below return that length, the bytes are in {@link #wire()} until the next frame (nothing is
   * allocated, so the steady-state allocation test can drive badges too).
   */
  private int finish() {
    sequence = (sequence + 1) & 0xFFFF;
    return encoder.finish(wire, 0);
  }

  byte[] wire() {
    return wire;
  }

  /** A copy of the last frame's wire bytes. */
  byte[] copy(int length) {
    return Arrays.copyOf(wire, length);
  }

  int hello(long nowNs, int accelRateMilliHz, int micPeriodMs) {
    encoder
        .hello(badgeId, sequence, ticksU32At(nowNs))
        .firmwareVersion(1, 2, 3)
        .hardwareRevision(1)
        .tickRateHz(tickRateHz)
        .accelRateMilliHz(accelRateMilliHz)
        .accelScaleNanoGPerLsb(1_000_000)
        .micPeriodMs(micPeriodMs)
        .accelRangeG(4)
        .capabilities(0x0F);
    return finish();
  }

  /** One ACCEL batch; values in mg (scale 1 mg per LSB), sample i at the tick the spec defines. */
  int accel(
      long firstTickU32, int rateMilliHz, int[] xs, int[] ys, int[] zs, int count, long nowNs) {
    final AccelFrame f =
        encoder
            .accel(badgeId, sequence, ticksU32At(nowNs))
            .firstSampleTick(firstTickU32 & 0xFFFF_FFFFL)
            .sampleRateMilliHz(rateMilliHz)
            .scaleNanoGPerLsb(1_000_000);
    for (int i = 0; i < count; i++) {
      f.appendSample(xs[i], ys[i], zs[i]);
    }
    return finish();
  }

  int mic(long firstTickU32, int periodMs, int[] levels, int count, long nowNs) {
    final MicEnergyFrame f =
        encoder
            .micEnergy(badgeId, sequence, ticksU32At(nowNs))
            .firstPeriodTick(firstTickU32 & 0xFFFF_FFFFL)
            .periodMs(periodMs);
    for (int i = 0; i < count; i++) {
      f.appendLevel(levels[i]);
    }
    return finish();
  }

  int status(long nowNs, int batteryMv, int batteryPercent) {
    encoder
        .status(badgeId, sequence, ticksU32At(nowNs))
        .batteryMv(batteryMv)
        .batteryPercent(batteryPercent)
        .flags(0x03)
        .droppedAccelSamples(0)
        .droppedMicPeriods(0);
    return finish();
  }

  /** The response to a TIME_SYNC_REQUEST that arrived at arrivalNs, sent at departureNs. */
  int timeSyncResponse(long correlationId, long arrivalNs, long departureNs) {
    encoder
        .timeSyncResponse(badgeId, sequence, ticksU32At(departureNs))
        .correlationId(correlationId)
        .receiveTick(ticksU32At(arrivalNs))
        .sendTick(ticksU32At(departureNs));
    return finish();
  }
}
