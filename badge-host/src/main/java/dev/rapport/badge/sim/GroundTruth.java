package dev.rapport.badge.sim;

import dev.rapport.badge.protocol.BadgeId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The coupling ground truth of a simulated session as CSV, {@value #HEADER}: one row per episode,
 * badges in their four-hex-digit form, strength as a plain decimal, times in session milliseconds
 * with the end exclusive and clipped to the session's duration. Written next to the samples so that
 * an analysis can be scored against what was really simulated; {@link #read(Path)} parses it back.
 */
public final class GroundTruth {
  public static final String HEADER = "leader,follower,modality,lag_ms,strength,start_ms,end_ms";

  private GroundTruth() {}

  /**
   * The episodes as they apply to a session of {@code durationMs}: later ones left out, ends cut.
   */
  public static List<CouplingEpisode> clip(List<CouplingEpisode> episodes, long durationMs) {
    List<CouplingEpisode> out = new ArrayList<>();
    for (CouplingEpisode e : episodes) {
      if (e.startMs() < durationMs) {
        out.add(
            new CouplingEpisode(
                e.leader(),
                e.follower(),
                e.modality(),
                e.lagMs(),
                e.strength(),
                e.startMs(),
                Math.min(e.endMs(), durationMs)));
      }
    }
    return out;
  }

  public static void write(List<CouplingEpisode> episodes, long durationMs, Writer out)
      throws IOException {
    out.write(HEADER);
    out.write('\n');
    for (CouplingEpisode e : clip(episodes, durationMs)) {
      out.write(
          BadgeId.format(e.leader())
              + ','
              + BadgeId.format(e.follower())
              + ','
              + e.modality().name()
              + ','
              + e.lagMs()
              + ','
              + BigDecimal.valueOf(e.strength()).stripTrailingZeros().toPlainString()
              + ','
              + e.startMs()
              + ','
              + e.endMs()
              + '\n');
    }
  }

  /** Parses a file written by {@link #write}; errors name the line and the column. */
  public static List<CouplingEpisode> read(Path path) throws IOException {
    List<CouplingEpisode> episodes = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (!HEADER.equals(header)) {
        throw new IOException("not a ground-truth file, path=" + path + " line=1 header=" + header);
      }
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isEmpty()) {
          continue;
        }
        episodes.add(parseRow(path, lineNo, line));
      }
    }
    return episodes;
  }

  private static CouplingEpisode parseRow(Path path, int lineNo, String line) throws IOException {
    String[] cells = line.split(",", -1);
    if (cells.length != 7) {
      throw new IOException(
          "ground truth row needs 7 columns, path=" + path + " line=" + lineNo + " row=" + line);
    }
    String column = "leader";
    try {
      int leader = BadgeId.parse(cells[0]);
      column = "follower";
      int follower = BadgeId.parse(cells[1]);
      column = "modality";
      Modality modality = Modality.valueOf(cells[2]);
      column = "lag_ms";
      int lagMs = Integer.parseInt(cells[3]);
      column = "strength";
      double strength = Double.parseDouble(cells[4]);
      column = "start_ms";
      long startMs = Long.parseLong(cells[5]);
      column = "end_ms";
      long endMs = Long.parseLong(cells[6]);
      column = "row";
      return new CouplingEpisode(leader, follower, modality, lagMs, strength, startMs, endMs);
    } catch (IllegalArgumentException e) {
      throw new IOException(
          "bad ground truth, path=" + path + " line=" + lineNo + " column=" + column, e);
    }
  }
}
