package dev.rapport.badge.clock;

/**
 * Tuning of one badge's {@link ClockAligner}. Immutable; every default is named and explained in
 * docs/clock.md. Build with {@link #builder(double)}: the tick rate is the only required field,
 * since it comes from the badge's HELLO.
 */
public final class ClockAlignerConfig {
  /**
   * Up to 15 minutes at the slow sync rate, 3.4 minutes at the fast one: enough to pin the drift.
   */
  public static final int DEFAULT_WINDOW_EXCHANGES = 2048;

  /** Older exchanges are forgotten even if the window is not full, so drift may change slowly. */
  public static final long DEFAULT_WINDOW_MAX_AGE_NS = 15L * 60 * 1_000_000_000L;

  /** Search range of the drift; watch crystals are within +-100 ppm, RC oscillators are not. */
  public static final double DEFAULT_MAX_ABS_DRIFT_PPM = 2000;

  /** The accuracy target of issue 3; at or below it the badge counts as SYNCED. */
  public static final long DEFAULT_SYNCED_ERROR_NS = 2_000_000L;

  public static final int DEFAULT_MIN_EXCHANGES_FOR_SYNCED = 8;

  /**
   * An exchange contradicting the model by more than this (plus the model's own error bound) is no
   * longer noise: it is an outlier or the badge's counter jumped.
   */
  public static final long DEFAULT_DISCONTINUITY_THRESHOLD_NS = 50_000_000L;

  /** Consecutive, mutually consistent contradicting exchanges that confirm a counter jump. */
  public static final int DEFAULT_DISCONTINUITY_CONFIRM_EXCHANGES = 2;

  /** Exchanges slower than this are dropped: their bounds are too loose to help. */
  public static final long DEFAULT_MAX_ROUND_TRIP_NS = 5_000_000_000L;

  /** At most this share of the window may be removed as outliers. */
  public static final double DEFAULT_MAX_OUTLIER_FRACTION = 0.125;

  private final double tickRateHz;
  private final int windowExchanges;
  private final long windowMaxAgeNs;
  private final double maxAbsDriftPpm;
  private final long syncedErrorNs;
  private final int minExchangesForSynced;
  private final long discontinuityThresholdNs;
  private final int discontinuityConfirmExchanges;
  private final long maxRoundTripNs;
  private final double maxOutlierFraction;

  private ClockAlignerConfig(Builder b) {
    this.tickRateHz = b.tickRateHz;
    this.windowExchanges = b.windowExchanges;
    this.windowMaxAgeNs = b.windowMaxAgeNs;
    this.maxAbsDriftPpm = b.maxAbsDriftPpm;
    this.syncedErrorNs = b.syncedErrorNs;
    this.minExchangesForSynced = b.minExchangesForSynced;
    this.discontinuityThresholdNs = b.discontinuityThresholdNs;
    this.discontinuityConfirmExchanges = b.discontinuityConfirmExchanges;
    this.maxRoundTripNs = b.maxRoundTripNs;
    this.maxOutlierFraction = b.maxOutlierFraction;
  }

  public static Builder builder(double tickRateHz) {
    return new Builder(tickRateHz);
  }

  /** All defaults, for a badge ticking at tickRateHz. */
  public static ClockAlignerConfig defaults(double tickRateHz) {
    return builder(tickRateHz).build();
  }

  public double tickRateHz() {
    return tickRateHz;
  }

  public int windowExchanges() {
    return windowExchanges;
  }

  public long windowMaxAgeNs() {
    return windowMaxAgeNs;
  }

  public double maxAbsDriftPpm() {
    return maxAbsDriftPpm;
  }

  public long syncedErrorNs() {
    return syncedErrorNs;
  }

  public int minExchangesForSynced() {
    return minExchangesForSynced;
  }

  public long discontinuityThresholdNs() {
    return discontinuityThresholdNs;
  }

  public int discontinuityConfirmExchanges() {
    return discontinuityConfirmExchanges;
  }

  public long maxRoundTripNs() {
    return maxRoundTripNs;
  }

  public double maxOutlierFraction() {
    return maxOutlierFraction;
  }

  /** Collects settings; {@link #build()} rejects bad values naming the field and the value. */
  public static final class Builder {
    private final double tickRateHz;
    private int windowExchanges = DEFAULT_WINDOW_EXCHANGES;
    private long windowMaxAgeNs = DEFAULT_WINDOW_MAX_AGE_NS;
    private double maxAbsDriftPpm = DEFAULT_MAX_ABS_DRIFT_PPM;
    private long syncedErrorNs = DEFAULT_SYNCED_ERROR_NS;
    private int minExchangesForSynced = DEFAULT_MIN_EXCHANGES_FOR_SYNCED;
    private long discontinuityThresholdNs = DEFAULT_DISCONTINUITY_THRESHOLD_NS;
    private int discontinuityConfirmExchanges = DEFAULT_DISCONTINUITY_CONFIRM_EXCHANGES;
    private long maxRoundTripNs = DEFAULT_MAX_ROUND_TRIP_NS;
    private double maxOutlierFraction = DEFAULT_MAX_OUTLIER_FRACTION;

    private Builder(double tickRateHz) {
      this.tickRateHz = tickRateHz;
    }

    public Builder windowExchanges(int windowExchanges) {
      this.windowExchanges = windowExchanges;
      return this;
    }

    public Builder windowMaxAgeNs(long windowMaxAgeNs) {
      this.windowMaxAgeNs = windowMaxAgeNs;
      return this;
    }

    public Builder maxAbsDriftPpm(double maxAbsDriftPpm) {
      this.maxAbsDriftPpm = maxAbsDriftPpm;
      return this;
    }

    public Builder syncedErrorNs(long syncedErrorNs) {
      this.syncedErrorNs = syncedErrorNs;
      return this;
    }

    public Builder minExchangesForSynced(int minExchangesForSynced) {
      this.minExchangesForSynced = minExchangesForSynced;
      return this;
    }

    public Builder discontinuityThresholdNs(long discontinuityThresholdNs) {
      this.discontinuityThresholdNs = discontinuityThresholdNs;
      return this;
    }

    public Builder discontinuityConfirmExchanges(int discontinuityConfirmExchanges) {
      this.discontinuityConfirmExchanges = discontinuityConfirmExchanges;
      return this;
    }

    public Builder maxRoundTripNs(long maxRoundTripNs) {
      this.maxRoundTripNs = maxRoundTripNs;
      return this;
    }

    public Builder maxOutlierFraction(double maxOutlierFraction) {
      this.maxOutlierFraction = maxOutlierFraction;
      return this;
    }

    public ClockAlignerConfig build() {
      if (!(tickRateHz >= 1 && tickRateHz <= 1e9)) {
        throw new IllegalArgumentException(
            "tickRateHz must be in [1, 1e9], tickRateHz=" + tickRateHz);
      }
      if (windowExchanges < 4 || windowExchanges > 65_536) {
        throw new IllegalArgumentException(
            "windowExchanges must be in [4, 65536], windowExchanges=" + windowExchanges);
      }
      if (windowMaxAgeNs < 1_000_000_000L) {
        throw new IllegalArgumentException(
            "windowMaxAgeNs must be at least 1 s, windowMaxAgeNs=" + windowMaxAgeNs);
      }
      if (!(maxAbsDriftPpm >= 1 && maxAbsDriftPpm <= 100_000)) {
        throw new IllegalArgumentException(
            "maxAbsDriftPpm must be in [1, 100000], maxAbsDriftPpm=" + maxAbsDriftPpm);
      }
      if (syncedErrorNs <= 0) {
        throw new IllegalArgumentException(
            "syncedErrorNs must be positive, syncedErrorNs=" + syncedErrorNs);
      }
      if (minExchangesForSynced < 2 || minExchangesForSynced > windowExchanges) {
        throw new IllegalArgumentException(
            "minExchangesForSynced must be in [2, windowExchanges="
                + windowExchanges
                + "], minExchangesForSynced="
                + minExchangesForSynced);
      }
      if (discontinuityThresholdNs <= 0) {
        throw new IllegalArgumentException(
            "discontinuityThresholdNs must be positive, discontinuityThresholdNs="
                + discontinuityThresholdNs);
      }
      if (discontinuityConfirmExchanges < 1 || discontinuityConfirmExchanges > 16) {
        throw new IllegalArgumentException(
            "discontinuityConfirmExchanges must be in [1, 16], discontinuityConfirmExchanges="
                + discontinuityConfirmExchanges);
      }
      if (maxRoundTripNs <= 0) {
        throw new IllegalArgumentException(
            "maxRoundTripNs must be positive, maxRoundTripNs=" + maxRoundTripNs);
      }
      if (!(maxOutlierFraction >= 0 && maxOutlierFraction < 0.5)) {
        throw new IllegalArgumentException(
            "maxOutlierFraction must be in [0, 0.5), maxOutlierFraction=" + maxOutlierFraction);
      }
      return new ClockAlignerConfig(this);
    }
  }
}
