package dev.rapport.gateway.ingest;

/**
 * Rules of ingestion: the grid, how late data may be, how far sequence numbers may be reordered.
 * Immutable; build with {@link #builder()}, whose {@code build()} rejects bad values naming the
 * field and the value. Every default is explained in docs/ingestion.md.
 */
public final class IngestConfig {
  /** 25 Hz: the synchrony engine's grid. */
  public static final long DEFAULT_GRID_PERIOD_NS = 40_000_000L;

  /**
   * A grid tick is emitted only once gateway time is this far past its end. It must cover the
   * badge's batching (a batch every 200 ms), the link delay (tens of ms over BLE) and reordering.
   */
  public static final long DEFAULT_ALLOWED_LATENESS_NS = 1_000_000_000L;

  /** Samples further ahead of the newest event than this are a broken clock model, not data. */
  public static final long DEFAULT_MAX_AHEAD_NS = 1_000_000_000L;

  /** Sequence numbers up to this far behind the newest are still accepted (once) as reordered. */
  public static final int DEFAULT_REORDER_WINDOW_FRAMES = 64;

  public static final int DEFAULT_MAX_BADGES = 128;

  /**
   * Half a grid period: a sample whose time is less certain than this could land in the wrong tick,
   * so it is counted as unaligned instead of placed.
   */
  public static final long DEFAULT_MAX_PLACEMENT_ERROR_NS = 20_000_000L;

  /** Measured sample rates are averaged over this long. */
  public static final long DEFAULT_RATE_WINDOW_NS = 10_000_000_000L;

  private final long gridPeriodNs;
  private final long allowedLatenessNs;
  private final long maxAheadNs;
  private final int reorderWindowFrames;
  private final int maxBadges;
  private final long maxPlacementErrorNs;
  private final long rateWindowNs;

  private IngestConfig(Builder b) {
    gridPeriodNs = b.gridPeriodNs;
    allowedLatenessNs = b.allowedLatenessNs;
    maxAheadNs = b.maxAheadNs;
    reorderWindowFrames = b.reorderWindowFrames;
    maxBadges = b.maxBadges;
    maxPlacementErrorNs = b.maxPlacementErrorNs;
    rateWindowNs = b.rateWindowNs;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static IngestConfig defaults() {
    return builder().build();
  }

  public long gridPeriodNs() {
    return gridPeriodNs;
  }

  public long allowedLatenessNs() {
    return allowedLatenessNs;
  }

  public long maxAheadNs() {
    return maxAheadNs;
  }

  public int reorderWindowFrames() {
    return reorderWindowFrames;
  }

  public int maxBadges() {
    return maxBadges;
  }

  public long maxPlacementErrorNs() {
    return maxPlacementErrorNs;
  }

  public long rateWindowNs() {
    return rateWindowNs;
  }

  /** Grid ticks the resampler keeps open at once: lateness plus look-ahead, plus slack. */
  int openTicks() {
    return (int) ((allowedLatenessNs + maxAheadNs) / gridPeriodNs) + 3;
  }

  /** Collects settings; see the DEFAULT_ constants. */
  public static final class Builder {
    private long gridPeriodNs = DEFAULT_GRID_PERIOD_NS;
    private long allowedLatenessNs = DEFAULT_ALLOWED_LATENESS_NS;
    private long maxAheadNs = DEFAULT_MAX_AHEAD_NS;
    private int reorderWindowFrames = DEFAULT_REORDER_WINDOW_FRAMES;
    private int maxBadges = DEFAULT_MAX_BADGES;
    private long maxPlacementErrorNs = DEFAULT_MAX_PLACEMENT_ERROR_NS;
    private long rateWindowNs = DEFAULT_RATE_WINDOW_NS;

    private Builder() {}

    public Builder gridPeriodNs(long gridPeriodNs) {
      this.gridPeriodNs = gridPeriodNs;
      return this;
    }

    /** Sets the grid period from a rate in Hz (25 Hz = 40 ms); the rate must divide 1 s exactly. */
    public Builder gridRateHz(int gridRateHz) {
      if (gridRateHz < 1 || 1_000_000_000L % gridRateHz != 0) {
        throw new IllegalArgumentException(
            "gridRateHz must divide 1e9 ns exactly, gridRateHz=" + gridRateHz);
      }
      this.gridPeriodNs = 1_000_000_000L / gridRateHz;
      return this;
    }

    public Builder allowedLatenessNs(long allowedLatenessNs) {
      this.allowedLatenessNs = allowedLatenessNs;
      return this;
    }

    public Builder maxAheadNs(long maxAheadNs) {
      this.maxAheadNs = maxAheadNs;
      return this;
    }

    public Builder reorderWindowFrames(int reorderWindowFrames) {
      this.reorderWindowFrames = reorderWindowFrames;
      return this;
    }

    public Builder maxBadges(int maxBadges) {
      this.maxBadges = maxBadges;
      return this;
    }

    public Builder maxPlacementErrorNs(long maxPlacementErrorNs) {
      this.maxPlacementErrorNs = maxPlacementErrorNs;
      return this;
    }

    public Builder rateWindowNs(long rateWindowNs) {
      this.rateWindowNs = rateWindowNs;
      return this;
    }

    public IngestConfig build() {
      if (gridPeriodNs < 1_000_000L || gridPeriodNs > 1_000_000_000L) {
        throw new IllegalArgumentException(
            "gridPeriodNs must be in [1 ms, 1 s], gridPeriodNs=" + gridPeriodNs);
      }
      if (allowedLatenessNs < 0 || allowedLatenessNs > 60_000_000_000L) {
        throw new IllegalArgumentException(
            "allowedLatenessNs must be in [0, 60 s], allowedLatenessNs=" + allowedLatenessNs);
      }
      if (maxAheadNs < 0 || maxAheadNs > 60_000_000_000L) {
        throw new IllegalArgumentException(
            "maxAheadNs must be in [0, 60 s], maxAheadNs=" + maxAheadNs);
      }
      if ((allowedLatenessNs + maxAheadNs) / gridPeriodNs > 100_000) {
        throw new IllegalArgumentException(
            "too many open grid ticks, (allowedLatenessNs + maxAheadNs) / gridPeriodNs="
                + (allowedLatenessNs + maxAheadNs) / gridPeriodNs);
      }
      if (reorderWindowFrames < 1 || reorderWindowFrames > 16_384) {
        throw new IllegalArgumentException(
            "reorderWindowFrames must be in [1, 16384], reorderWindowFrames="
                + reorderWindowFrames);
      }
      if (maxBadges < 1 || maxBadges > 65_534) {
        throw new IllegalArgumentException(
            "maxBadges must be in [1, 65534], maxBadges=" + maxBadges);
      }
      if (maxPlacementErrorNs <= 0) {
        throw new IllegalArgumentException(
            "maxPlacementErrorNs must be positive, maxPlacementErrorNs=" + maxPlacementErrorNs);
      }
      if (rateWindowNs < 1_000_000_000L || rateWindowNs > 600_000_000_000L) {
        throw new IllegalArgumentException(
            "rateWindowNs must be in [1 s, 600 s], rateWindowNs=" + rateWindowNs);
      }
      return new IngestConfig(this);
    }
  }
}
