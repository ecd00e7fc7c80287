package dev.rapport.gateway.ingest;

import dev.rapport.badge.clock.ClockAligner;
import dev.rapport.badge.clock.ClockAlignerConfig;
import dev.rapport.badge.clock.ExchangeOutcome;
import dev.rapport.badge.clock.SyncState;
import dev.rapport.badge.clock.TimeSyncScheduler;
import dev.rapport.badge.protocol.AccelFrame;
import dev.rapport.badge.protocol.HelloFrame;
import dev.rapport.badge.protocol.MicEnergyFrame;
import dev.rapport.badge.protocol.StatusFrame;
import dev.rapport.badge.protocol.TimeSyncResponseFrame;

/**
 * One badge as the engine sees it: its sequence accounting, its clock alignment and time-sync
 * schedule, its sensor description from HELLO, and its health. Turns ACCEL and MIC_ENERGY batches
 * into samples on gateway time and puts them onto the grid at this badge's slot.
 *
 * <p>A sample is placed only when the clock alignment can say where it belongs to within {@link
 * #DEFAULT_MAX_PLACEMENT_ERROR_NS} (half a grid tick); before that (no exchange yet, or only a
 * rough one) it is counted and dropped, never placed at a guessed time.
 *
 * <p>A HELLO arrives at boot and at every new connection (protocol section 8), and a link may delay
 * or duplicate it like any frame. Only a boot restarts the badge's counter and numbering, so a
 * HELLO counts as a reboot only when its tick is more than {@link #REBOOT_TICK_JUMP_SECONDS} s from
 * where the counter should be: by the clock model if there is one, else by the previous HELLO's
 * tick plus the time since at the nominal rate. A reconnect, late or repeated HELLO keeps the clock
 * model and the accounting. Engine thread only; allocation free per frame.
 */
public final class BadgeSession {
  /** Tick rate assumed until the badge's HELLO says otherwise (the protocol's default). */
  public static final long DEFAULT_TICK_RATE_HZ = 32_768;

  /** Half of the default 40 ms grid tick: a less certain sample could land in the wrong tick. */
  public static final long DEFAULT_MAX_PLACEMENT_ERROR_NS = 20_000_000L;

  /** A HELLO tick this far from the model's prediction means the counter restarted. */
  public static final long REBOOT_TICK_JUMP_SECONDS = 2;

  private static final int PENDING_SYNC_REQUESTS = 16;

  private final int badgeId;
  private final int slot;
  private final long maxPlacementErrorNs;
  private final long syncFastIntervalNs;
  private final long syncSlowIntervalNs;
  private final SequenceTracker sequences = new SequenceTracker();
  private final long[] pendingCorrelation = new long[PENDING_SYNC_REQUESTS];
  private final long[] pendingSentNs = new long[PENDING_SYNC_REQUESTS];
  private ClockAligner aligner;
  private TimeSyncScheduler scheduler;

  private long tickRateHz = DEFAULT_TICK_RATE_HZ;
  private boolean helloSeen;
  private int linkIndex = -1;
  private long firstSeenNs = Long.MIN_VALUE;
  private long lastSeenNs = Long.MIN_VALUE;
  private boolean previousHello;
  private long previousHelloTickU32;
  private long previousHelloNs;
  private int batteryMv = -1;
  private int batteryPercent = -1;
  private long badgeDroppedSamples;
  private long accelSamplesPlaced;
  private long micLevelsPlaced;
  private long micLevelsNotMeasured;
  private long samplesBeforeSync;
  private long samplesOffGrid;
  private long unmatchedSyncResponses;
  private long reboots;
  private long hellos;
  private long nextCorrelationId = 1;
  private long syncRequestedAtNs = Long.MIN_VALUE;

  /** Reboots the current aligner counted because a HELLO told it, not found by itself. */
  private long restartsReportedToAligner;

  private long clockJumpsOfFormerAligners;

  public BadgeSession(int badgeId, int slot) {
    this(badgeId, slot, DEFAULT_MAX_PLACEMENT_ERROR_NS);
  }

  public BadgeSession(int badgeId, int slot, long maxPlacementErrorNs) {
    this(
        badgeId,
        slot,
        maxPlacementErrorNs,
        TimeSyncScheduler.DEFAULT_FAST_INTERVAL_NS,
        TimeSyncScheduler.DEFAULT_SLOW_INTERVAL_NS);
  }

  /**
   * @param syncFastIntervalNs TIME_SYNC interval while the clock model converges
   * @param syncSlowIntervalNs TIME_SYNC interval once it is steady (see {@link TimeSyncScheduler})
   */
  public BadgeSession(
      int badgeId,
      int slot,
      long maxPlacementErrorNs,
      long syncFastIntervalNs,
      long syncSlowIntervalNs) {
    if (maxPlacementErrorNs <= 0) {
      throw new IllegalArgumentException(
          "maxPlacementErrorNs must be positive, maxPlacementErrorNs=" + maxPlacementErrorNs);
    }
    this.badgeId = badgeId;
    this.slot = slot;
    this.maxPlacementErrorNs = maxPlacementErrorNs;
    this.syncFastIntervalNs = syncFastIntervalNs;
    this.syncSlowIntervalNs = syncSlowIntervalNs;
    startClock(tickRateHz);
    java.util.Arrays.fill(pendingCorrelation, -1);
  }

  private void startClock(long rateHz) {
    if (aligner != null) {
      clockJumpsOfFormerAligners += clockJumpsOfCurrentAligner();
    }
    restartsReportedToAligner = 0;
    tickRateHz = rateHz;
    aligner = new ClockAligner(ClockAlignerConfig.defaults(rateHz));
    // Seeded by the badge id: each badge its own jitter, the same in every run and replay.
    scheduler =
        TimeSyncScheduler.forTickRate(rateHz, syncFastIntervalNs, syncSlowIntervalNs, badgeId);
    java.util.Arrays.fill(pendingCorrelation, -1);
  }

  public int badgeId() {
    return badgeId;
  }

  public int slot() {
    return slot;
  }

  /** Which link the badge's frames arrive on (its most recent one): commands go back there. */
  public int linkIndex() {
    return linkIndex;
  }

  /**
   * Accounts the frame's sequence number and notes the badge as seen.
   *
   * @return false if the frame is a duplicate or too old and must be ignored
   */
  public boolean onFrame(int sequence, int link, long receiveNs) {
    linkIndex = link;
    if (firstSeenNs == Long.MIN_VALUE) {
      firstSeenNs = receiveNs;
    }
    lastSeenNs = receiveNs;
    SequenceTracker.Verdict verdict = sequences.onSequence(sequence);
    return verdict == SequenceTracker.Verdict.NEW || verdict == SequenceTracker.Verdict.LATE;
  }

  /**
   * A HELLO, after {@link #onFrame} accounted its sequence number: takes the declared tick rate and
   * decides whether the badge rebooted.
   *
   * @param grid unused since open ticks hold only samples placed with the old, valid clock (a
   *     booting badge sends its HELLO before any sample); kept for the engine's call
   */
  public void onHello(HelloFrame hello, GridAccumulator grid) {
    hellos++;
    final boolean rebooted = previousHello && isReboot(hello);
    helloSeen = true;
    previousHello = true;
    previousHelloTickU32 = hello.tick();
    previousHelloNs = lastSeenNs;
    if (hello.tickRateHz() >= 1 && hello.tickRateHz() != tickRateHz) {
      startClock(hello.tickRateHz());
    } else if (rebooted) {
      final long before = aligner.rebootCount();
      aligner.onBadgeRestarted();
      restartsReportedToAligner += aligner.rebootCount() - before;
      java.util.Arrays.fill(pendingCorrelation, -1);
    }
    if (rebooted) {
      reboots++;
      sequences.reset();
      sequences.onSequence(hello.sequence());
    }
    scheduler.onAlignerUpdated(
        lastSeenNs, aligner.state(), aligner.estimatedErrorNanosAt(lastSeenNs));
  }

  private boolean isReboot(HelloFrame hello) {
    final long toleranceTicks = REBOOT_TICK_JUMP_SECONDS * tickRateHz;
    if (aligner.hasMapping() && hello.tickRateHz() == tickRateHz) {
      final long predicted = aligner.predictBadgeTicks(lastSeenNs);
      final long actual = aligner.unwrapTicks(hello.tick());
      return Math.abs(actual - predicted) > toleranceTicks;
    }
    // No model yet: the previous HELLO and the nominal rate tell where the counter should be.
    final long elapsedTicks = (lastSeenNs - previousHelloNs) / 1_000L * tickRateHz / 1_000_000L;
    final long advancedTicks = (int) ((hello.tick() - previousHelloTickU32) & 0xFFFF_FFFFL);
    return Math.abs(advancedTicks - elapsedTicks) > toleranceTicks;
  }

  public void onStatus(StatusFrame status) {
    batteryMv = status.batteryMv();
    batteryPercent =
        status.batteryPercent() == StatusFrame.BATTERY_PERCENT_UNKNOWN
            ? -1
            : status.batteryPercent();
    badgeDroppedSamples = status.droppedAccelSamples() + status.droppedMicPeriods();
  }

  public void onAccel(AccelFrame accel, GridAccumulator grid) {
    int count = accel.sampleCount();
    long rateMilliHz = accel.sampleRateMilliHz();
    long first = aligner.unwrapTicks(accel.firstSampleTick());
    if (rateMilliHz == 0 || !placeable(first)) {
      samplesBeforeSync += count;
      return;
    }
    long scale = accel.scaleNanoGPerLsb();
    for (int i = 0; i < count; i++) {
      // Exact integer offset of sample i, so no rounding accumulates along the batch.
      long offsetTicks = i * tickRateHz * 1000L / rateMilliHz;
      long gatewayNs = aligner.toGatewayNanosUnwrapped(first + offsetTicks);
      boolean placed =
          grid.addAccel(
              slot,
              gatewayNs,
              AccelFrame.toMilliG(accel.x(i), scale),
              AccelFrame.toMilliG(accel.y(i), scale),
              AccelFrame.toMilliG(accel.z(i), scale));
      if (placed) {
        accelSamplesPlaced++;
      } else {
        samplesOffGrid++;
      }
    }
  }

  public void onMicEnergy(MicEnergyFrame mic, GridAccumulator grid) {
    int count = mic.count();
    long first = aligner.unwrapTicks(mic.firstPeriodTick());
    if (mic.periodMs() == 0 || !placeable(first)) {
      samplesBeforeSync += count;
      return;
    }
    long periodTicksTimes1000 = mic.periodMs() * tickRateHz;
    for (int i = 0; i < count; i++) {
      int level = mic.levelCentiDb(i);
      if (level == MicEnergyFrame.LEVEL_NOT_MEASURED) {
        micLevelsNotMeasured++;
        continue;
      }
      long startNs = aligner.toGatewayNanosUnwrapped(first + i * periodTicksTimes1000 / 1000);
      long endNs = aligner.toGatewayNanosUnwrapped(first + (i + 1) * periodTicksTimes1000 / 1000);
      if (grid.addMicPeriod(slot, startNs, endNs, level)) {
        micLevelsPlaced++;
      } else {
        samplesOffGrid++;
      }
    }
  }

  /** Can a batch starting at this (unwrapped) tick be placed within half a grid tick? */
  private boolean placeable(long firstTicks) {
    long atNs = aligner.toGatewayNanosUnwrapped(firstTicks);
    return atNs != ClockAligner.NO_TIME
        && aligner.estimatedErrorNanosAt(atNs) <= maxPlacementErrorNs;
  }

  /**
   * Decides, on the engine clock, whether this badge should get a TIME_SYNC request now.
   *
   * @return a correlation id to send with, or -1 for none
   */
  public long syncRequestDue(long nowNs) {
    return syncRequestWanted(nowNs) ? startSyncRequest(nowNs) : -1;
  }

  /**
   * True when this badge is due for a TIME_SYNC request at {@code nowNs}; nothing changes until
   * {@link #startSyncRequest}. The engine may hold a due request back (one per link per watermark).
   */
  public boolean syncRequestWanted(long nowNs) {
    // After asking, wait for the request to be confirmed sent (or 1 s) before asking again.
    if (syncRequestedAtNs != Long.MIN_VALUE && nowNs - syncRequestedAtNs < 1_000_000_000L) {
      return false;
    }
    return linkIndex >= 0 && scheduler.isDue(nowNs);
  }

  /**
   * Since when this badge's request has been due: the scheduler's planned time, or when the badge
   * was first seen if it was never asked. Valid when {@link #syncRequestWanted} is true; the engine
   * serves the longest-waiting badge of a link first.
   */
  public long syncDueSinceNs() {
    return scheduler.requestsScheduled() == 0 ? firstSeenNs : scheduler.nextSendAtNs();
  }

  /** Commits to sending a TIME_SYNC request now and returns its correlation id. */
  public long startSyncRequest(long nowNs) {
    syncRequestedAtNs = nowNs;
    long id = nextCorrelationId;
    nextCorrelationId = (nextCorrelationId + 1) & 0xFFFF_FFFFL;
    return id;
  }

  /** The badge's TIME_SYNC schedule, for inspection (figures, tests). */
  public TimeSyncScheduler syncScheduler() {
    return scheduler;
  }

  /** A TIME_SYNC request left the gateway at {@code sentNs}. */
  public void onSyncRequestSent(long correlationId, long sentNs) {
    int i = (int) (correlationId % PENDING_SYNC_REQUESTS);
    pendingCorrelation[i] = correlationId;
    pendingSentNs[i] = sentNs;
    syncRequestedAtNs = Long.MIN_VALUE;
    scheduler.onRequestSent(sentNs, aligner.state(), aligner.estimatedErrorNanosAt(sentNs));
  }

  public void onTimeSyncResponse(TimeSyncResponseFrame response, long receiveNs) {
    long id = response.correlationId();
    int i = (int) (id % PENDING_SYNC_REQUESTS);
    if (pendingCorrelation[i] != id) {
      unmatchedSyncResponses++;
      return;
    }
    pendingCorrelation[i] = -1;
    ExchangeOutcome outcome =
        aligner.onSyncExchange(
            pendingSentNs[i], response.receiveTick(), response.sendTick(), receiveNs);
    scheduler.onAlignerUpdated(
        receiveNs, aligner.state(), aligner.estimatedErrorNanosAt(receiveNs));
    if (outcome == ExchangeOutcome.HELD_AS_SUSPECT) {
      scheduler.onSuspectHeld(receiveNs); // the next exchange tells a reboot from an outlier
    }
  }

  public SyncState clockState() {
    return aligner.state();
  }

  public long clockErrorNs() {
    return aligner.estimatedErrorNanos();
  }

  /**
   * The badge's current clock model, for inspection only (figures, tests against ground truth):
   * read it on the engine thread between events and never feed it exchanges. A HELLO with another
   * tick rate replaces it, so fetch it again rather than keeping it.
   */
  public ClockAligner clockAligner() {
    return aligner;
  }

  public SequenceTracker sequences() {
    return sequences;
  }

  public boolean helloSeen() {
    return helloSeen;
  }

  public long tickRateHz() {
    return tickRateHz;
  }

  public long lastSeenNs() {
    return lastSeenNs;
  }

  public long firstSeenNs() {
    return firstSeenNs;
  }

  public int batteryMv() {
    return batteryMv;
  }

  /** 0..100, or -1 when unknown. */
  public int batteryPercent() {
    return batteryPercent;
  }

  public long badgeDroppedSamples() {
    return badgeDroppedSamples;
  }

  public long accelSamplesPlaced() {
    return accelSamplesPlaced;
  }

  public long micLevelsPlaced() {
    return micLevelsPlaced;
  }

  /** Periods the badge marked "not measured" (0xFFFF): no measurement, never placed. */
  public long micLevelsNotMeasured() {
    return micLevelsNotMeasured;
  }

  /** Samples dropped because the clock could not yet place them within half a grid tick. */
  public long samplesBeforeSync() {
    return samplesBeforeSync;
  }

  /** Samples whose grid tick was already closed (late) or impossibly far ahead. */
  public long samplesOffGrid() {
    return samplesOffGrid;
  }

  public long unmatchedSyncResponses() {
    return unmatchedSyncResponses;
  }

  /** Reboots announced by a HELLO plus counter jumps the clock alignment found by itself. */
  public long reboots() {
    return reboots + clockJumpsDetected();
  }

  /**
   * Counter jumps the clock alignment found from TIME_SYNC exchanges alone (a reboot whose HELLO
   * was lost, a firmware glitch).
   */
  public long clockJumpsDetected() {
    return clockJumpsOfFormerAligners + clockJumpsOfCurrentAligner();
  }

  private long clockJumpsOfCurrentAligner() {
    return aligner.rebootCount() - restartsReportedToAligner;
  }

  public long hellos() {
    return hellos;
  }
}
