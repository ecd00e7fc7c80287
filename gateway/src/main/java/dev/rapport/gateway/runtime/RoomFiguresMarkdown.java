package dev.rapport.gateway.runtime;

import dev.rapport.badge.sim.BadgeFleet;
import dev.rapport.gateway.engine.GatewayEngine;
import dev.rapport.gateway.ingest.BadgeSession;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Writes a {@link RoomFigures} run as the Markdown that docs/ingestion.md quotes: alignment over
 * time, the frame ledger summed over links, samples, dyads and CPU. Numbers only come from the run;
 * nothing here is a constant of a previous run.
 */
final class RoomFiguresMarkdown {
  /** Buckets shown one per row before rows of this many merged buckets. */
  private static final int DETAILED_BUCKETS = 5;

  private final RoomFigures figures;
  private final BadgeFleet fleet;
  private final GatewayEngine engine;

  RoomFiguresMarkdown(RoomFigures figures, BadgeFleet fleet, GatewayEngine engine) {
    this.figures = figures;
    this.fleet = fleet;
    this.engine = engine;
  }

  String render(long cpuNs, long[] engineCpuNs, long engineReplayNs) {
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
    long dyadsExpected = (long) badges * (badges - 1) / 2;
    md.append(
        format(
            "Dyads: %d of %d got results (%d with a movement value, %d with a vocal value); "
                + "%d dyad messages, at least %d per dyad.%n%n",
            figures.output().dyads(),
            dyadsExpected,
            figures.output().dyadsWithMovement(),
            figures.output().dyadsWithVocal(),
            figures.output().messages(),
            figures.output().fewestMessagesPerDyad()));
    if (cpuNs >= 0) {
      md.append(
          format(
              "CPU: %.2f s per simulated minute for the whole run on one thread "
                  + "(simulator generating %d badges' signals and frames, decoders, engine).%n",
              cpuNs / 1e9 / minutes, badges));
    }
    if (engineCpuNs.length > 0) {
      long min = Arrays.stream(engineCpuNs).min().getAsLong();
      long max = Arrays.stream(engineCpuNs).max().getAsLong();
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
    AlignmentProbe probe = figures.probe();
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
                + "%d ACCEL frames not placed (clock model not yet within 20 ms).%n%n",
            fleet.badgeCount(),
            figures.firstAllSyncedNs() == Long.MIN_VALUE
                ? "never"
                : format("%.1f s", figures.firstAllSyncedNs() / 1e9),
            probe.settleNs() / 1_000_000_000L,
            figures.badgeSecondsNotSynced(),
            figures.badgeSecondsObserved(),
            probe.framesNotPlaced()));
  }

  private static String percentiles(Histogram h) {
    return format(
        "%.3f | %.3f | %.3f",
        h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6);
  }

  private void appendFrames(StringBuilder md) {
    List<LinkLedger> ledgers = figures.ledgers();
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
    long measured = figures.accelSamplesMeasuredPerBadge() * badges;
    long placed = figures.sumSessions(BadgeSession::accelSamplesPlaced);
    long beforeSync = figures.sumSessions(BadgeSession::samplesBeforeSync);
    long offGrid = figures.sumSessions(BadgeSession::samplesOffGrid);
    long micMeasured = figures.micLevelsMeasuredPerBadge() * badges;
    long micPlaced = figures.sumSessions(BadgeSession::micLevelsPlaced);
    long missing = measured - placed - beforeSync - offGrid;
    var grid = engine.grid();
    md.append("Samples:\n\n")
        .append("| | accelerometer | % of measured |\n|---|---:|---:|\n")
        .append(format("| measured by the badges | %d | 100 |%n", measured))
        .append(format("| placed on the grid | %d | %.3f |%n", placed, 100.0 * placed / measured))
        .append(
            format(
                "| dropped: clock model not yet within 20 ms | %d | %.3f |%n",
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
