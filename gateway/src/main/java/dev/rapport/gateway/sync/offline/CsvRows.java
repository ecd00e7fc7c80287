package dev.rapport.gateway.sync.offline;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV file row by row for the offline commands, with errors that name the file, line and
 * column a user has to fix. Fields may be quoted ("a,b", "say ""hi""") so badge names can be any
 * string; a field may not span lines. The header must be exactly the expected one.
 */
final class CsvRows implements Closeable {
  private final Path file;
  private final BufferedReader reader;
  private final String[] columns;
  private final List<String> fields = new ArrayList<>();
  private long line;

  CsvRows(Path file, String... columns) throws IOException {
    this.file = file;
    this.columns = columns;
    this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    String header = reader.readLine();
    line = 1;
    if (header == null) {
      throw error("the file is empty; expected the header " + String.join(",", columns));
    }
    if (header.startsWith("\uFEFF")) {
      header = header.substring(1);
    }
    if (!stripCr(header).equals(String.join(",", columns))) {
      throw error(
          "header must be exactly '"
              + String.join(",", columns)
              + "', found '"
              + stripCr(header)
              + "'");
    }
  }

  /** Moves to the next row; false at the end of the file. */
  boolean next() throws IOException {
    String text = reader.readLine();
    if (text == null) {
      return false;
    }
    line++;
    split(stripCr(text));
    if (fields.size() != columns.length) {
      throw error(
          "expected "
              + columns.length
              + " fields ("
              + String.join(",", columns)
              + "), found "
              + fields.size());
    }
    return true;
  }

  long line() {
    return line;
  }

  String text(int column) {
    return fields.get(column);
  }

  boolean isEmpty(int column) {
    return fields.get(column).isEmpty();
  }

  /** The field as an integer in [min, max]. */
  long integer(int column, long min, long max) {
    String s = fields.get(column).trim();
    long value;
    try {
      if (s.isEmpty() || s.startsWith("+")) {
        throw new NumberFormatException();
      }
      value = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw errorAt(column, "'" + s + "' is not an integer");
    }
    if (value < min || value > max) {
      throw errorAt(column, value + " is out of range [" + min + ", " + max + "]");
    }
    return value;
  }

  BadInputException errorAt(int column, String problem) {
    return new BadInputException(
        file
            + ": line "
            + line
            + ", column "
            + (column + 1)
            + " ("
            + columns[column]
            + "): "
            + problem);
  }

  BadInputException error(String problem) {
    return new BadInputException(file + ": line " + line + ": " + problem);
  }

  private void split(String text) {
    try {
      splitLine(text, fields);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  /**
   * Splits one CSV line into {@code out}: fields separated by commas, optionally quoted with " (a
   * doubled "" inside quotes is one ").
   *
   * @throws IllegalArgumentException describing the problem when a quote is malformed
   */
  static void splitLine(String text, List<String> out) {
    out.clear();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = text.length();
    while (true) {
      field.setLength(0);
      if (i < n && text.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            throw new IllegalArgumentException(
                "a quoted field is not closed (fields may not span lines)");
          }
          char c = text.charAt(i++);
          if (c == '"') {
            if (i < n && text.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
        if (i < n && text.charAt(i) != ',') {
          throw new IllegalArgumentException(
              "unexpected text after a closing quote in field " + (out.size() + 1));
        }
      } else {
        while (i < n && text.charAt(i) != ',') {
          field.append(text.charAt(i++));
        }
      }
      out.add(field.toString());
      if (i >= n) {
        return;
      }
      i++; // the comma
    }
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  /** A field written for CSV: quoted when it holds a comma, a quote or a line break. */
  static String quote(String value) {
    boolean plain = true;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        plain = false;
        break;
      }
    }
    return plain ? value : '"' + value.replace("\"", "\"\"") + '"';
  }
}
