package dev.rapport.gateway.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations people write in configuration and on the command line: 500ms, 10s, 2m, 1h.
 */
public final class Durations {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  private Durations() {}

  /**
   * @return the duration in milliseconds
   * @throws IllegalArgumentException naming the text when it is not a duration
   */
  public static long parseMs(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a duration: '" + text + "' (allowed: an integer with ms, s, m or h, e.g. 10s)");
    }
    long value = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ms":
        return value;
      case "s":
        return Math.multiplyExact(value, 1_000L);
      case "m":
        return Math.multiplyExact(value, 60_000L);
      default:
        return Math.multiplyExact(value, 3_600_000L);
    }
  }

  /** The shortest exact text for a millisecond duration: 10000 -> "10s", 1500 -> "1500ms". */
  public static String format(long durationMs) {
    if (durationMs % 3_600_000L == 0 && durationMs != 0) {
      return durationMs / 3_600_000L + "h";
    }
    if (durationMs % 60_000L == 0 && durationMs != 0) {
      return durationMs / 60_000L + "m";
    }
    if (durationMs % 1_000L == 0 && durationMs != 0) {
      return durationMs / 1_000L + "s";
    }
    return durationMs + "ms";
  }
}
