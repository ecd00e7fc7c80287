package dev.rapport.badge.clock;

/**
 * Decides when the host sends a badge its next TIME_SYNC request.
 *
 * <p>The error bound of the alignment shrinks with the number of exchanges that happened to be
 * fast, so accuracy is bought with exchanges: every {@link #fastIntervalNs()} while the badge is
 * not SYNCED or its error bound is above {@link #comfortableErrorNs()}. Once it is SYNCED and
 * comfortable, it is <em>steady</em>: the interval doubles per request up to {@link
 * #slowIntervalNs()}, the rate drift tracking needs (docs/clock.md, "When to sync"). A steady badge
 * goes back to fast only when it loses SYNCED or its bound rises above {@link #relaxedErrorNs()}:
 * between slow exchanges the bound creeps up by the drift uncertainty times the time since the last
 * one, and without this hysteresis that creep alone would send it back to fast over and over.
 *
 * <p>A link whose delays never get small (a constant 3 ms each way bounds the error at 3 ms however
 * often it is measured) would be synced fast forever for nothing; so after {@link
 * #maxFastRequests()} fast requests without becoming comfortable, the scheduler goes slow anyway,
 * until the badge is comfortable once (or restarts) and earns a fresh fast budget.
 *
 * <p>Every interval is stretched or shrunk by a pseudo-random factor in 1 +- {@link
 * #jitterFraction()}/2, drawn from the badge's seed (its id) and the request count: badges that
 * connected together drift apart in phase instead of asking in the same instant forever, and the
 * schedule stays a pure function of the inputs, so a replay asks at the same times.
 *
 * <p>One per badge, on the engine thread. Pure policy: time is passed in, nothing is read from a
 * clock, and requests are not tracked (matching responses to requests is the link's job).
 */
public final class TimeSyncScheduler {
  /**
   * 20 exchanges per second until comfortable, typically for the first 10-40 s on a 0-50 ms link:
   * the 30 s accuracy target needs several hundred exchanges there (see docs/clock.md).
   */
  public static final long DEFAULT_FAST_INTERVAL_NS = 50_000_000L;

  /**
   * One exchange a second when steady. Drift alone would allow far longer (docs/clock.md, "When to
   * sync"); what the rate buys on a 0-50 ms link is enough exchanges in the window with one-way
   * delays well under a millisecond to keep the guaranteed bound under 2 ms. Measured: 2 s keeps
   * p99 under 2 ms on most badges but not all (1000 Hz counters reached 2.2 ms), so 1 s it is.
   */
  public static final long DEFAULT_SLOW_INTERVAL_NS = 1_000_000_000L;

  /** Below the 2 ms target with margin; the bound is a worst case, typical errors are far lower. */
  public static final long DEFAULT_COMFORTABLE_ERROR_NS = 1_200_000L;

  /**
   * A steady badge goes back to fast only above this bound: SYNCED's own threshold, where the
   * guarantee the target asks for would otherwise be lost.
   */
  public static final long DEFAULT_RELAXED_ERROR_NS = 1_600_000L;

  /**
   * Two minutes at the fast rate without once getting comfortable: long past the point where a link
   * that can deliver the accuracy has (measured: 10-40 s on a 0-50 ms link).
   */
  public static final int DEFAULT_MAX_FAST_REQUESTS = 2400;

  /** Intervals vary by +-25 %: at the slow rate that spreads badges over half a second. */
  public static final double DEFAULT_JITTER_FRACTION = 0.5;

  private final long fastIntervalNs;
  private final long slowIntervalNs;
  private final long comfortableErrorNs;
  private final long relaxedErrorNs;
  private final int maxFastRequests;
  private final double jitterFraction;
  private final long jitterSeed;
  private int fastRequests;
  private boolean steady;
  private long currentIntervalNs;
  private long nextSendAtNs;
  private boolean started;
  private long requestsScheduled;

  public TimeSyncScheduler() {
    this(DEFAULT_FAST_INTERVAL_NS, DEFAULT_SLOW_INTERVAL_NS, DEFAULT_COMFORTABLE_ERROR_NS);
  }

  /**
   * Defaults for a badge of this tick rate: a slow counter cannot stamp finer than one tick, so the
   * comfortable error grows by one tick period (else a 1000 Hz badge would be synced fast forever).
   */
  public static TimeSyncScheduler forTickRate(double tickRateHz) {
    return forTickRate(tickRateHz, DEFAULT_FAST_INTERVAL_NS, DEFAULT_SLOW_INTERVAL_NS, 0);
  }

  /**
   * As {@link #forTickRate(double)} with the given intervals, jittered by {@link
   * #DEFAULT_JITTER_FRACTION} from {@code jitterSeed} (the badge id: different per badge, the same
   * in every run).
   */
  public static TimeSyncScheduler forTickRate(
      double tickRateHz, long fastIntervalNs, long slowIntervalNs, long jitterSeed) {
    if (!(tickRateHz >= 1)) {
      throw new IllegalArgumentException("tickRateHz must be at least 1, tickRateHz=" + tickRateHz);
    }
    long tickNs = (long) Math.ceil(1e9 / tickRateHz);
    return new TimeSyncScheduler(
        fastIntervalNs,
        slowIntervalNs,
        DEFAULT_COMFORTABLE_ERROR_NS + tickNs,
        DEFAULT_RELAXED_ERROR_NS + tickNs,
        DEFAULT_MAX_FAST_REQUESTS,
        DEFAULT_JITTER_FRACTION,
        jitterSeed);
  }

  /** Without jitter; a steady badge goes fast again above 2 ms (or the comfortable error). */
  public TimeSyncScheduler(long fastIntervalNs, long slowIntervalNs, long comfortableErrorNs) {
    this(fastIntervalNs, slowIntervalNs, comfortableErrorNs, DEFAULT_MAX_FAST_REQUESTS);
  }

  /** Without jitter; a steady badge goes fast again above 2 ms (or the comfortable error). */
  public TimeSyncScheduler(
      long fastIntervalNs, long slowIntervalNs, long comfortableErrorNs, int maxFastRequests) {
    this(
        fastIntervalNs,
        slowIntervalNs,
        comfortableErrorNs,
        Math.max(comfortableErrorNs, DEFAULT_RELAXED_ERROR_NS),
        maxFastRequests,
        0,
        0);
  }

  /**
   * @param relaxedErrorNs bound above which a steady badge goes fast again, at least {@code
   *     comfortableErrorNs}
   * @param jitterFraction 0 (exact intervals) to 1 (each interval 0.5x to 1.5x)
   * @param jitterSeed drives the jitter; the badge id in the gateway
   */
  public TimeSyncScheduler(
      long fastIntervalNs,
      long slowIntervalNs,
      long comfortableErrorNs,
      long relaxedErrorNs,
      int maxFastRequests,
      double jitterFraction,
      long jitterSeed) {
    if (fastIntervalNs <= 0) {
      throw new IllegalArgumentException(
          "fastIntervalNs must be positive, fastIntervalNs=" + fastIntervalNs);
    }
    if (slowIntervalNs < fastIntervalNs) {
      throw new IllegalArgumentException(
          "slowIntervalNs must be at least fastIntervalNs="
              + fastIntervalNs
              + ", slowIntervalNs="
              + slowIntervalNs);
    }
    if (comfortableErrorNs <= 0) {
      throw new IllegalArgumentException(
          "comfortableErrorNs must be positive, comfortableErrorNs=" + comfortableErrorNs);
    }
    if (relaxedErrorNs < comfortableErrorNs) {
      throw new IllegalArgumentException(
          "relaxedErrorNs must be at least comfortableErrorNs="
              + comfortableErrorNs
              + ", relaxedErrorNs="
              + relaxedErrorNs);
    }
    if (maxFastRequests < 1) {
      throw new IllegalArgumentException(
          "maxFastRequests must be positive, maxFastRequests=" + maxFastRequests);
    }
    if (!(jitterFraction >= 0 && jitterFraction <= 1)) {
      throw new IllegalArgumentException(
          "jitterFraction must be 0..1, jitterFraction=" + jitterFraction);
    }
    this.fastIntervalNs = fastIntervalNs;
    this.slowIntervalNs = slowIntervalNs;
    this.comfortableErrorNs = comfortableErrorNs;
    this.relaxedErrorNs = relaxedErrorNs;
    this.maxFastRequests = maxFastRequests;
    this.jitterFraction = jitterFraction;
    this.jitterSeed = jitterSeed;
    this.currentIntervalNs = fastIntervalNs;
  }

  /** True when a request should go out now (at once for a badge never asked). */
  public boolean isDue(long nowNs) {
    return !started || nowNs - nextSendAtNs >= 0;
  }

  /** Gateway time of the next request; meaningless before the first {@link #onRequestSent}. */
  public long nextSendAtNs() {
    return nextSendAtNs;
  }

  /**
   * Records that a request went out and plans the next one from the aligner's current view.
   *
   * @param state {@link ClockAligner#state()} now
   * @param errorBoundNs {@link ClockAligner#estimatedErrorNanosAt} now
   */
  public void onRequestSent(long nowNs, SyncState state, long errorBoundNs) {
    if (steady ? isStillGood(state, errorBoundNs) : isComfortable(state, errorBoundNs)) {
      steady = true;
      fastRequests = 0;
      currentIntervalNs = Math.min(slowIntervalNs, currentIntervalNs * 2);
    } else if (fastRequests >= maxFastRequests) {
      // The link's floor keeps the bound up; more fast exchanges would not bring it down.
      steady = false;
      currentIntervalNs = slowIntervalNs;
    } else {
      steady = false;
      fastRequests++;
      currentIntervalNs = fastIntervalNs;
    }
    nextSendAtNs = nowNs + jittered(currentIntervalNs);
    started = true;
    requestsScheduled++;
  }

  /**
   * Re-plans after an exchange completed or the model was reset, so that a badge that fell out of a
   * good state is asked again within the fast interval rather than the slow one.
   */
  public void onAlignerUpdated(long nowNs, SyncState state, long errorBoundNs) {
    if (state == SyncState.UNSYNCED || state == SyncState.RESYNC_AFTER_REBOOT) {
      fastRequests = 0; // a new model earns a new fast budget
      steady = false;
    }
    boolean good = steady ? isStillGood(state, errorBoundNs) : isComfortable(state, errorBoundNs);
    if (!good && fastRequests < maxFastRequests && currentIntervalNs != fastIntervalNs) {
      steady = false;
      currentIntervalNs = fastIntervalNs;
      final long soon = nowNs + fastIntervalNs;
      if (soon - nextSendAtNs < 0) {
        nextSendAtNs = soon;
      }
    }
  }

  /**
   * The last exchange contradicted the model and is held as a suspect ({@link
   * ExchangeOutcome#HELD_AS_SUSPECT}): the next exchange decides whether the counter jumped, so it
   * is asked for within the fast interval rather than after a slow one.
   */
  public void onSuspectHeld(long nowNs) {
    final long soon = nowNs + fastIntervalNs;
    if (soon - nextSendAtNs < 0) {
      nextSendAtNs = soon;
    }
  }

  private boolean isComfortable(SyncState state, long errorBoundNs) {
    return state == SyncState.SYNCED && errorBoundNs <= comfortableErrorNs;
  }

  private boolean isStillGood(SyncState state, long errorBoundNs) {
    return state == SyncState.SYNCED && errorBoundNs <= relaxedErrorNs;
  }

  /** The interval times 1 +- jitterFraction/2, from a hash of (seed, request number). */
  private long jittered(long intervalNs) {
    if (jitterFraction == 0) {
      return intervalNs;
    }
    long z = jitterSeed * 0x9E3779B97F4A7C15L + requestsScheduled * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    double unit = (z >>> 11) * 0x1.0p-53; // 0 <= unit < 1
    return Math.max(1, Math.round(intervalNs * (1 + jitterFraction * (unit - 0.5))));
  }

  /** True once SYNCED and comfortable, until SYNCED is lost or the bound passes the relaxed one. */
  public boolean isSteady() {
    return steady;
  }

  public long currentIntervalNs() {
    return currentIntervalNs;
  }

  public long fastIntervalNs() {
    return fastIntervalNs;
  }

  public long slowIntervalNs() {
    return slowIntervalNs;
  }

  public long comfortableErrorNs() {
    return comfortableErrorNs;
  }

  public long relaxedErrorNs() {
    return relaxedErrorNs;
  }

  public double jitterFraction() {
    return jitterFraction;
  }

  public int maxFastRequests() {
    return maxFastRequests;
  }

  public long requestsScheduled() {
    return requestsScheduled;
  }
}
