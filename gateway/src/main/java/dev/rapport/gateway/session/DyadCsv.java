package dev.rapport.gateway.session;

import dev.rapport.gateway.mqtt.DyadScoreMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Dyad scores as CSV (docs/export.md): one row per dyad per hop, absent values as empty cells.
 * Numbers are written with {@link Double#toString}, the shortest text that reads back to the very
 * same double, so a CSV can be compared bit for bit with another run and parsed back exactly.
 * Stateless; any thread.
 */
public final class DyadCsv {
  public static final String HEADER =
      "time_ms,badge_a,badge_b,score,"
          + "movement_r,movement_lag_ms,movement_leader,movement_z,movement_p,"
          + "vocal_r,vocal_lag_ms,vocal_leader,vocal_z,vocal_p,"
          + "vocal_share_a,vocal_share_b,vocal_overlap_ms,vocal_silence_ms,vocal_transitions,"
          + "vocal_response_latency_ms,posture_mirroring,window_ms,max_lag_ms";

  private static final int COLUMNS = HEADER.split(",").length;

  private DyadCsv() {}

  /** Appends one row, without the line end. */
  public static StringBuilder row(DyadScoreMessage m, StringBuilder out) {
    out.append(m.timeMs()).append(',').append(m.badgeA()).append(',').append(m.badgeB());
    cell(out, m.score());
    lagged(out, m.movement());
    lagged(out, m.vocal());
    cell(out, m.vocalShareA());
    cell(out, m.vocalShareB());
    cell(out, m.vocalOverlapMs());
    cell(out, m.vocalSilenceMs());
    cell(out, m.vocalTransitions());
    cell(out, m.vocalResponseLatencyMs());
    cell(out, m.postureMirroring());
    out.append(',').append(m.windowMs()).append(',').append(m.maxLagMs());
    return out;
  }

  public static String row(DyadScoreMessage m) {
    return row(m, new StringBuilder(200)).toString();
  }

  private static void lagged(StringBuilder out, DyadScoreMessage.Lagged l) {
    cell(out, l.r());
    cell(out, l.lagMs());
    cell(out, l.leader());
    cell(out, l.z());
    cell(out, l.p());
  }

  private static void cell(StringBuilder out, Object value) {
    out.append(',');
    if (value != null) {
      out.append(value);
    }
  }

  /**
   * Reads a row written by {@link #row} back into a message (without session).
   *
   * @throws IllegalArgumentException naming the column when a cell is not what it should be
   */
  public static DyadScoreMessage parse(String line) {
    return parse(line, null);
  }

  /**
   * Reads a row of a session's export back into the message the gateway published: every row of an
   * export belongs to its session, so the file has no session column.
   */
  public static DyadScoreMessage parse(String line, String session) {
    String[] c = split(line);
    if (c.length != COLUMNS) {
      throw new IllegalArgumentException(
          "dyad CSV row must have " + COLUMNS + " columns, columns=" + c.length + " row=" + line);
    }
    int i = 0;
    DyadScoreMessage.Builder b = DyadScoreMessage.builder(c[1], c[2]);
    b.timeMs(longCell("time_ms", c[0]));
    i = 3;
    b.score(doubleCell("score", c[i++]));
    b.movementR(doubleCell("movement_r", c[i++]))
        .movementLagMs(optionalLong("movement_lag_ms", c[i++]))
        .movementLeader(text(c[i++]))
        .movementZ(doubleCell("movement_z", c[i++]))
        .movementP(doubleCell("movement_p", c[i++]));
    b.vocalR(doubleCell("vocal_r", c[i++]))
        .vocalLagMs(optionalLong("vocal_lag_ms", c[i++]))
        .vocalLeader(text(c[i++]))
        .vocalZ(doubleCell("vocal_z", c[i++]))
        .vocalP(doubleCell("vocal_p", c[i++]));
    b.vocalShareA(doubleCell("vocal_share_a", c[i++]))
        .vocalShareB(doubleCell("vocal_share_b", c[i++]))
        .vocalOverlapMs(optionalLong("vocal_overlap_ms", c[i++]))
        .vocalSilenceMs(optionalLong("vocal_silence_ms", c[i++]));
    Long transitions = optionalLong("vocal_transitions", c[i++]);
    b.vocalTransitions(transitions == null ? null : Math.toIntExact(transitions))
        .vocalResponseLatencyMs(optionalLong("vocal_response_latency_ms", c[i++]))
        .postureMirroring(doubleCell("posture_mirroring", c[i++]))
        .windowMs(longCell("window_ms", c[i++]))
        .maxLagMs(longCell("max_lag_ms", c[i]))
        .session(session);
    return b.build();
  }

  private static String[] split(String line) {
    List<String> cells = new ArrayList<>(COLUMNS);
    int from = 0;
    for (int at = line.indexOf(','); at >= 0; at = line.indexOf(',', from)) {
      cells.add(line.substring(from, at));
      from = at + 1;
    }
    cells.add(line.substring(from));
    return cells.toArray(new String[0]);
  }

  private static String text(String cell) {
    return cell.isEmpty() ? null : cell;
  }

  private static long longCell(String column, String cell) {
    Long v = optionalLong(column, cell);
    if (v == null) {
      throw new IllegalArgumentException(column + " must not be empty");
    }
    return v;
  }

  private static Long optionalLong(String column, String cell) {
    if (cell.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(cell);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(column + " is not an integer, " + column + "=" + cell, e);
    }
  }

  private static Double doubleCell(String column, String cell) {
    if (cell.isEmpty()) {
      return null;
    }
    try {
      return Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(column + " is not a number, " + column + "=" + cell, e);
    }
  }
}
