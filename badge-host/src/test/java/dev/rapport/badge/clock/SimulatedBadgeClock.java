package dev.rapport.badge.clock;

/**
 * The ground truth of a test: a badge oscillator running at {@code tickRateHz * (1 + driftPpm)},
 * with its counter at {@code startTicks} at gateway time 0, wrapping at 2^32. A reboot restarts the
 * counter at a chosen value.
 */
final class SimulatedBadgeClock {
  private final double tickRateHz;
  private final double ticksPerGatewayNs;
  private long epochGatewayNs;
  private double ticksAtEpoch;

  SimulatedBadgeClock(double tickRateHz, double driftPpm, long startTicks) {
    this.tickRateHz = tickRateHz;
    this.ticksPerGatewayNs = tickRateHz * (1 + driftPpm * 1e-6) / 1e9;
    this.epochGatewayNs = 0;
    this.ticksAtEpoch = startTicks;
  }

  double tickRateHz() {
    return tickRateHz;
  }

  /** Unwrapped (64-bit) counter value at a gateway time. */
  long ticksAt(long gatewayNs) {
    return (long) Math.floor(ticksAtEpoch + (gatewayNs - epochGatewayNs) * ticksPerGatewayNs);
  }

  /** What the badge puts on the wire: the low 32 bits. */
  long ticksU32At(long gatewayNs) {
    return ticksAt(gatewayNs) & 0xFFFF_FFFFL;
  }

  /**
   * Gateway time at which the counter reached an (unwrapped) tick value: the truth to compare to.
   */
  double gatewayNsOfTick(long ticks) {
    return epochGatewayNs + (ticks - ticksAtEpoch) / ticksPerGatewayNs;
  }

  /** The badge restarts at gatewayNs with its counter at newTicks. */
  void reboot(long gatewayNs, long newTicks) {
    epochGatewayNs = gatewayNs;
    ticksAtEpoch = newTicks;
  }
}
