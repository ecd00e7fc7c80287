package dev.rapport.badge.sim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Runs a room for a fixed duration and writes the grid CSV plus its ground truth beside it: {@code
 * room.csv} gets {@code room.truth.csv}. Only whole grid ticks inside the duration are written.
 */
public final class SimulationCsv {
  private SimulationCsv() {}

  /**
   * {@code dir/name.csv} -> {@code dir/name.truth.csv}; other names get {@code .truth.csv} added.
   */
  public static Path truthPathFor(Path csvPath) {
    String name = csvPath.getFileName().toString();
    String base = name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    return csvPath.resolveSibling(base + ".truth.csv");
  }

  /**
   * What a run wrote.
   *
   * @param rows sample rows (badges x ticks)
   * @param truthPath where the ground truth went
   * @param droppedEvents model events lost to full buffers; 0 unless the configuration is extreme
   */
  public record Summary(long rows, Path truthPath, long droppedEvents) {}

  /** Simulates {@code durationMs} of {@code config} into {@code csvPath} and its truth file. */
  public static Summary write(SimConfig config, long durationMs, Path csvPath) throws IOException {
    Objects.requireNonNull(config, "config");
    if (durationMs < 0) {
      throw new IllegalArgumentException("duration must be >= 0, durationMs=" + durationMs);
    }
    SimulatedRoom room = SimulatedRoom.create(config);
    long rows;
    try (Writer out = Files.newBufferedWriter(csvPath, StandardCharsets.UTF_8)) {
      rows = writeSamples(room, durationMs, out);
    }
    Path truthPath = truthPathFor(csvPath);
    try (BufferedWriter out = Files.newBufferedWriter(truthPath, StandardCharsets.UTF_8)) {
      GroundTruth.write(config.couplings(), durationMs, out);
    }
    return new Summary(rows, truthPath, room.droppedEvents());
  }

  /**
   * The samples part of {@link #write}: runs a fresh {@code room} for {@code durationMs} into any
   * writer (header included) and returns the rows written.
   */
  public static long writeSamples(SimulatedRoom room, long durationMs, Writer out)
      throws IOException {
    SimConfig config = room.config();
    GridCsvWriter grid =
        new GridCsvWriter(out, config.badgeCount(), config.gridPeriodMs(), config.micPeriodMs());
    grid.writeHeader();
    long durationUs = durationMs * 1000L;
    long stepUs = config.gridPeriodMs() * 1000L;
    for (long t = stepUs; ; t += stepUs) {
      room.advanceTo(t, grid);
      long complete = room.deliveredBeforeUs();
      grid.writeTicksBefore(Math.min(complete, durationUs));
      if (complete >= durationUs) {
        break;
      }
    }
    return grid.rowsWritten();
  }
}
