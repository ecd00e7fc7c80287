package dev.rapport.gateway.sync.offline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The dyads a lab asked for ({@code --pairs A:B,C:D} or {@code --pairs-file}), or all of them. A
 * pair is unordered: it is scored as (a, b) with a before b in string order.
 */
public final class PairSelection {
  private final Set<String> pairs;

  private PairSelection(Set<String> pairs) {
    this.pairs = pairs;
  }

  /** Every pair of badges in the file. */
  public static PairSelection all() {
    return new PairSelection(null);
  }

  /**
   * Parses {@code A:B,C:D}. Badge names containing ':' or ',' need {@link #fromFile}.
   *
   * @throws IllegalArgumentException naming the malformed item
   */
  public static PairSelection parse(String text) {
    Set<String> pairs = new LinkedHashSet<>();
    for (String item : text.split(",", -1)) {
      String[] parts = item.split(":", -1);
      if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
        throw new IllegalArgumentException(
            "pairs must be A:B items separated by commas, item='" + item + "'");
      }
      add(pairs, parts[0], parts[1], "item='" + item + "'");
    }
    return new PairSelection(pairs);
  }

  /**
   * Reads one pair per line as {@code A,B} (CSV quoting allowed); blank lines and lines starting
   * with # are skipped.
   */
  public static PairSelection fromFile(Path file) throws IOException {
    Set<String> pairs = new LinkedHashSet<>();
    List<String> fields = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + ": line " + (i + 1);
      try {
        CsvRows.splitLine(line, fields);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(where + ": " + e.getMessage());
      }
      if (fields.size() != 2 || fields.get(0).isEmpty() || fields.get(1).isEmpty()) {
        throw new BadInputException(where + ": expected two badge names A,B, found '" + line + "'");
      }
      try {
        add(pairs, fields.get(0), fields.get(1), "line " + (i + 1));
      } catch (IllegalArgumentException e) {
        throw new BadInputException(file + ": " + e.getMessage());
      }
    }
    if (pairs.isEmpty()) {
      throw new BadInputException(file + ": no pairs in the file");
    }
    return new PairSelection(pairs);
  }

  private static void add(Set<String> pairs, String x, String y, String where) {
    if (x.equals(y)) {
      throw new IllegalArgumentException("a pair needs two different badges, " + where);
    }
    pairs.add(key(x, y));
  }

  private static String key(String x, String y) {
    return x.compareTo(y) < 0 ? x + '\u0000' + y : y + '\u0000' + x;
  }

  /**
   * Checks that every named badge occurs in the input.
   *
   * @throws BadInputException naming the first unknown badge
   */
  public void requireKnown(Collection<String> badges, Path input) {
    if (pairs == null) {
      return;
    }
    for (String pair : pairs) {
      for (String badge : pair.split("\u0000", -1)) {
        if (!badges.contains(badge)) {
          throw new BadInputException(
              "pair "
                  + pair.replace('\u0000', ':')
                  + " names badge '"
                  + badge
                  + "', which does not occur in "
                  + input);
        }
      }
    }
  }

  /** The engine's pair filter (a before b). */
  public BiPredicate<String, String> filter() {
    if (pairs == null) {
      return (a, b) -> true;
    }
    return (a, b) -> pairs.contains(key(a, b));
  }

  public boolean isAll() {
    return pairs == null;
  }
}
