package dev.rapport.badge.protocol;

/**
 * A badge is identified on the wire by an unsigned 16-bit id. Everywhere a person reads it (CSV,
 * MQTT topics, the dashboard) it is written as four lowercase hex digits, so that string order and
 * numeric order agree and topics stay short: id 0x00a1 is {@code "00a1"}.
 */
public final class BadgeId {
  public static final int MIN = 0x0001;
  public static final int MAX = 0xFFFE;

  /** 0x0000 is reserved for "unknown/unassigned", 0xFFFF for broadcast commands. */
  public static final int UNASSIGNED = 0x0000;

  public static final int BROADCAST = 0xFFFF;

  private BadgeId() {}

  public static String format(int badgeId) {
    if (badgeId < 0 || badgeId > 0xFFFF) {
      throw new IllegalArgumentException("badge id out of range, badgeId=" + badgeId);
    }
    final char[] digits = new char[4];
    for (int i = 3; i >= 0; i--) {
      digits[i] = Character.forDigit(badgeId & 0xF, 16);
      badgeId >>>= 4;
    }
    return new String(digits);
  }

  /** Parses the four-hex-digit form; also accepts 1 to 4 hex digits and an optional 0x prefix. */
  public static int parse(String text) {
    String s = text.trim();
    if (s.startsWith("0x") || s.startsWith("0X")) {
      s = s.substring(2);
    }
    if (s.isEmpty() || s.length() > 4) {
      throw new IllegalArgumentException("badge id must be 1 to 4 hex digits, badgeId=" + text);
    }
    try {
      return Integer.parseInt(s, 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("badge id must be 1 to 4 hex digits, badgeId=" + text, e);
    }
  }
}
