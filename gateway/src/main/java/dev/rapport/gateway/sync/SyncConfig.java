package dev.rapport.gateway.sync;

/**
 * Parameters of the synchrony engine, immutable and validated, held in grid samples (the engine
 * never sees milliseconds except to label its output). Build it with {@link #builder()}; every
 * setter taking milliseconds converts exactly and rejects a duration that is not a whole number of
 * samples, so a window never silently differs from what the user asked for.
 *
 * <p>docs/algorithms.md explains each parameter; the limits here are the ones the overflow proof
 * there relies on.
 */
public final class SyncConfig {
  public static final int DEFAULT_RATE_HZ = 25;
  public static final long DEFAULT_WINDOW_MS = 10_000;
  public static final long DEFAULT_MAX_LAG_MS = 2_000;
  public static final long DEFAULT_HOP_MS = 1_000;
  public static final int DEFAULT_MAX_MISSING_PERCENT = 20;
  public static final int DEFAULT_SURROGATE_POOL = 32;
  public static final int DEFAULT_SURROGATE_MIN_POOL = 8;
  public static final int DEFAULT_SURROGATE_BUDGET_PER_HOP = 256;
  public static final int DEFAULT_SURROGATES_PER_DYAD_PER_HOP = 4;

  public static final int MAX_RATE_HZ = 1_000;

  /** The overflow proof (docs/algorithms.md) holds for windows up to 2^15 samples. */
  public static final int MAX_WINDOW_SAMPLES = 1 << 15;

  public static final int MIN_WINDOW_SAMPLES = 4;
  public static final int MAX_MISSING_PERCENT = 90;
  public static final int MAX_SURROGATE_POOL = 1024;

  private final int rateHz;
  private final int windowSamples;
  private final int maxLagSamples;
  private final int hopSamples;
  private final int maxMissingPercent;
  private final int surrogatePool;
  private final int surrogateMinPool;
  private final int surrogateBudgetPerHop;
  private final int surrogatesPerDyadPerHop;
  private final boolean spreadEvaluation;

  private SyncConfig(Builder b) {
    this.rateHz = b.rateHz;
    this.windowSamples = b.windowSamples;
    this.maxLagSamples = b.maxLagSamples;
    this.hopSamples = b.hopSamples;
    this.maxMissingPercent = b.maxMissingPercent;
    this.surrogatePool = b.surrogatePool;
    this.surrogateMinPool = b.surrogateMinPool;
    this.surrogateBudgetPerHop = b.surrogateBudgetPerHop;
    this.surrogatesPerDyadPerHop = b.surrogatesPerDyadPerHop;
    this.spreadEvaluation = b.spreadEvaluation;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The defaults: 25 Hz, W = 10 s, L = 2 s, hop 1 s, 20% missing allowed. */
  public static SyncConfig defaults() {
    return builder().build();
  }

  public int rateHz() {
    return rateHz;
  }

  /** W, the window length in samples. */
  public int windowSamples() {
    return windowSamples;
  }

  /** L: lags -L..L are searched. */
  public int maxLagSamples() {
    return maxLagSamples;
  }

  public int lagCount() {
    return 2 * maxLagSamples + 1;
  }

  public int hopSamples() {
    return hopSamples;
  }

  public int maxMissingPercent() {
    return maxMissingPercent;
  }

  /**
   * A lag's window has a value only with at least this many valid pairs: missing more than
   * maxMissingPercent of W means no value.
   */
  public int minValidPairs() {
    return Math.max(2, windowSamples - (int) ((long) windowSamples * maxMissingPercent / 100));
  }

  /** Surrogate peak values kept per dyad and modality; 0 disables significance. */
  public int surrogatePool() {
    return surrogatePool;
  }

  /** z and p are reported once a dyad's pool holds at least this many surrogate values. */
  public int surrogateMinPool() {
    return surrogateMinPool;
  }

  /** At most this many surrogate evaluations per hop across the room (bounds their cost). */
  public int surrogateBudgetPerHop() {
    return surrogateBudgetPerHop;
  }

  /** At most this many surrogate evaluations per dyad and modality per hop. */
  public int surrogatesPerDyadPerHop() {
    return surrogatesPerDyadPerHop;
  }

  /**
   * When true the evaluation of a hop's windows is spread over the following hop's ticks (bounded
   * per-tick latency, results up to one hop later); when false all dyads are evaluated in the hop
   * tick itself. The values are identical either way.
   */
  public boolean spreadEvaluation() {
    return spreadEvaluation;
  }

  /** Grid time of k samples, rounded to the nearest millisecond (half away from zero). */
  public long samplesToMs(long samples) {
    long scaled = samples * 1000L;
    long half = rateHz / 2;
    return scaled >= 0 ? (scaled + half) / rateHz : -((-scaled + half) / rateHz);
  }

  public long windowMs() {
    return samplesToMs(windowSamples);
  }

  public long maxLagMs() {
    return samplesToMs(maxLagSamples);
  }

  public long hopMs() {
    return samplesToMs(hopSamples);
  }

  @Override
  public String toString() {
    return "SyncConfig{rateHz="
        + rateHz
        + ", windowSamples="
        + windowSamples
        + ", maxLagSamples="
        + maxLagSamples
        + ", hopSamples="
        + hopSamples
        + ", maxMissingPercent="
        + maxMissingPercent
        + ", surrogatePool="
        + surrogatePool
        + ", surrogateMinPool="
        + surrogateMinPool
        + ", surrogateBudgetPerHop="
        + surrogateBudgetPerHop
        + ", surrogatesPerDyadPerHop="
        + surrogatesPerDyadPerHop
        + ", spreadEvaluation="
        + spreadEvaluation
        + '}';
  }

  /**
   * Collects parameters; durations given in milliseconds are converted when {@link #build()} runs,
   * so the rate may be set after them.
   */
  public static final class Builder {
    private int rateHz = DEFAULT_RATE_HZ;
    private long windowMs = DEFAULT_WINDOW_MS;
    private long maxLagMs = DEFAULT_MAX_LAG_MS;
    private long hopMs = DEFAULT_HOP_MS;
    private int windowSamples = -1;
    private int maxLagSamples = -1;
    private int hopSamples = -1;
    private int maxMissingPercent = DEFAULT_MAX_MISSING_PERCENT;
    private int surrogatePool = DEFAULT_SURROGATE_POOL;
    private int surrogateMinPool = -1;
    private int surrogateBudgetPerHop = DEFAULT_SURROGATE_BUDGET_PER_HOP;
    private int surrogatesPerDyadPerHop = DEFAULT_SURROGATES_PER_DYAD_PER_HOP;
    private boolean spreadEvaluation = true;

    private Builder() {}

    public Builder rateHz(int rateHz) {
      this.rateHz = rateHz;
      return this;
    }

    public Builder windowMs(long windowMs) {
      this.windowMs = windowMs;
      this.windowSamples = -1;
      return this;
    }

    public Builder maxLagMs(long maxLagMs) {
      this.maxLagMs = maxLagMs;
      this.maxLagSamples = -1;
      return this;
    }

    public Builder hopMs(long hopMs) {
      this.hopMs = hopMs;
      this.hopSamples = -1;
      return this;
    }

    public Builder windowSamples(int windowSamples) {
      this.windowSamples = requireNonNegative("windowSamples", windowSamples);
      return this;
    }

    public Builder maxLagSamples(int maxLagSamples) {
      this.maxLagSamples = requireNonNegative("maxLagSamples", maxLagSamples);
      return this;
    }

    public Builder hopSamples(int hopSamples) {
      this.hopSamples = requireNonNegative("hopSamples", hopSamples);
      return this;
    }

    public Builder maxMissingPercent(int maxMissingPercent) {
      this.maxMissingPercent = maxMissingPercent;
      return this;
    }

    public Builder surrogatePool(int surrogatePool) {
      this.surrogatePool = surrogatePool;
      return this;
    }

    public Builder surrogateMinPool(int surrogateMinPool) {
      this.surrogateMinPool = surrogateMinPool;
      return this;
    }

    public Builder surrogateBudgetPerHop(int surrogateBudgetPerHop) {
      this.surrogateBudgetPerHop = surrogateBudgetPerHop;
      return this;
    }

    public Builder surrogatesPerDyadPerHop(int surrogatesPerDyadPerHop) {
      this.surrogatesPerDyadPerHop = surrogatesPerDyadPerHop;
      return this;
    }

    public Builder spreadEvaluation(boolean spreadEvaluation) {
      this.spreadEvaluation = spreadEvaluation;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the field and its value when a parameter is out of
     *     range or the combination is impossible
     */
    public SyncConfig build() {
      if (rateHz < 1 || rateHz > MAX_RATE_HZ) {
        throw new IllegalArgumentException(
            "rateHz out of range [1, " + MAX_RATE_HZ + "], rateHz=" + rateHz);
      }
      int w = windowSamples >= 0 ? windowSamples : toSamples("windowMs", windowMs);
      int l = maxLagSamples >= 0 ? maxLagSamples : toSamples("maxLagMs", maxLagMs);
      int h = hopSamples >= 0 ? hopSamples : toSamples("hopMs", hopMs);
      if (w < MIN_WINDOW_SAMPLES || w > MAX_WINDOW_SAMPLES) {
        throw new IllegalArgumentException(
            "window out of range ["
                + MIN_WINDOW_SAMPLES
                + ", "
                + MAX_WINDOW_SAMPLES
                + "] samples, windowSamples="
                + w
                + " (rateHz="
                + rateHz
                + ")");
      }
      if (2L * l >= w) {
        throw new IllegalArgumentException(
            "max lag must be less than half the window, maxLagSamples="
                + l
                + ", windowSamples="
                + w);
      }
      if (h < 1 || h > w) {
        throw new IllegalArgumentException(
            "hop must be at least one sample and at most the window, hopSamples="
                + h
                + ", windowSamples="
                + w);
      }
      if (maxMissingPercent < 0 || maxMissingPercent > MAX_MISSING_PERCENT) {
        throw new IllegalArgumentException(
            "maxMissingPercent out of range [0, "
                + MAX_MISSING_PERCENT
                + "], maxMissingPercent="
                + maxMissingPercent);
      }
      if (surrogatePool < 0 || surrogatePool > MAX_SURROGATE_POOL) {
        throw new IllegalArgumentException(
            "surrogatePool out of range [0, "
                + MAX_SURROGATE_POOL
                + "], surrogatePool="
                + surrogatePool);
      }
      int minPool =
          surrogateMinPool >= 0
              ? surrogateMinPool
              : Math.min(DEFAULT_SURROGATE_MIN_POOL, Math.max(1, surrogatePool));
      if (surrogatePool > 0 && (minPool < 1 || minPool > surrogatePool)) {
        throw new IllegalArgumentException(
            "surrogateMinPool out of range [1, surrogatePool="
                + surrogatePool
                + "], surrogateMinPool="
                + minPool);
      }
      if (surrogateBudgetPerHop < 0) {
        throw new IllegalArgumentException(
            "surrogateBudgetPerHop must be >= 0, surrogateBudgetPerHop=" + surrogateBudgetPerHop);
      }
      if (surrogatesPerDyadPerHop < 0) {
        throw new IllegalArgumentException(
            "surrogatesPerDyadPerHop must be >= 0, surrogatesPerDyadPerHop="
                + surrogatesPerDyadPerHop);
      }
      Builder resolved = copy();
      resolved.windowSamples = w;
      resolved.maxLagSamples = l;
      resolved.hopSamples = h;
      resolved.surrogateMinPool = minPool;
      return new SyncConfig(resolved);
    }

    private Builder copy() {
      Builder c = new Builder();
      c.rateHz = rateHz;
      c.maxMissingPercent = maxMissingPercent;
      c.surrogatePool = surrogatePool;
      c.surrogateBudgetPerHop = surrogateBudgetPerHop;
      c.surrogatesPerDyadPerHop = surrogatesPerDyadPerHop;
      c.spreadEvaluation = spreadEvaluation;
      return c;
    }

    private int toSamples(String field, long ms) {
      if (ms < 0) {
        throw new IllegalArgumentException(field + " must be >= 0, " + field + "=" + ms);
      }
      if (ms > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(field + " too long, " + field + "=" + ms);
      }
      long scaled = ms * rateHz;
      if (scaled % 1000 != 0) {
        throw new IllegalArgumentException(
            field
                + " is not a whole number of samples at rateHz="
                + rateHz
                + ", "
                + field
                + "="
                + ms);
      }
      long samples = scaled / 1000;
      if (samples > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(field + " too long, " + field + "=" + ms);
      }
      return (int) samples;
    }

    private static int requireNonNegative(String field, int value) {
      if (value < 0) {
        throw new IllegalArgumentException(field + " must be >= 0, " + field + "=" + value);
      }
      return value;
    }
  }
}
