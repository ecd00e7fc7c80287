package dev.rapport.badge.sim;

/**
 * The simulator's random numbers: SplitMix64 with polar-method normals, all through {@link
 * StrictMath}.
 *
 * <p>Why not {@code java.util.Random} or {@code SplittableRandom}: the simulator promises the same
 * bytes for the same seed on every JVM and platform. The JDK does not pin the algorithm behind
 * {@code RandomGenerator.nextGaussian()}, and {@code Math.log/sin} may differ by an ulp between
 * platforms; here every step is specified. Each process (a person's movement, a table's
 * conversation, ...) owns its own stream, derived from the seed and a stream id, so that changing
 * one process does not reshuffle the others. Not thread-safe: used by the simulation thread only.
 */
final class SimRandom {
  private long state;
  private double spareNormal;
  private boolean hasSpareNormal;

  SimRandom(long seed) {
    this.state = seed;
  }

  /** An independent stream for (seed, kind, index), e.g. (seed, MOVEMENT, person 3). */
  static SimRandom stream(long seed, int kind, int index) {
    long mixed = mix64(seed ^ mix64(0x5DEECE66DL * (kind + 1L) + index));
    return new SimRandom(mixed);
  }

  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    return mix64(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  double uniform(double lo, double hi) {
    return lo + (hi - lo) * nextDouble();
  }

  /** Uniform in [0, bound). */
  int nextInt(int bound) {
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  boolean chance(double probability) {
    return nextDouble() < probability;
  }

  /** Standard normal, by Marsaglia's polar method (no sin/cos, so cheaper than Box-Muller). */
  double normal() {
    if (hasSpareNormal) {
      hasSpareNormal = false;
      return spareNormal;
    }
    double u;
    double v;
    double s;
    do {
      u = 2.0 * nextDouble() - 1.0;
      v = 2.0 * nextDouble() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    double factor = StrictMath.sqrt(-2.0 * StrictMath.log(s) / s);
    spareNormal = v * factor;
    hasSpareNormal = true;
    return u * factor;
  }

  /** Exponentially distributed with the given mean. */
  double exponential(double mean) {
    return -mean * StrictMath.log(1.0 - nextDouble());
  }

  /** Log-normal given its median and the standard deviation of its logarithm. */
  double logNormal(double median, double sigma) {
    return median * StrictMath.exp(sigma * normal());
  }
}
