package dev.rapport.gateway.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plain-text lines describing what a replay read and what it had to skip, for people. */
public final class ReplayReport {
  private ReplayReport() {}

  public static List<String> lines(Replayer.Result r) {
    List<String> lines = new ArrayList<>();
    RecordingReader.Report report = r.report();
    lines.add(
        String.format(
            Locale.ROOT,
            "read %d records from %d files: %d frames, %d watermarks, %d time-sync requests,"
                + " %d markers, %d session records",
            report.records(),
            report.files(),
            r.frames(),
            r.watermarks(),
            r.syncRequests(),
            r.markers(),
            r.sessionRecords()));
    if (r.complete()) {
      lines.add("recording complete: no damage, nothing lost");
    }
    for (RecordingReader.Damage d : report.damage()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "DAMAGE %s at byte %d, %d bytes: %s",
              d.file().getFileName(),
              d.offset(),
              d.bytes(),
              d.kind()));
    }
    if (!report.damage().isEmpty()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "damage: %d stretches, %d bytes skipped%s; every undamaged record was replayed,"
                  + " scores after the first damaged stretch can differ from the live run",
              report.damage().size(),
              report.damagedBytes(),
              report.tornTail() ? " (including a torn tail: the gateway stopped mid-write)" : ""));
    }
    if (report.unknownTypeRecords() > 0) {
      lines.add(
          "skipped "
              + report.unknownTypeRecords()
              + " records of a type this version does not know (written by a newer version)");
    }
    if (r.malformed() > 0) {
      lines.add(r.malformed() + " records had a valid CRC but an unusable body, e.g.:");
      for (String e : r.malformedExamples()) {
        lines.add("  " + e);
      }
    }
    if (r.droppedLive() > 0) {
      lines.add(
          "the live recorder lost "
              + r.droppedLive()
              + " events to a full queue: scores after that point can differ from the live run");
    }
    return lines;
  }
}
