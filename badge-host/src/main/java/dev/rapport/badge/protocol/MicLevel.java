package dev.rapport.badge.protocol;

/**
 * The reference computation of a MIC_ENERGY level from one period of 16-bit PCM, exactly as
 * docs/protocol.md specifies it for firmware: the mean is removed (MEMS microphones carry a DC
 * offset that would otherwise dominate quiet rooms), the mean square P of what is left is taken,
 * and the level is {@code round(1000 * log10(P))}, i.e. hundredths of a dB above 1 LSB^2; P < 1
 * gives 0. Only this number leaves the badge; the PCM is overwritten by the next period.
 *
 * <p>Used by the simulator and by tests that hold firmware to the same numbers (firmware using
 * single-precision {@code log10f} may differ by 1).
 */
public final class MicLevel {
  /** Longest period the integer arithmetic covers: 4.1 s of 16 kHz PCM. */
  public static final int MAX_SAMPLES_PER_PERIOD = 65_536;

  private MicLevel() {}

  /** Level of {@code length} samples of {@code pcm} from {@code offset}, in 0.01 dB (0..9031). */
  public static int centiDb(short[] pcm, int offset, int length) {
    if (length <= 0 || length > MAX_SAMPLES_PER_PERIOD) {
      throw new IllegalArgumentException("period needs 1..65536 samples, length=" + length);
    }
    long sum = 0;
    long sumOfSquares = 0;
    for (int i = offset, end = offset + length; i < end; i++) {
      final long x = pcm[i];
      sum += x;
      sumOfSquares += x * x;
    }
    // P = (N * sum(x^2) - sum(x)^2) / N^2. With N <= 2^16 both products stay below 2^62, so the
    // numerator is exact in a long and only the final division rounds.
    final long numerator = length * sumOfSquares - sum * sum;
    return fromMeanSquare((double) numerator / ((double) length * length));
  }

  /** Level for a mean square already computed (in LSB^2 of 16-bit PCM). */
  public static int fromMeanSquare(double meanSquare) {
    if (!(meanSquare >= 1.0)) {
      return 0;
    }
    final long level = Math.round(1000.0 * Math.log10(meanSquare));
    return (int) Math.min(level, MicEnergyFrame.MAX_LEVEL_CENTI_DB);
  }
}
