package dev.rapport.badge.sim;

/**
 * Ground truth of one simulated badge's clock: a tick counter running at {@code tickRateHz * (1 +
 * driftPpm / 1e6)} ticks per true second, showing {@code startTick} at session time 0, wrapping at
 * 2^32 on the wire. Immutable; clock-alignment tests compare their estimates against it.
 *
 * <p>The counter at true time t (microseconds) is, by definition and exactly as computed here in
 * double precision:
 *
 * <pre>
 *   ticks(t) = startTick + floor(t * ticksPerUs),  ticksPerUs = tickRateHz * (1 + driftPpm * 1e-6) / 1e6
 * </pre>
 *
 * and the badge puts {@code ticks(t) mod 2^32} on the wire.
 */
public final class BadgeClock {
  public static final long MIN_TICK_RATE_HZ = 1_000;
  public static final long MAX_TICK_RATE_HZ = 1_000_000;
  public static final double MAX_ABS_DRIFT_PPM = 1_000.0;
  private static final long U32_MASK = 0xFFFF_FFFFL;

  private final long tickRateHz;
  private final long startTick;
  private final double driftPpm;
  private final double ticksPerUs;

  /**
   * @param tickRateHz nominal rate the badge declares in HELLO, 1 kHz..1 MHz
   * @param startTick counter value at session time 0, 0..2^32-1
   * @param driftPpm how much faster (+) or slower (-) the oscillator runs than nominal
   */
  public BadgeClock(long tickRateHz, long startTick, double driftPpm) {
    if (tickRateHz < MIN_TICK_RATE_HZ || tickRateHz > MAX_TICK_RATE_HZ) {
      throw new IllegalArgumentException(
          "tickRateHz must be "
              + MIN_TICK_RATE_HZ
              + ".."
              + MAX_TICK_RATE_HZ
              + ", tickRateHz="
              + tickRateHz);
    }
    if (startTick < 0 || startTick > U32_MASK) {
      throw new IllegalArgumentException("startTick must be a u32, startTick=" + startTick);
    }
    if (!(Math.abs(driftPpm) <= MAX_ABS_DRIFT_PPM)) {
      throw new IllegalArgumentException(
          "driftPpm must be within +-" + MAX_ABS_DRIFT_PPM + ", driftPpm=" + driftPpm);
    }
    this.tickRateHz = tickRateHz;
    this.startTick = startTick;
    this.driftPpm = driftPpm;
    this.ticksPerUs = tickRateHz * (1.0 + driftPpm * 1e-6) / 1e6;
  }

  public long tickRateHz() {
    return tickRateHz;
  }

  public long startTick() {
    return startTick;
  }

  public double driftPpm() {
    return driftPpm;
  }

  /** Real ticks per true microsecond, drift included. */
  public double ticksPerUs() {
    return ticksPerUs;
  }

  /** The unwrapped (64-bit) counter at true time {@code trueTimeUs}. */
  public long ticksAt(long trueTimeUs) {
    return startTick + (long) StrictMath.floor(trueTimeUs * ticksPerUs);
  }

  /** What the badge writes into a tick field at {@code trueTimeUs}: the counter mod 2^32. */
  public long ticksU32At(long trueTimeUs) {
    return ticksAt(trueTimeUs) & U32_MASK;
  }

  /**
   * The true time (microseconds, fractional) at which the unwrapped counter reaches {@code ticks}:
   * the inverse of {@link #ticksAt}, i.e. the answer a perfect clock alignment gives.
   */
  public double trueTimeUsOfTick(long ticks) {
    return (ticks - startTick) / ticksPerUs;
  }

  @Override
  public String toString() {
    return "BadgeClock{tickRateHz="
        + tickRateHz
        + ", startTick="
        + startTick
        + ", driftPpm="
        + driftPpm
        + "}";
  }
}
