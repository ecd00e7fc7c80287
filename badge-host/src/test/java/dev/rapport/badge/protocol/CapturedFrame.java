package dev.rapport.badge.protocol;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable copy of a decoded frame for assertions: type, header, the {@code name=value} fields
 * as the golden vectors write them, and the raw header + payload bytes.
 */
public record CapturedFrame(
    int type, int badgeId, int sequence, long tick, String fields, byte[] raw) {

  static CapturedFrame of(Frame frame) {
    final StringBuilder sb = new StringBuilder();
    frame.appendFields(sb);
    final byte[] raw = new byte[frame.frameLength()];
    frame.copyTo(raw, 0);
    return new CapturedFrame(
        frame.type(), frame.badgeId(), frame.sequence(), frame.tick(), sb.toString(), raw);
  }

  /** The fields as a map, for order-insensitive comparison with a vector's expectations. */
  public Map<String, String> fieldMap() {
    return parseFields(fields);
  }

  public static Map<String, String> parseFields(String text) {
    final Map<String, String> map = new LinkedHashMap<>();
    for (String pair : text.trim().split("\\s+")) {
      if (pair.isEmpty()) {
        continue;
      }
      final int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("field is not name=value, field=" + pair);
      }
      map.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return map;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CapturedFrame other && Arrays.equals(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return FrameType.name(type) + "{" + fields + "}";
  }
}
