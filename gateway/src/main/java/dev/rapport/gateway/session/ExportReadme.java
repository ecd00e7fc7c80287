package dev.rapport.gateway.session;

import dev.rapport.badge.protocol.BadgeId;
import dev.rapport.gateway.engine.GatewayEngine;
import dev.rapport.gateway.ingest.BadgeSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The README.txt of an export: what the session was, who took part (pseudonyms only), which
 * parameters the numbers come from, how healthy each badge's data was, and what damage the
 * recording had, so that a file found years later explains itself.
 */
final class ExportReadme {
  private ExportReadme() {}

  static String text(
      SessionInfo info,
      SessionParameters.Resolved resolved,
      GatewayEngine engine,
      GridCsv grid,
      SessionExporter.Summary summary,
      Path recordingDirectory,
      String version)
      throws IOException {
    StringBuilder b = new StringBuilder(4096);
    b.append("Rapport session export\n======================\n\n");
    b.append("session:        ").append(info.id()).append('\n');
    b.append("site / gateway: ")
        .append(info.site())
        .append(" / ")
        .append(info.gateway())
        .append('\n');
    b.append("started:        ").append(time(info.startedMs())).append('\n');
    b.append("stopped:        ")
        .append(info.stoppedMs() == null ? "(not recorded)" : time(info.stoppedMs()))
        .append('\n');
    b.append("recorded with:  rapport ").append(info.version()).append('\n');
    b.append("exported with:  rapport ").append(version).append('\n');
    b.append("exported at:    ").append(Instant.now()).append("\n\n");

    b.append("Engine parameters (stored with the session; dyads.csv reproduces the live scores)\n");
    Map<String, Object> parameters = new TreeMap<>(SessionParameters.of(resolved.settings()));
    for (Map.Entry<String, Object> e : parameters.entrySet()) {
      b.append("  ").append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
    }
    for (String note : resolved.notes()) {
      b.append("  NOTE: ").append(note).append('\n');
    }

    b.append("\nParticipants (badge, pseudonym, consent)\n");
    if (info.participants().isEmpty()) {
      b.append("  none listed: every badge was recorded and scored\n");
    }
    for (Participant p : info.participants()) {
      b.append("  ")
          .append(p.badge())
          .append("  ")
          .append(p.label())
          .append("  ")
          .append(p.consent() ? "consent" : "NO consent: never recorded, not scored")
          .append('\n');
    }

    b.append("\nBadges in the recording\n");
    b.append(
        String.format(
            Locale.ROOT,
            "  %-6s %-12s %12s %14s %12s %9s %-10s %14s %8s%n",
            "badge",
            "participant",
            "grid_ticks",
            "accel_samples",
            "mic_levels",
            "loss_pct",
            "clock",
            "clock_error_ms",
            "reboots"));
    for (int slot = 0; slot < engine.badgeCount(); slot++) {
      BadgeSession s = engine.session(slot);
      String badge = BadgeId.format(s.badgeId());
      b.append(
          String.format(
              Locale.ROOT,
              "  %-6s %-12s %12d %14d %12d %9.2f %-10s %14s %8d%n",
              badge,
              label(info, badge),
              grid.presentTicks(slot),
              s.accelSamplesPlaced(),
              s.micLevelsPlaced(),
              s.sequences().lossPercent(),
              s.clockState().name().toLowerCase(),
              s.clockErrorNs() == Long.MAX_VALUE
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f", s.clockErrorNs() / 1e6),
              s.reboots()));
    }

    b.append("\nRecording\n");
    b.append("  directory: ").append(recordingDirectory).append('\n');
    long bytes = 0;
    for (Path f : RecordingFiles.list(recordingDirectory)) {
      bytes += Files.size(f);
    }
    b.append("  bytes:     ").append(bytes).append('\n');
    for (String line : ReplayReport.lines(summary.replay())) {
      b.append("  ").append(line).append('\n');
    }

    b.append("\nFiles (columns: docs/export.md of Rapport)\n");
    b.append(
        String.format(
            Locale.ROOT,
            "  %-14s %10d rows%n",
            SessionExporter.SAMPLES_FILE,
            summary.sampleRows()));
    b.append(
        String.format(
            Locale.ROOT,
            "  %-14s %10d rows%n",
            SessionExporter.FEATURES_FILE,
            summary.featureRows()));
    b.append(
        String.format(
            Locale.ROOT, "  %-14s %10d rows%n", SessionExporter.DYADS_FILE, summary.dyadRows()));
    b.append(
        String.format(
            Locale.ROOT,
            "  %-14s %10d rows%n",
            SessionExporter.MARKERS_FILE,
            summary.markerRows()));
    b.append(
        "\nTimes (time_ms) are epoch milliseconds of the gateway's clock at the END of a grid tick"
            + " or window.\nEmpty cells mean no value (missing data), never zero.\n");
    return b.toString();
  }

  private static String label(SessionInfo info, String badge) {
    for (Participant p : info.participants()) {
      if (p.badge().equals(badge)) {
        return p.label();
      }
    }
    return "-";
  }

  private static String time(long epochMs) {
    return Instant.ofEpochMilli(epochMs) + " (" + epochMs + ")";
  }
}
