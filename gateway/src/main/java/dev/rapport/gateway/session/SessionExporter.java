package dev.rapport.gateway.session;

import dev.rapport.gateway.engine.GatewayEngine;
import dev.rapport.gateway.mqtt.DyadScoreMessage;
import dev.rapport.gateway.runtime.EngineOutputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Exports a session for statistics tools (docs/export.md): replays its recording through the engine
 * with the stored parameters and writes the grid samples, the features, the dyad metrics (equal to
 * the live scores), the markers and a README.txt with the metadata and the damage report. Each file
 * is written under a temporary name and renamed when complete, so nothing partial looks finished.
 */
public final class SessionExporter {
  public static final String SAMPLES_FILE = "samples.csv";
  public static final String FEATURES_FILE = "features.csv";
  public static final String DYADS_FILE = "dyads.csv";
  public static final String MARKERS_FILE = "markers.csv";
  public static final String README_FILE = "README.txt";
  public static final String MARKERS_HEADER = "time_ms,label";

  /** What an export wrote. */
  public record Summary(
      long sampleRows,
      long featureRows,
      long dyadRows,
      long markerRows,
      int badges,
      Replayer.Result replay,
      List<Path> files) {}

  private SessionExporter() {}

  /**
   * @param version the exporting software's version, written into README.txt
   */
  public static Summary export(
      SessionInfo info,
      Path recordingDirectory,
      SessionParameters.Resolved resolved,
      Path outDirectory,
      String version,
      Replayer.Progress progress)
      throws IOException, InterruptedException {
    Files.createDirectories(outDirectory);
    Path samplesPart = part(outDirectory, SAMPLES_FILE);
    Path featuresPart = part(outDirectory, FEATURES_FILE);
    Path dyadsPart = part(outDirectory, DYADS_FILE);
    Path markersPart = part(outDirectory, MARKERS_FILE);
    List<Path> parts = List.of(samplesPart, featuresPart, dyadsPart, markersPart);
    Replayer.Result result;
    GatewayEngine engine;
    GridCsv grid;
    Tables tables;
    try (Writer samples = Files.newBufferedWriter(samplesPart, StandardCharsets.UTF_8);
        Writer features = Files.newBufferedWriter(featuresPart, StandardCharsets.UTF_8);
        Writer dyads = Files.newBufferedWriter(dyadsPart, StandardCharsets.UTF_8);
        Writer markers = Files.newBufferedWriter(markersPart, StandardCharsets.UTF_8)) {
      tables = new Tables(dyads, markers);
      engine = Replayer.engineFor(info, resolved.settings(), tables);
      grid = new GridCsv(samples, features, resolved.settings().maxBadges());
      engine.tickListener(grid);
      result = new Replayer(engine).replay(recordingDirectory, Replayer.FAST, progress);
    } catch (IOException | RuntimeException | InterruptedException e) {
      for (Path p : parts) {
        Files.deleteIfExists(p);
      }
      throw e;
    }
    List<Path> files = new ArrayList<>();
    for (Path p : parts) {
      String name = p.getFileName().toString();
      Path done = outDirectory.resolve(name.substring(0, name.length() - ".part".length()));
      Files.move(p, done, StandardCopyOption.REPLACE_EXISTING);
      files.add(done);
    }
    Path readme = outDirectory.resolve(README_FILE);
    files.add(readme);
    Summary summary =
        new Summary(
            grid.sampleRows(),
            grid.featureRows(),
            tables.dyadRows,
            tables.markerRows,
            engine.badgeCount(),
            result,
            List.copyOf(files));
    Path readmePart = part(outDirectory, README_FILE);
    Files.writeString(
        readmePart,
        ExportReadme.text(info, resolved, engine, grid, summary, recordingDirectory, version),
        StandardCharsets.UTF_8);
    Files.move(readmePart, readme, StandardCopyOption.REPLACE_EXISTING);
    return summary;
  }

  private static Path part(Path directory, String name) {
    return directory.resolve(name + ".part");
  }

  /** RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled. */
  static String csvText(String text) {
    if (text.indexOf(',') < 0
        && text.indexOf('"') < 0
        && text.indexOf('\n') < 0
        && text.indexOf('\r') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }

  /** Dyad rows and markers as the engine produces them. Replay thread. */
  private static final class Tables extends EngineOutputs.Ignoring {
    private final Writer dyads;
    private final Writer markers;
    private final StringBuilder line = new StringBuilder(256);
    long dyadRows;
    long markerRows;

    Tables(Writer dyads, Writer markers) throws IOException {
      this.dyads = dyads;
      this.markers = markers;
      dyads.write(DyadCsv.HEADER);
      dyads.write('\n');
      markers.write(MARKERS_HEADER);
      markers.write('\n');
    }

    @Override
    public void onDyad(DyadScoreMessage message) {
      line.setLength(0);
      DyadCsv.row(message, line).append('\n');
      try {
        dyads.append(line);
      } catch (IOException e) {
        throw new UncheckedIOException("writing " + DYADS_FILE + " failed", e);
      }
      dyadRows++;
    }

    @Override
    public void onMarker(long timeMs, String label) {
      try {
        markers.write(timeMs + "," + csvText(label) + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException("writing " + MARKERS_FILE + " failed", e);
      }
      markerRows++;
    }
  }
}
