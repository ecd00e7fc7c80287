package dev.rapport.gateway.runtime;

import dev.rapport.badge.clock.SyncState;
import dev.rapport.badge.sim.BadgeFleet;
import dev.rapport.badge.sim.SimConfig;
import dev.rapport.gateway.engine.GatewayEngine;
import dev.rapport.gateway.ingest.BadgeSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The ingestion figures of a simulated room, measured against the simulator's ground truth: clock
 * alignment error over time ({@link AlignmentProbe}), when badges are SYNCED, the frame ledger of
 * every link ({@link LinkLedger}), samples placed on the grid against samples the badges measured,
 * and the dyads that got results ({@link DyadTally}). The tests assert on it; {@link
 * RoomFiguresMain} prints it for docs/ingestion.md. Engine thread only.
 *
 * <p>Use: pass {@link #probe()} as the {@link VirtualRoom}'s recorder and {@link #output()} as its
 * output, {@link #attach} the room, call {@link #observe} once per simulated second.
 */
public final class RoomFigures {
  private static final int DETAILED_BUCKETS = 5;

  private final BadgeFleet fleet;
  private final long originNs;
  private final AlignmentProbe probe;
  private final DyadTally output = new DyadTally();
  private VirtualRoom room;
  private long firstAllSyncedNs = Long.MIN_VALUE;
  private long badgeSecondsObserved;
  private long badgeSecondsNotSynced;

  /**
   * @param settleNs session time after which alignment and sync state count (30 s in issue 3)
   * @param bucketNs width of the alignment-over-time buckets
   */
  public RoomFigures(BadgeFleet fleet, long originNs, long settleNs, long bucketNs) {
    this.fleet = fleet;
    this.originNs = originNs;
    this.probe = new AlignmentProbe(fleet, originNs, settleNs, bucketNs);
  }

  public AlignmentProbe probe() {
    return probe;
  }

  public DyadTally output() {
    return output;
  }

  public void attach(VirtualRoom room) {
    this.room = room;
    probe.attach(room.engine());
  }

  /** Notes every badge's sync state at gateway time {@code nowNs}; call about once a second. */
  public void observe(long nowNs) {
    GatewayEngine engine = room.engine();
    int synced = 0;
    for (int slot = 0; slot < engine.badgeCount(); slot++) {
      if (engine.session(slot).clockState() == SyncState.SYNCED) {
        synced++;
      }
    }
    boolean all = engine.badgeCount() == fleet.badgeCount() && synced == fleet.badgeCount();
    if (all && firstAllSyncedNs == Long.MIN_VALUE) {
      firstAllSyncedNs = nowNs - originNs;
    }
    if (nowNs - originNs >= probe.settleNs()) {
      badgeSecondsObserved += fleet.badgeCount();
      badgeSecondsNotSynced += fleet.badgeCount() - synced;
    }
  }

  /** Session time at which every badge was first SYNCED; Long.MIN_VALUE if never (so far). */
  public long firstAllSyncedNs() {
    return firstAllSyncedNs;
  }

  /** Badge observations after the settling time in which the badge was not SYNCED. */
  public long badgeSecondsNotSynced() {
    return badgeSecondsNotSynced;
  }

  public long badgeSecondsObserved() {
    return badgeSecondsObserved;
  }

  public List<LinkLedger> ledgers() {
    List<LinkLedger> ledgers = new ArrayList<>();
    for (int link = 0; link < fleet.linkCount(); link++) {
      ledgers.add(LinkLedger.of(link, fleet, room.engine(), room.intakes().get(link)));
    }
    return ledgers;
  }

  /** Accelerometer samples one badge measured up to now (it streams from session time 0). */
  public long accelSamplesMeasuredPerBadge() {
    SimConfig config = fleet.room().config();
    return (fleet.timeUs() * config.accelRateHz() + 999_999L) / 1_000_000L;
  }

  /** Microphone periods one badge completed up to now. */
  public long micLevelsMeasuredPerBadge() {
    return fleet.timeUs() / fleet.room().config().micPeriodUs();
  }

  /** Sums a per-session count over all badges. */
  public long sumSessions(java.util.function.ToLongFunction<BadgeSession> count) {
    GatewayEngine engine = room.engine();
    long sum = 0;
    for (int slot = 0; slot < engine.badgeCount(); slot++) {
      sum += count.applyAsLong(engine.session(slot));
    }
    return sum;
  }

  /**
   * The figures as Markdown, for docs/ingestion.md.
   *
   * @param cpuNs CPU time of the thread that ran the room (simulator + gateway), or -1
   * @param engineCpuNs CPU times of replaying the recorded events through a fresh engine, once per
   *     replay (none: no replay)
   * @param engineReplayNs session time each replay covered
   */
  public String markdown(long cpuNs, long[] engineCpuNs, long engineReplayNs) {
    StringBuilder md = new StringBuilder();
    double minutes = fleet.timeUs() / 60e6;
    int badges = fleet.badgeCount();
    md.append(
        format(
            "%d badges, %.1f minutes of session time, seed %d.%n%n",
            badges, minutes, fleet.room().config().seed()));
    appendAlignment(md);
    appendFrames(md);
    appendSamples(md);
    GatewayEngine engine = room.engine();
    long dyadsExpected = (long) badges * (badges - 1) / 2;
    md.append(
        format(
            "Dyads: %d of %d got results (%d with a movement value, %d with a vocal value); "
                + "%d dyad messages, at least %d per dyad.%n%n",
            output.dyads(),
            dyadsExpected,
            output.dyadsWithMovement(),
            output.dyadsWithVocal(),
            output.messages(),
            output.fewestMessagesPerDyad()));
    if (cpuNs >= 0) {
      md.append(
          format(
              "CPU: %.2f s per simulated minute for the whole run on one thread "
                  + "(simulator generating 64 badges' signals and frames, decoders, engine).%n",
              cpuNs / 1e9 / minutes));
    }
    if (engineCpuNs.length > 0) {
      long min = java.util.Arrays.stream(engineCpuNs).min().getAsLong();
      long max = java.util.Arrays.stream(engineCpuNs).max().getAsLong();
      double replayMinutes = engineReplayNs / 60e9;
      md.append(
          format(
              "CPU: %.2f s per simulated minute for the gateway engine alone (badge sessions, "
                  + "clock alignment, grid, features, %d dyads): %.1f%% of one core in real time. "
                  + "Fastest of %d replays of the first %.1f minutes' recorded events through a "
                  + "fresh engine (slowest %.2f s per minute).%n",
              min / 1e9 / replayMinutes,
              dyadsExpected,
              100.0 * min / engineReplayNs,
              engineCpuNs.length,
              replayMinutes,
              max / 1e9 / replayMinutes));
    }
    md.append(
        format(
            "%nEngine counters: %d duplicate frames dropped, %d unreadable, %d without a slot.%n",
            engine.framesDuplicate(), engine.framesUnreadable(), engine.framesIgnoredNoSlot()));
    return md.toString();
  }

  private void appendAlignment(StringBuilder md) {
    md.append("Clock alignment: |gateway time the engine gives a sample tick - true gateway time|")
        .append(" per ACCEL frame, by session time.\n\n")
        .append("| session time | frames | p50 ms | p99 ms | max ms |\n")
        .append("|---|---:|---:|---:|---:|\n");
    long bucketS = probe.bucketNs() / 1_000_000_000L;
    // One row per bucket for the first five, then rows of five buckets: the start is where the
    // clock models change, the rest shows they stay.
    for (int i = 0; i < probe.bucketCount(); ) {
      int rowBuckets = i < DETAILED_BUCKETS ? 1 : DETAILED_BUCKETS;
      int end = Math.min(probe.bucketCount(), i + rowBuckets);
      Histogram h = probe.bucket(i).copy();
      for (int j = i + 1; j < end; j++) {
        h.add(probe.bucket(j));
      }
      if (h.getTotalCount() > 0) {
        md.append(format("| %d-%d s | %d | ", i * bucketS, end * bucketS, h.getTotalCount()))
            .append(percentiles(h))
            .append(" |\n");
      }
      i = end;
    }
    Histogram s = probe.settled();
    md.append(
            format(
                "| **after %d s** | %d | ", probe.settleNs() / 1_000_000_000L, s.getTotalCount()))
        .append(percentiles(s))
        .append(" |\n\n");
    md.append(
        format(
            "All %d badges SYNCED from %s; after %d s, %d of %d badge-seconds not SYNCED. "
                + "%d ACCEL frames arrived before their badge had a clock model.%n%n",
            fleet.badgeCount(),
            firstAllSyncedNs == Long.MIN_VALUE ? "never" : format("%.1f s", firstAllSyncedNs / 1e9),
            probe.settleNs() / 1_000_000_000L,
            badgeSecondsNotSynced,
            badgeSecondsObserved,
            probe.framesUnmapped()));
  }

  private static String percentiles(Histogram h) {
    return format(
        "%.3f | %.3f | %.3f",
        h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6);
  }

  private void appendFrames(StringBuilder md) {
    List<LinkLedger> ledgers = ledgers();
    long sent = 0;
    long lostOnLink = 0;
    long corrupted = 0;
    long counted = 0;
    long notYetSeen = 0;
    long unresolved = 0;
    long duplicatedTruth = 0;
    long duplicates = 0;
    long reorderedTruth = 0;
    long reordered = 0;
    long decodeErrors = 0;
    long tooOld = 0;
    long refused = 0;
    int exactLoss = 0;
    int consistent = 0;
    int decoderExact = 0;
    int accounted = 0;
    for (LinkLedger l : ledgers) {
      sent += l.framesSent();
      lostOnLink += l.framesLostOnLink();
      corrupted += l.truth().framesCorrupted();
      counted += l.lost();
      notYetSeen += l.lossNotYetSeen();
      unresolved += l.unresolvedFrames();
      duplicatedTruth += l.truth().framesDuplicated();
      duplicates += l.duplicates();
      reorderedTruth += l.truth().framesReordered();
      reordered += l.reordered();
      decodeErrors += l.decodeErrors();
      tooOld += l.tooOld();
      refused += l.framesRefused();
      exactLoss += l.lossNotYetSeen() == 0 ? 1 : 0;
      consistent += l.lossConsistent() ? 1 : 0;
      decoderExact += l.decoderExact() ? 1 : 0;
      accounted += l.everyDecodedFrameAccounted() ? 1 : 0;
    }
    int n = ledgers.size();
    md.append("Frames, all links (simulator ground truth beside the gateway's counts):\n\n")
        .append("| | simulator | gateway |\n|---|---:|---:|\n")
        .append(format("| frames sent by badges | %d | |%n", sent))
        .append(
            format(
                "| lost (dropped %d + damaged %d) | %d (%.3f%%) | %d counted, %d not yet seen |%n",
                lostOnLink - corrupted,
                corrupted,
                lostOnLink,
                100.0 * lostOnLink / sent,
                counted,
                notYetSeen))
        .append(
            format("| duplicated | %d | %d dropped as duplicates |%n", duplicatedTruth, duplicates))
        .append(
            format(
                "| reordered | %d | %d arrived late and were recovered |%n",
                reorderedTruth, reordered))
        .append(format("| rejected by the decoder (CRC etc.) | | %d |%n", decodeErrors))
        .append(format("| too old / refused by a full queue | | %d / %d |%n", tooOld, refused))
        .append(
            format(
                "| unresolved at the end (in flight or after the newest) | | %d |%n%n",
                unresolved));
    md.append(
        format(
            "Checks per link: decoder exact on %d/%d, every decoded frame accounted on %d/%d, "
                + "loss ledger closes on %d/%d, loss counted exactly (nothing pending) on %d/%d.%n%n",
            decoderExact, n, accounted, n, consistent, n, exactLoss, n));
  }

  private void appendSamples(StringBuilder md) {
    int badges = fleet.badgeCount();
    long measured = accelSamplesMeasuredPerBadge() * badges;
    long placed = sumSessions(BadgeSession::accelSamplesPlaced);
    long beforeSync = sumSessions(BadgeSession::samplesBeforeSync);
    long offGrid = sumSessions(BadgeSession::samplesOffGrid);
    long micMeasured = micLevelsMeasuredPerBadge() * badges;
    long micPlaced = sumSessions(BadgeSession::micLevelsPlaced);
    long missing = measured - placed - beforeSync - offGrid;
    var grid = room.engine().grid();
    md.append("Samples:\n\n")
        .append("| | accelerometer | % of measured |\n|---|---:|---:|\n")
        .append(format("| measured by the badges | %d | 100 |%n", measured))
        .append(format("| placed on the grid | %d | %.3f |%n", placed, 100.0 * placed / measured))
        .append(
            format(
                "| dropped: arrived before the badge's clock was mapped | %d | %.3f |%n",
                beforeSync, 100.0 * beforeSync / measured))
        .append(
            format(
                "| dropped: outside the open grid (late or too early), all kinds | %d | %.3f |%n",
                offGrid, 100.0 * offGrid / measured))
        .append(
            format(
                "| in lost frames, in flight or in an unsent batch | %d | %.3f |%n%n",
                missing, 100.0 * missing / measured))
        .append(
            format(
                "Microphone levels placed: %d of %d measured (%.3f%%). Grid: %d ticks closed, "
                    + "%d samples late, %d too early.%n%n",
                micPlaced,
                micMeasured,
                100.0 * micPlaced / micMeasured,
                grid.ticksClosed(),
                grid.samplesLate(),
                grid.samplesTooEarly()));
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
