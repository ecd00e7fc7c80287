package dev.rapport.badge.clock;

/**
 * Maps one badge's tick counter onto gateway time, from TIME_SYNC exchanges.
 *
 * <p><b>Gateway time</b> is nanoseconds on the gateway's monotonic clock (the origin of {@link
 * System#nanoTime()} in the live gateway, the recorded receive times in a replay). Nothing here
 * reads a clock: every time is passed in, so a replay of the same exchanges gives the same mapping
 * bit for bit.
 *
 * <p>An exchange is: host sends a request at t1 (gateway ns), the badge stamps its receive tick t2
 * and its send tick t3 (u32, wrapping, at the tick rate the HELLO declared), the host receives the
 * response at t4. The model is gateway = f(ticks), linear (offset and drift), estimated from
 * one-way bounds by {@link OffsetDriftSolver}; {@link #toGatewayNanos} gives the gateway time at
 * which the badge counter reached a tick, {@link #estimatedErrorNanos} an error bound that holds
 * whenever no timestamp lies about causality.
 *
 * <p>Counter wrap is handled by unwrapping to 64 bits relative to the newest tick seen. A reboot
 * (counter set back) or any other jump shows up as exchanges contradicting the model by more than
 * {@link ClockAlignerConfig#discontinuityThresholdNs()}; a single one is an outlier, a run of
 * mutually consistent ones resets the model ({@link SyncState#RESYNC_AFTER_REBOOT}). A HELLO after
 * a reboot lets the session say so directly with {@link #onBadgeRestarted()}.
 *
 * <p>Single-threaded: owned by the engine thread. Allocation-free after construction.
 */
public final class ClockAligner {
  /** Returned by the mapping methods while there is no model (UNSYNCED, or just after a reset). */
  public static final long NO_TIME = Long.MIN_VALUE;

  private static final long U32_MASK = 0xFFFF_FFFFL;

  private final ClockAlignerConfig config;
  private final double nsPerTick;
  private final double maxAbsSlope;

  private final OffsetDriftSolver solver;
  private final TickUnwrapper unwrapper = new TickUnwrapper();

  private boolean hasBase;
  private long baseGatewayNs;
  private long baseTicks;

  private SyncState state = SyncState.UNSYNCED;
  private boolean rebootPending;
  private long lastExchangeNs = NO_TIME;

  private final HeldExchanges suspects;

  private long exchangesAccepted;
  private long exchangesRejectedInvalid;
  private long exchangesRejectedSlow;
  private long outliersDiscarded;
  private long rebootCount;

  public ClockAligner(ClockAlignerConfig config) {
    this.config = config;
    this.nsPerTick = 1e9 / config.tickRateHz();
    this.maxAbsSlope = config.maxAbsDriftPpm() * 1e-6;
    this.solver =
        new OffsetDriftSolver(config.windowExchanges(), maxAbsSlope, config.maxOutlierFraction());
    this.suspects = new HeldExchanges(config.discontinuityConfirmExchanges());
  }

  /**
   * Takes one completed exchange.
   *
   * @param t1Ns gateway time the request was sent
   * @param t2TicksU32 badge tick when the request arrived (only the low 32 bits are used)
   * @param t3TicksU32 badge tick when the response was sent
   * @param t4Ns gateway time the response arrived
   */
  public ExchangeOutcome onSyncExchange(long t1Ns, long t2TicksU32, long t3TicksU32, long t4Ns) {
    final long roundTripNs = t4Ns - t1Ns;
    final long holdTicks = (t3TicksU32 - t2TicksU32) & U32_MASK;
    final double holdNs = holdTicks * nsPerTick;
    if (roundTripNs < 0 || holdNs > roundTripNs + 2 * nsPerTick) {
      exchangesRejectedInvalid++;
      return ExchangeOutcome.REJECTED_INVALID;
    }
    if (roundTripNs > config.maxRoundTripNs()) {
      exchangesRejectedSlow++;
      return ExchangeOutcome.REJECTED_SLOW;
    }
    if (solver.solved()
        && violationBeyondBound(t1Ns, t2TicksU32, holdTicks, t4Ns)
            > config.discontinuityThresholdNs()) {
      return onSuspect(t1Ns, t2TicksU32, t3TicksU32, t4Ns, holdTicks);
    }
    // Not a jump after all: whatever was held as a suspect was a stray outlier. A smaller
    // contradiction goes into the window: the solver sees it against every other point there and
    // removes whichever side the majority contradicts (holding it back instead was measured to let
    // an early false point steer the model for longer).
    outliersDiscarded += suspects.size();
    suspects.clear();
    addToWindow(t1Ns, t2TicksU32, holdTicks, t4Ns);
    resolve(t4Ns);
    return ExchangeOutcome.ACCEPTED;
  }

  private ExchangeOutcome onSuspect(
      long t1Ns, long t2TicksU32, long t3TicksU32, long t4Ns, long holdTicks) {
    if (suspects.size() > 0 && !consistentWithSuspects(t1Ns, t2TicksU32, holdTicks, t4Ns)) {
      outliersDiscarded += suspects.size();
      suspects.clear();
    }
    suspects.add(t1Ns, t2TicksU32, t3TicksU32, t4Ns);
    if (!suspects.isFull()) {
      return ExchangeOutcome.HELD_AS_SUSPECT;
    }
    restartFromSuspects();
    return ExchangeOutcome.DISCONTINUITY_RESET;
  }

  /**
   * The badge said it restarted (a HELLO after an earlier one): its counter began again, so the
   * model is discarded at once instead of waiting for exchanges to contradict it.
   */
  public void onBadgeRestarted() {
    if (!hasBase) {
      return;
    }
    clearModel();
    suspects.clear();
    rebootCount++;
    rebootPending = true;
    state = SyncState.RESYNC_AFTER_REBOOT;
  }

  /** Forgets everything but the counters, as for a badge never seen before. */
  public void reset() {
    clearModel();
    suspects.clear();
    rebootPending = false;
    state = SyncState.UNSYNCED;
  }

  /**
   * Gateway time at which the badge counter reached this tick, unwrapped relative to the newest
   * tick seen in an exchange; {@link #NO_TIME} while there is no model.
   */
  public long toGatewayNanos(long badgeTicksU32) {
    if (!solver.solved()) {
      return NO_TIME;
    }
    return toGatewayNanosUnwrapped(unwrapper.unwrap(badgeTicksU32));
  }

  /** As {@link #toGatewayNanos} for a tick count already unwrapped with {@link #unwrapTicks}. */
  public long toGatewayNanosUnwrapped(long badgeTicks) {
    if (!solver.solved()) {
      return NO_TIME;
    }
    final double badgeNs = (badgeTicks - baseTicks) * nsPerTick;
    final double s = solver.slope();
    // gateway = badge + offset(gateway), offset linear in gateway: solve for gateway.
    final double gatewayNs = (badgeNs + solver.offsetAtRef() - s * solver.xRef()) / (1 - s);
    return baseGatewayNs + Math.round(gatewayNs);
  }

  /** Badge tick count (unwrapped) the model expects at a gateway time; {@link #NO_TIME} if none. */
  public long predictBadgeTicks(long gatewayNs) {
    if (!solver.solved()) {
      return NO_TIME;
    }
    final double x = gatewayNs - baseGatewayNs;
    return baseTicks + (long) Math.floor((x - solver.offsetAt(x)) / nsPerTick);
  }

  /** Unwraps a u32 tick value relative to the newest tick seen in an exchange. */
  public long unwrapTicks(long badgeTicksU32) {
    return unwrapper.unwrap(badgeTicksU32);
  }

  public SyncState state() {
    return state;
  }

  /** True when {@link #toGatewayNanos} gives times. */
  public boolean hasMapping() {
    return solver.solved();
  }

  /**
   * Error bound of the mapping at the newest exchange, in ns; {@link Long#MAX_VALUE} with no model.
   * It holds whenever the timestamps are causal; an inconsistent window inflates it.
   */
  public long estimatedErrorNanos() {
    return solver.solved() ? (long) Math.ceil(solver.offsetHalfWidth()) : Long.MAX_VALUE;
  }

  /** Error bound of the mapping at a gateway time: it grows with the drift uncertainty. */
  public long estimatedErrorNanosAt(long gatewayNs) {
    if (!solver.solved()) {
      return Long.MAX_VALUE;
    }
    return (long) Math.ceil(solver.errorBoundAt(gatewayNs - baseGatewayNs));
  }

  /**
   * Badge clock rate error against its declared tick rate, in ppm; positive: the badge runs fast.
   */
  public double driftPpm() {
    return solver.solved() ? -solver.slope() * 1e6 : Double.NaN;
  }

  /** Half-width of the drift range still consistent with the exchanges, in ppm. */
  public double driftUncertaintyPpm() {
    return solver.solved() ? solver.slopeHalfWidth() * 1e6 : Double.NaN;
  }

  /** False when the window's bounds contradicted each other (non-causal timestamps). */
  public boolean consistent() {
    return solver.solved() && solver.consistent();
  }

  public long lastExchangeNs() {
    return lastExchangeNs;
  }

  public int exchangesInWindow() {
    return solver.size();
  }

  public long exchangesAccepted() {
    return exchangesAccepted;
  }

  public long exchangesRejectedInvalid() {
    return exchangesRejectedInvalid;
  }

  public long exchangesRejectedSlow() {
    return exchangesRejectedSlow;
  }

  /** Exchanges removed from the window as contradicting the rest. */
  public long outliersRemoved() {
    return solver.outliersRemoved();
  }

  /** Exchanges held back as suspects of a counter jump and then dropped: no jump was confirmed. */
  public long outliersDiscarded() {
    return outliersDiscarded;
  }

  /** Reboots detected from exchanges or reported by {@link #onBadgeRestarted()}. */
  public long rebootCount() {
    return rebootCount;
  }

  public ClockAlignerConfig config() {
    return config;
  }

  private void addToWindow(long t1Ns, long t2TicksU32, long holdTicks, long t4Ns) {
    if (!hasBase) {
      unwrapper.reset();
      baseTicks = unwrapper.advance(t2TicksU32);
      baseGatewayNs = t1Ns;
      hasBase = true;
    }
    final long t2Ticks = unwrapper.unwrap(t2TicksU32);
    final long t3Ticks = t2Ticks + holdTicks;
    unwrapper.advance(t3Ticks & U32_MASK);
    final double fwdX = t1Ns - baseGatewayNs;
    final double bwdX = t4Ns - baseGatewayNs;
    // The counter read t2 means the request arrived before tick t2 + 1 began.
    final double fwdY = fwdX - (t2Ticks + 1 - baseTicks) * nsPerTick;
    final double bwdY = bwdX - (t3Ticks - baseTicks) * nsPerTick;
    solver.add(fwdX, fwdY, bwdX, bwdY);
    exchangesAccepted++;
  }

  private void resolve(long newestT4Ns) {
    solver.evictBefore(newestT4Ns - baseGatewayNs - config.windowMaxAgeNs());
    solver.solve();
    if (newestT4Ns - lastExchangeNs > 0 || lastExchangeNs == NO_TIME) {
      lastExchangeNs = newestT4Ns;
    }
    updateState();
  }

  /**
   * By how much this exchange falls outside the model's guaranteed band (positive: it contradicts
   * the model; no causal exchange can, as long as the window holds only causal ones). A counter
   * jump contradicts it by the size of the jump.
   */
  private double violationBeyondBound(long t1Ns, long t2TicksU32, long holdTicks, long t4Ns) {
    final long t2Ticks = unwrapper.unwrap(t2TicksU32);
    final double fwdX = t1Ns - baseGatewayNs;
    final double bwdX = t4Ns - baseGatewayNs;
    final double fwdY = fwdX - (t2Ticks + 1 - baseTicks) * nsPerTick;
    final double bwdY = bwdX - (t2Ticks + holdTicks - baseTicks) * nsPerTick;
    final double fwdViolation = fwdY - solver.offsetAt(fwdX) - solver.errorBoundAt(fwdX);
    final double bwdViolation = solver.offsetAt(bwdX) - bwdY - solver.errorBoundAt(bwdX);
    return Math.max(fwdViolation, bwdViolation);
  }

  /** Do the held suspects and this exchange admit one common offset, allowing for drift? */
  private boolean consistentWithSuspects(long t1Ns, long t2TicksU32, long holdTicks, long t4Ns) {
    final long firstT1 = suspects.t1(0);
    final long firstT2 = suspects.t2(0);
    final double slackNs = 2 * nsPerTick + maxAbsSlope * (t4Ns - firstT1);
    final double lower = (t1Ns - firstT1) - (tickDelta(t2TicksU32, firstT2) + 1) * nsPerTick;
    final double upper =
        (t4Ns - firstT1) - (tickDelta(t2TicksU32, firstT2) + holdTicks) * nsPerTick;
    for (int i = 0; i < suspects.size(); i++) {
      final long hold = (suspects.t3(i) - suspects.t2(i)) & U32_MASK;
      final long delta = tickDelta(suspects.t2(i), firstT2);
      final double otherLower = (suspects.t1(i) - firstT1) - (delta + 1) * nsPerTick;
      final double otherUpper = (suspects.t4(i) - firstT1) - (delta + hold) * nsPerTick;
      if (Math.max(lower, otherLower) > Math.min(upper, otherUpper) + slackNs) {
        return false;
      }
    }
    return true;
  }

  private static long tickDelta(long ticksU32, long referenceU32) {
    return (int) ((ticksU32 - referenceU32) & U32_MASK);
  }

  private void restartFromSuspects() {
    final boolean wasEstablished = solver.size() >= config.minExchangesForSynced();
    clearModel();
    if (wasEstablished) {
      rebootCount++;
      rebootPending = true;
    }
    for (int i = 0; i < suspects.size(); i++) {
      addToWindow(
          suspects.t1(i),
          suspects.t2(i),
          (suspects.t3(i) - suspects.t2(i)) & U32_MASK,
          suspects.t4(i));
    }
    final long newestT4Ns = suspects.t4(suspects.size() - 1);
    suspects.clear();
    resolve(newestT4Ns);
  }

  /** Drops the model; the suspects are left alone, since a confirmed jump rebuilds from them. */
  private void clearModel() {
    solver.clear();
    unwrapper.reset();
    hasBase = false;
    lastExchangeNs = NO_TIME;
  }

  private void updateState() {
    final long errorNs = estimatedErrorNanos();
    final boolean enough = solver.size() >= config.minExchangesForSynced();
    if (enough && errorNs <= config.syncedErrorNs()) {
      state = SyncState.SYNCED;
      rebootPending = false;
    } else if (state == SyncState.SYNCED && enough && errorNs <= 2 * config.syncedErrorNs()) {
      // Hysteresis: one unlucky exchange must not flap the state (and the sync rate) back.
      state = SyncState.SYNCED;
    } else {
      state = rebootPending ? SyncState.RESYNC_AFTER_REBOOT : SyncState.SYNCING;
    }
  }
}
