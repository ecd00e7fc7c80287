package dev.rapport.gateway.sync;

/**
 * One modality's windowed cross-correlation result for one dyad and one window: the peak r, its
 * lag, and its significance against the dyad's pseudo-synchrony baseline. Mutable and reused by the
 * engine; copy what you keep.
 *
 * <p>Absence is explicit: {@link #present()} is false when no lag of the window had enough valid
 * pairs and non-zero variance, and {@link #significancePresent()} is false until the dyad's
 * surrogate pool holds enough values. The other fields are then meaningless (and zero).
 */
public final class WccMeasure {
  private boolean present;
  private int rPeakQ30;
  private int peakLagSamples;
  private int validPairs;
  private boolean significancePresent;
  private int zQ16;
  private boolean zPresent;
  private int surrogateCount;
  private int surrogatesAtOrAbove;
  private int baselineQ30;

  /** Clears everything to "no value", keeping the valid-pair count for diagnostics. */
  void setAbsent(int validPairsAtLagZero) {
    present = false;
    rPeakQ30 = 0;
    peakLagSamples = 0;
    validPairs = validPairsAtLagZero;
    clearSignificance();
  }

  void setPeak(int rPeakQ30, int peakLagSamples, int validPairs) {
    this.present = true;
    this.rPeakQ30 = rPeakQ30;
    this.peakLagSamples = peakLagSamples;
    this.validPairs = validPairs;
  }

  void clearSignificance() {
    significancePresent = false;
    zPresent = false;
    zQ16 = 0;
    surrogateCount = 0;
    surrogatesAtOrAbove = 0;
    baselineQ30 = 0;
  }

  void setSignificance(
      int surrogateCount, int surrogatesAtOrAbove, int baselineQ30, boolean zPresent, int zQ16) {
    this.significancePresent = true;
    this.surrogateCount = surrogateCount;
    this.surrogatesAtOrAbove = surrogatesAtOrAbove;
    this.baselineQ30 = baselineQ30;
    this.zPresent = zPresent;
    this.zQ16 = zQ16;
  }

  public boolean present() {
    return present;
  }

  /** Peak correlation, Q30 (r = value / 2^30). */
  public int rPeakQ30() {
    return rPeakQ30;
  }

  /** k*: positive when badge a leads (b follows a by k* samples), negative when b leads. */
  public int peakLagSamples() {
    return peakLagSamples;
  }

  /** +1 when a leads, -1 when b leads, 0 when simultaneous (or no value). */
  public int leaderSign() {
    return Integer.signum(peakLagSamples);
  }

  /** Valid pairs at the peak lag; when there is no value, at lag 0 (why there is none). */
  public int validPairs() {
    return validPairs;
  }

  /** True when the empirical p and the baseline exist (enough surrogates). */
  public boolean significancePresent() {
    return significancePresent;
  }

  /** True when z exists: significance present and the surrogates are not all equal. */
  public boolean zPresent() {
    return zPresent;
  }

  /** z = (r_peak - mean) / sd of the surrogate peaks, Q16. */
  public int zQ16() {
    return zQ16;
  }

  /** Surrogate peak values in the pool (M). */
  public int surrogateCount() {
    return surrogateCount;
  }

  /** Surrogate peaks at or above r_peak (c); the empirical p is (c + 1) / (M + 1). */
  public int surrogatesAtOrAbove() {
    return surrogatesAtOrAbove;
  }

  /** Mean surrogate peak (the pseudo-synchrony baseline), Q30. */
  public int baselineQ30() {
    return baselineQ30;
  }

  /** Empirical p as a double, for display only; NaN when absent. */
  public double pValue() {
    return significancePresent ? (surrogatesAtOrAbove + 1.0) / (surrogateCount + 1.0) : Double.NaN;
  }

  void copyFrom(WccMeasure other) {
    present = other.present;
    rPeakQ30 = other.rPeakQ30;
    peakLagSamples = other.peakLagSamples;
    validPairs = other.validPairs;
    significancePresent = other.significancePresent;
    zPresent = other.zPresent;
    zQ16 = other.zQ16;
    surrogateCount = other.surrogateCount;
    surrogatesAtOrAbove = other.surrogatesAtOrAbove;
    baselineQ30 = other.baselineQ30;
  }

  @Override
  public String toString() {
    if (!present) {
      return "WccMeasure{absent, validPairs=" + validPairs + '}';
    }
    return "WccMeasure{r="
        + FixedPoint.toDecimal(rPeakQ30, FixedPoint.Q30_SHIFT, 6)
        + ", lagSamples="
        + peakLagSamples
        + ", validPairs="
        + validPairs
        + (significancePresent
            ? ", p=" + (surrogatesAtOrAbove + 1) + "/" + (surrogateCount + 1)
            : ", no significance")
        + (zPresent ? ", z=" + FixedPoint.toDecimal(zQ16, FixedPoint.Q16_SHIFT, 3) : "")
        + '}';
  }
}
