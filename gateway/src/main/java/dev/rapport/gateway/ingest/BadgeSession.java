package dev.rapport.gateway.ingest;

import dev.rapport.badge.clock.ClockAligner;
import dev.rapport.badge.clock.ClockAlignerConfig;
import dev.rapport.badge.clock.ExchangeOutcome;
import dev.rapport.badge.clock.SyncState;
import dev.rapport.badge.clock.TimeSyncScheduler;
import dev.rapport.badge.protocol.AccelFrame;
import dev.rapport.badge.protocol.Frame;
import dev.rapport.badge.protocol.HelloFrame;
import dev.rapport.badge.protocol.MicEnergyFrame;
import dev.rapport.badge.protocol.StatusFrame;
import dev.rapport.badge.protocol.TimeSyncResponseFrame;

/**
 * Everything the gateway knows about one badge: what its HELLO declared, its frame sequence
 * accounting, its clock alignment and time-sync schedule, and its health. Samples leave it on
 * gateway time, placed onto the {@link GridResampler}.
 *
 * <p>Frame flow: {@link #admit} first (sequence accounting: duplicates and frames behind the
 * reorder window are dropped and counted), then the handler for the type. A HELLO goes to {@link
 * #onHello} directly, since a rebooted badge's HELLO restarts the numbering it would otherwise be
 * judged by.
 *
 * <p>Engine thread only; nothing here allocates per frame or sample.
 */
public final class BadgeSession {
  /** A HELLO tick further than this from the model's prediction means the counter restarted. */
  private static final long REBOOT_TICK_JUMP_SECONDS = 2;

  private static final int PENDING_TIME_SYNCS = 16;

  /** A missing HELLO is asked for again after this long. */
  static final long HELLO_REQUEST_INTERVAL_NS = 2_000_000_000L;

  private final int badgeId;
  private final int slot;
  private final IngestConfig config;
  private final SequenceTracker sequences;
  private final PendingTimeSyncs pendingSyncs = new PendingTimeSyncs(PENDING_TIME_SYNCS);
  private final RateMeter accelRate;

  private boolean helloSeen;
  private long tickRateHz;
  private long nominalAccelRateMilliHz;
  private int micPeriodMs;
  private int capabilities;
  private int firmwareMajor;
  private int firmwareMinor;
  private int firmwarePatch;
  private ClockAligner aligner;
  private TimeSyncScheduler syncScheduler;
  private long nextCorrelationId = 1;

  /** Reboots the current aligner counted because a HELLO told it, not found by itself. */
  private long alignerRebootsReported;

  private long clockJumpsOfFormerAligners;

  private long lastSeenNs = Long.MIN_VALUE;
  private int lastLinkIndex = -1;
  private long framesReceived;
  private long hellos;
  private long reboots;
  private int batteryMv = -1;
  private int batteryPercent = -1;
  private int statusFlags;
  private long badgeDroppedAccel;
  private long badgeDroppedMic;

  private long samplesPlaced;
  private long samplesUnaligned;
  private long samplesBeforeHello;
  private long samplesLate;
  private long samplesTooFarAhead;
  private long micNotMeasured;
  private long invalidBatches;
  private long timeSyncUnmatched;
  private long timeSyncsRequested;
  private long helloRequests;
  private long lastHelloRequestNs;

  public BadgeSession(int badgeId, int slot, IngestConfig config) {
    this.badgeId = badgeId;
    this.slot = slot;
    this.config = config;
    this.sequences = new SequenceTracker(config.reorderWindowFrames());
    this.accelRate = new RateMeter(config.rateWindowNs());
  }

  /**
   * Sequence accounting for any frame but HELLO; also records when and where the badge was last
   * heard. Only frames whose outcome is {@link SequenceOutcome#accepted()} should be handled.
   */
  public SequenceOutcome admit(Frame frame, long receiveNs, int linkIndex) {
    noteSeen(receiveNs, linkIndex);
    return sequences.onSequence(frame.sequence());
  }

  /**
   * A HELLO: configures the session from it. It marks a reboot (new clock, new numbering) when the
   * badge's counter or sequence number went back; a HELLO on reconnection keeps both.
   *
   * @return true if the HELLO was taken as a reboot
   */
  public boolean onHello(HelloFrame hello, long receiveNs, int linkIndex) {
    noteSeen(receiveNs, linkIndex);
    hellos++;
    final boolean reboot = helloSeen && isReboot(hello, receiveNs);
    if (reboot) {
      reboots++;
      sequences.restartAt(hello.sequence());
      pendingSyncs.clear();
      if (aligner != null) {
        final long before = aligner.rebootCount();
        aligner.onBadgeRestarted();
        alignerRebootsReported += aligner.rebootCount() - before;
      }
    } else {
      sequences.onSequence(hello.sequence());
    }
    final long declaredTickRateHz = hello.tickRateHz();
    if (declaredTickRateHz >= 1 && (aligner == null || declaredTickRateHz != tickRateHz)) {
      // A new tick rate makes every earlier exchange meaningless: start the model afresh.
      tickRateHz = declaredTickRateHz;
      clockJumpsOfFormerAligners += clockJumpsOfCurrentAligner();
      alignerRebootsReported = 0;
      aligner = new ClockAligner(ClockAlignerConfig.defaults(tickRateHz));
      syncScheduler = TimeSyncScheduler.forTickRate(tickRateHz);
      pendingSyncs.clear();
    }
    if (syncScheduler != null) {
      syncScheduler.onAlignerUpdated(
          receiveNs, aligner.state(), aligner.estimatedErrorNanosAt(receiveNs));
    }
    nominalAccelRateMilliHz = hello.accelRateMilliHz();
    micPeriodMs = hello.micPeriodMs();
    capabilities = hello.capabilities();
    firmwareMajor = hello.firmwareMajor();
    firmwareMinor = hello.firmwareMinor();
    firmwarePatch = hello.firmwarePatch();
    helloSeen = aligner != null;
    return reboot;
  }

  private boolean isReboot(HelloFrame hello, long receiveNs) {
    final int d = (short) (hello.sequence() - (int) (sequences.newestUnwrapped() & 0xFFFF));
    // A boot HELLO has sequence 0; a reconnect HELLO continues the numbering.
    if (d < -config.reorderWindowFrames() || (hello.sequence() == 0 && d < 0)) {
      return true;
    }
    if (aligner == null || !aligner.hasMapping() || hello.tickRateHz() != tickRateHz) {
      return false;
    }
    final long predicted = aligner.predictBadgeTicks(receiveNs);
    final long actual = aligner.unwrapTicks(hello.tick());
    final long jumpTicks = Math.abs(actual - predicted);
    return jumpTicks > REBOOT_TICK_JUMP_SECONDS * tickRateHz;
  }

  public void onAccel(AccelFrame frame, long receiveNs, GridResampler grid) {
    final int n = frame.sampleCount();
    accelRate.add(receiveNs, n);
    if (!helloSeen) {
      samplesBeforeHello += n;
      samplesUnaligned += n;
      return;
    }
    final long rateMilliHz = frame.sampleRateMilliHz();
    if (rateMilliHz == 0) {
      invalidBatches++;
      samplesUnaligned += n;
      return;
    }
    final long firstTicks = aligner.unwrapTicks(frame.firstSampleTick());
    final long firstNs = aligner.toGatewayNanosUnwrapped(firstTicks);
    if (firstNs == ClockAligner.NO_TIME
        || aligner.estimatedErrorNanosAt(firstNs) > config.maxPlacementErrorNs()) {
      samplesUnaligned += n;
      return;
    }
    for (int i = 0; i < n; i++) {
      // Exact integer offset of sample i from the first, in ticks (no accumulated rounding).
      final long ticks = firstTicks + i * tickRateHz * 1000 / rateMilliHz;
      final long atNs = aligner.toGatewayNanosUnwrapped(ticks);
      count(grid.placeAccel(slot, atNs, frame.xMg(i), frame.yMg(i), frame.zMg(i)));
    }
  }

  public void onMicEnergy(MicEnergyFrame frame, long receiveNs, GridResampler grid) {
    final int n = frame.count();
    if (!helloSeen) {
      samplesBeforeHello += n;
      samplesUnaligned += n;
      return;
    }
    final int periodMs = frame.periodMs();
    if (periodMs == 0) {
      invalidBatches++;
      samplesUnaligned += n;
      return;
    }
    final long firstTicks = aligner.unwrapTicks(frame.firstPeriodTick());
    final long firstNs = aligner.toGatewayNanosUnwrapped(firstTicks);
    if (firstNs == ClockAligner.NO_TIME
        || aligner.estimatedErrorNanosAt(firstNs) > config.maxPlacementErrorNs()) {
      samplesUnaligned += n;
      return;
    }
    final long ticksTimesMsPerPeriod = periodMs * tickRateHz;
    for (int i = 0; i < n; i++) {
      final int level = frame.levelCentiDb(i);
      if (level == MicEnergyFrame.LEVEL_NOT_MEASURED) {
        micNotMeasured++;
        continue;
      }
      final long startNs =
          aligner.toGatewayNanosUnwrapped(firstTicks + i * ticksTimesMsPerPeriod / 1000);
      final long endNs =
          aligner.toGatewayNanosUnwrapped(firstTicks + (i + 1) * ticksTimesMsPerPeriod / 1000);
      count(grid.placeMicPeriod(slot, startNs, endNs, level));
    }
  }

  private void count(Placement placement) {
    switch (placement) {
      case PLACED:
        samplesPlaced++;
        break;
      case LATE:
        samplesLate++;
        break;
      default:
        samplesTooFarAhead++;
    }
  }

  public void onStatus(StatusFrame status, long receiveNs) {
    batteryMv = status.batteryMv();
    batteryPercent =
        status.batteryPercent() == StatusFrame.BATTERY_PERCENT_UNKNOWN
            ? -1
            : status.batteryPercent();
    statusFlags = status.flags();
    badgeDroppedAccel = status.droppedAccelSamples();
    badgeDroppedMic = status.droppedMicPeriods();
  }

  /** Pairs the response with its request and feeds the exchange to the clock alignment. */
  public ExchangeOutcome onTimeSyncResponse(TimeSyncResponseFrame response, long receiveNs) {
    final long t1Ns = pendingSyncs.take(response.correlationId());
    if (t1Ns == PendingTimeSyncs.NOT_FOUND || aligner == null) {
      timeSyncUnmatched++;
      return ExchangeOutcome.REJECTED_INVALID;
    }
    final ExchangeOutcome outcome =
        aligner.onSyncExchange(t1Ns, response.receiveTick(), response.sendTick(), receiveNs);
    syncScheduler.onAlignerUpdated(
        receiveNs, aligner.state(), aligner.estimatedErrorNanosAt(receiveNs));
    return outcome;
  }

  /** True when the host should send this badge a TIME_SYNC_REQUEST now (never before a HELLO). */
  public boolean isTimeSyncDue(long nowNs) {
    return helloSeen && syncScheduler.isDue(nowNs);
  }

  /**
   * Starts a time sync: returns the correlation id to put in the TIME_SYNC_REQUEST. {@code nowNs}
   * serves as the send time unless {@link #onTimeSyncSent} reports the transport's own, later
   * stamp; either way it is read before the bytes leave, as the alignment requires.
   */
  public long beginTimeSync(long nowNs) {
    final long id = nextCorrelationId;
    nextCorrelationId = (nextCorrelationId + 1) & 0xFFFF_FFFFL;
    if (nextCorrelationId == 0) {
      nextCorrelationId = 1;
    }
    pendingSyncs.add(id, nowNs);
    syncScheduler.onRequestSent(nowNs, aligner.state(), aligner.estimatedErrorNanosAt(nowNs));
    timeSyncsRequested++;
    return id;
  }

  /** True when the badge was heard but its HELLO was not, and it was not asked for one lately. */
  public boolean isHelloRequestDue(long nowNs) {
    return !helloSeen
        && framesReceived > 0
        && (helloRequests == 0 || nowNs - lastHelloRequestNs >= HELLO_REQUEST_INTERVAL_NS);
  }

  public void onHelloRequested(long nowNs) {
    helloRequests++;
    lastHelloRequestNs = nowNs;
  }

  public long helloRequests() {
    return helloRequests;
  }

  /** The transport stamped the request just before writing it: a tighter t1. */
  public void onTimeSyncSent(long correlationId, long t1Ns) {
    pendingSyncs.updateSentTime(correlationId, t1Ns);
  }

  private void noteSeen(long receiveNs, int linkIndex) {
    framesReceived++;
    if (lastSeenNs == Long.MIN_VALUE || receiveNs > lastSeenNs) {
      lastSeenNs = receiveNs;
    }
    lastLinkIndex = linkIndex;
  }

  public BadgeHealth health(long nowNs) {
    final boolean mapped = aligner != null && aligner.hasMapping();
    return new BadgeHealth(
        badgeId,
        slot,
        lastSeenNs,
        framesReceived,
        accelRate.rateMilliHz(nowNs),
        nominalAccelRateMilliHz,
        sequences.lossPercent(),
        sequences.lost(),
        sequences.duplicates(),
        sequences.reordered(),
        sequences.late(),
        batteryMv,
        batteryPercent,
        aligner == null ? SyncState.UNSYNCED : aligner.state(),
        mapped ? aligner.estimatedErrorNanosAt(nowNs) : Long.MAX_VALUE,
        mapped ? aligner.driftPpm() : Double.NaN,
        reboots + clockJumpsDetected(),
        samplesPlaced,
        samplesUnaligned,
        samplesLate + samplesTooFarAhead,
        badgeDroppedAccel + badgeDroppedMic);
  }

  /**
   * Counter jumps the clock alignment found by itself from TIME_SYNC exchanges (a reboot whose
   * HELLO was lost, a firmware glitch), as opposed to reboots a HELLO announced.
   */
  public long clockJumpsDetected() {
    return clockJumpsOfFormerAligners + clockJumpsOfCurrentAligner();
  }

  private long clockJumpsOfCurrentAligner() {
    return aligner == null ? 0 : aligner.rebootCount() - alignerRebootsReported;
  }

  public int badgeId() {
    return badgeId;
  }

  public int slot() {
    return slot;
  }

  public boolean helloSeen() {
    return helloSeen;
  }

  public long tickRateHz() {
    return tickRateHz;
  }

  public int micPeriodMs() {
    return micPeriodMs;
  }

  public int capabilities() {
    return capabilities;
  }

  public String firmwareVersion() {
    return firmwareMajor + "." + firmwareMinor + "." + firmwarePatch;
  }

  public int statusFlags() {
    return statusFlags;
  }

  public int lastLinkIndex() {
    return lastLinkIndex;
  }

  public long lastSeenNs() {
    return lastSeenNs;
  }

  /** The clock alignment, or null before the first HELLO. */
  public ClockAligner aligner() {
    return aligner;
  }

  public SequenceTracker sequences() {
    return sequences;
  }

  public long hellos() {
    return hellos;
  }

  public long reboots() {
    return reboots;
  }

  public long samplesPlaced() {
    return samplesPlaced;
  }

  public long samplesUnaligned() {
    return samplesUnaligned;
  }

  public long samplesBeforeHello() {
    return samplesBeforeHello;
  }

  public long samplesLate() {
    return samplesLate;
  }

  public long samplesTooFarAhead() {
    return samplesTooFarAhead;
  }

  public long micNotMeasured() {
    return micNotMeasured;
  }

  public long invalidBatches() {
    return invalidBatches;
  }

  public long timeSyncUnmatched() {
    return timeSyncUnmatched;
  }

  public long timeSyncsRequested() {
    return timeSyncsRequested;
  }
}
