package dev.rapport.badge.clock;

/**
 * Decides when the host sends a badge its next TIME_SYNC request.
 *
 * <p>The error bound of the alignment shrinks with the number of exchanges that happened to be
 * fast, so accuracy is bought with exchanges: every {@link #fastIntervalNs()} while the badge is
 * not SYNCED or its error bound is above {@link #comfortableErrorNs()}; once it is SYNCED and
 * comfortable, the interval doubles per request up to {@link #slowIntervalNs()}; it drops back to
 * fast as soon as either condition fails (a reboot, a long silence, a run of slow packets).
 *
 * <p>A link whose delays never get small (a constant 3 ms each way bounds the error at 3 ms however
 * often it is measured) would be synced fast forever for nothing; so after {@link
 * #maxFastRequests()} fast requests without becoming comfortable, the scheduler goes slow anyway,
 * until the badge is comfortable once (or restarts) and earns a fresh fast budget.
 *
 * <p>One per badge, on the engine thread. Pure policy: time is passed in, nothing is read from a
 * clock, and requests are not tracked (matching responses to requests is the link's job).
 */
public final class TimeSyncScheduler {
  /**
   * 20 exchanges per second until comfortable, typically for the first 10-40 s: the 30 s accuracy
   * target needs several hundred exchanges when delays are 0-50 ms (see docs/clock.md).
   */
  public static final long DEFAULT_FAST_INTERVAL_NS = 50_000_000L;

  /** Once per second when stable: a few dozen bytes per second per badge. */
  public static final long DEFAULT_SLOW_INTERVAL_NS = 1_000_000_000L;

  /** Below the 2 ms target with margin; the bound is a worst case, typical errors are far lower. */
  public static final long DEFAULT_COMFORTABLE_ERROR_NS = 1_200_000L;

  /**
   * Two minutes at the fast rate without once getting comfortable: long past the point where a link
   * that can deliver the accuracy has (measured: 10-40 s on a 0-50 ms link).
   */
  public static final int DEFAULT_MAX_FAST_REQUESTS = 2400;

  private final long fastIntervalNs;
  private final long slowIntervalNs;
  private final long comfortableErrorNs;
  private final int maxFastRequests;
  private int fastRequests;
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
    if (!(tickRateHz >= 1)) {
      throw new IllegalArgumentException("tickRateHz must be at least 1, tickRateHz=" + tickRateHz);
    }
    return new TimeSyncScheduler(
        DEFAULT_FAST_INTERVAL_NS,
        DEFAULT_SLOW_INTERVAL_NS,
        DEFAULT_COMFORTABLE_ERROR_NS + (long) Math.ceil(1e9 / tickRateHz));
  }

  public TimeSyncScheduler(long fastIntervalNs, long slowIntervalNs, long comfortableErrorNs) {
    this(fastIntervalNs, slowIntervalNs, comfortableErrorNs, DEFAULT_MAX_FAST_REQUESTS);
  }

  public TimeSyncScheduler(
      long fastIntervalNs, long slowIntervalNs, long comfortableErrorNs, int maxFastRequests) {
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
    this.fastIntervalNs = fastIntervalNs;
    this.slowIntervalNs = slowIntervalNs;
    if (maxFastRequests < 1) {
      throw new IllegalArgumentException(
          "maxFastRequests must be positive, maxFastRequests=" + maxFastRequests);
    }
    this.comfortableErrorNs = comfortableErrorNs;
    this.maxFastRequests = maxFastRequests;
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
    if (isComfortable(state, errorBoundNs)) {
      fastRequests = 0;
      currentIntervalNs = Math.min(slowIntervalNs, currentIntervalNs * 2);
    } else if (fastRequests >= maxFastRequests) {
      // The link's floor keeps the bound up; more fast exchanges would not bring it down.
      currentIntervalNs = slowIntervalNs;
    } else {
      fastRequests++;
      currentIntervalNs = fastIntervalNs;
    }
    nextSendAtNs = nowNs + currentIntervalNs;
    started = true;
    requestsScheduled++;
  }

  /**
   * Re-plans after an exchange completed or the model was reset, so that a badge that fell out of a
   * comfortable state is asked again within the fast interval rather than the slow one.
   */
  public void onAlignerUpdated(long nowNs, SyncState state, long errorBoundNs) {
    if (state == SyncState.UNSYNCED || state == SyncState.RESYNC_AFTER_REBOOT) {
      fastRequests = 0; // a new model earns a new fast budget
    }
    if (!isComfortable(state, errorBoundNs)
        && fastRequests < maxFastRequests
        && currentIntervalNs != fastIntervalNs) {
      currentIntervalNs = fastIntervalNs;
      final long soon = nowNs + fastIntervalNs;
      if (soon - nextSendAtNs < 0) {
        nextSendAtNs = soon;
      }
    }
  }

  private boolean isComfortable(SyncState state, long errorBoundNs) {
    return state == SyncState.SYNCED && errorBoundNs <= comfortableErrorNs;
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

  public int maxFastRequests() {
    return maxFastRequests;
  }

  public long requestsScheduled() {
    return requestsScheduled;
  }
}
