package dev.rapport.gateway.ingest;

import dev.rapport.badge.clock.ClockAligner;
import dev.rapport.badge.clock.ClockAlignerConfig;
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
 * into samples on gateway time and puts them onto the grid at this badge's slot. Samples that
 * arrive before the badge's clock can be mapped are counted and dropped, never placed at a guessed
 * time. Engine thread only; allocation free per frame.
 */
public final class BadgeSession {
  /** Tick rate assumed until the badge's HELLO says otherwise (the protocol's default). */
  public static final long DEFAULT_TICK_RATE_HZ = 32_768;

  private static final int PENDING_SYNC_REQUESTS = 16;
  private static final long MIC_LEVEL_NOT_MEASURED = MicEnergyFrame.LEVEL_NOT_MEASURED;

  private final int badgeId;
  private final int slot;
  private final SequenceTracker sequences = new SequenceTracker();
  private final long[] pendingCorrelation = new long[PENDING_SYNC_REQUESTS];
  private final long[] pendingSentNs = new long[PENDING_SYNC_REQUESTS];
  private ClockAligner aligner;
  private TimeSyncScheduler scheduler = new TimeSyncScheduler();

  private long tickRateHz = DEFAULT_TICK_RATE_HZ;
  private boolean helloSeen;
  private int linkIndex = -1;
  private long firstSeenNs = Long.MIN_VALUE;
  private long lastSeenNs = Long.MIN_VALUE;
  private int batteryMv = -1;
  private int batteryPercent = -1;
  private long badgeDroppedSamples;
  private long accelSamplesPlaced;
  private long micLevelsPlaced;
  private long samplesBeforeSync;
  private long samplesOffGrid;
  private long unmatchedSyncResponses;
  private long reboots;
  private long nextCorrelationId = 1;
  private long syncRequestedAtNs = Long.MIN_VALUE;

  public BadgeSession(int badgeId, int slot) {
    this.badgeId = badgeId;
    this.slot = slot;
    this.aligner = new ClockAligner(ClockAlignerConfig.defaults(tickRateHz));
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

  public void onHello(HelloFrame hello, GridAccumulator grid) {
    boolean rebooted = helloSeen || sequences.received() > 1;
    helloSeen = true;
    if (hello.tickRateHz() != tickRateHz) {
      tickRateHz = hello.tickRateHz();
      aligner = new ClockAligner(ClockAlignerConfig.defaults(tickRateHz));
      scheduler = new TimeSyncScheduler();
    } else if (rebooted) {
      aligner.onBadgeRestarted();
    }
    if (rebooted) {
      reboots++;
      sequences.reset();
      sequences.onSequence(hello.sequence());
      grid.clearSlot(slot);
    }
  }

  public void onStatus(StatusFrame status) {
    batteryMv = status.batteryMv();
    batteryPercent = status.batteryPercent();
    badgeDroppedSamples = status.droppedAccelSamples() + status.droppedMicPeriods();
  }

  public void onAccel(AccelFrame accel, GridAccumulator grid) {
    int count = accel.sampleCount();
    long rateMilliHz = accel.sampleRateMilliHz();
    if (!aligner.hasMapping() || rateMilliHz == 0) {
      samplesBeforeSync += count;
      return;
    }
    long first = accel.firstSampleTick();
    long scale = accel.scaleNanoGPerLsb();
    for (int i = 0; i < count; i++) {
      long offsetTicks = i * tickRateHz * 1000L / rateMilliHz;
      long gatewayNs = aligner.toGatewayNanos((first + offsetTicks) & 0xFFFF_FFFFL);
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
    long periodTicks = mic.periodMs() * tickRateHz / 1000L;
    if (!aligner.hasMapping()) {
      samplesBeforeSync += count;
      return;
    }
    long first = mic.firstPeriodTick();
    for (int i = 0; i < count; i++) {
      int level = mic.levelCentiDb(i);
      if (level == MIC_LEVEL_NOT_MEASURED) {
        continue;
      }
      long midTick = first + i * periodTicks + periodTicks / 2;
      long gatewayNs = aligner.toGatewayNanos(midTick & 0xFFFF_FFFFL);
      if (grid.addMic(slot, gatewayNs, level)) {
        micLevelsPlaced++;
      } else {
        samplesOffGrid++;
      }
    }
  }

  /**
   * Decides, on the engine clock, whether this badge should get a TIME_SYNC request now.
   *
   * @return a correlation id to send with, or -1 for none
   */
  public long syncRequestDue(long nowNs) {
    // After asking, wait for the request to be confirmed sent (or 1 s) before asking again.
    if (syncRequestedAtNs != Long.MIN_VALUE && nowNs - syncRequestedAtNs < 1_000_000_000L) {
      return -1;
    }
    if (linkIndex < 0 || !scheduler.isDue(nowNs)) {
      return -1;
    }
    syncRequestedAtNs = nowNs;
    long id = nextCorrelationId;
    nextCorrelationId = (nextCorrelationId + 1) & 0xFFFF_FFFFL;
    return id;
  }

  /** A TIME_SYNC request left the gateway at {@code sentNs}. */
  public void onSyncRequestSent(long correlationId, long sentNs) {
    int i = (int) (correlationId % PENDING_SYNC_REQUESTS);
    pendingCorrelation[i] = correlationId;
    pendingSentNs[i] = sentNs;
    syncRequestedAtNs = Long.MIN_VALUE;
    scheduler.onRequestSent(sentNs, aligner.state(), aligner.estimatedErrorNanos());
  }

  public void onTimeSyncResponse(TimeSyncResponseFrame response, long receiveNs) {
    long id = response.correlationId();
    int i = (int) (id % PENDING_SYNC_REQUESTS);
    if (pendingCorrelation[i] != id) {
      unmatchedSyncResponses++;
      return;
    }
    pendingCorrelation[i] = -1;
    aligner.onSyncExchange(
        pendingSentNs[i], response.receiveTick(), response.sendTick(), receiveNs);
    scheduler.onAlignerUpdated(receiveNs, aligner.state(), aligner.estimatedErrorNanos());
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

  public long lastSeenNs() {
    return lastSeenNs;
  }

  public long firstSeenNs() {
    return firstSeenNs;
  }

  public int batteryMv() {
    return batteryMv;
  }

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

  public long samplesBeforeSync() {
    return samplesBeforeSync;
  }

  public long samplesOffGrid() {
    return samplesOffGrid;
  }

  public long unmatchedSyncResponses() {
    return unmatchedSyncResponses;
  }

  public long reboots() {
    return reboots;
  }
}
