package dev.rapport.gateway.mqtt;

/**
 * The topic tree of one gateway, {@code rapport/{site}/{gateway}/...}. Every level that comes from
 * configuration or from a badge is checked here, once, so that no name can turn a topic into a
 * wildcard ({@code +}, {@code #}), add a level ({@code /}) or collide with another gateway sharing
 * the broker. Immutable and thread-safe.
 */
public final class Topics {
  public static final String ROOT = "rapport";

  /** Long enough for any sensible name, short enough to keep topics readable on a terminal. */
  public static final int MAX_SEGMENT_CHARS = 64;

  private final String site;
  private final String gateway;
  private final String prefix;

  public Topics(String site, String gateway) {
    this.site = segment("site", site);
    this.gateway = segment("gateway", gateway);
    this.prefix = ROOT + "/" + site + "/" + gateway + "/";
  }

  public String site() {
    return site;
  }

  public String gateway() {
    return gateway;
  }

  /**
   * One topic per dyad: the gateway always names the pair in sorted order, so a pair has exactly
   * one topic and its {@code seq} is one stream.
   */
  public String dyad(String badgeA, String badgeB) {
    segment("badge_a", badgeA);
    segment("badge_b", badgeB);
    if (badgeA.compareTo(badgeB) >= 0) {
      throw new IllegalArgumentException(
          "badge_a must sort before badge_b, badge_a=" + badgeA + " badge_b=" + badgeB);
    }
    return prefix + "dyad/" + badgeA + "/" + badgeB;
  }

  public String badgeStatus(String badge) {
    return prefix + "badge/" + segment("badge", badge) + "/status";
  }

  public String gatewayStatus() {
    return prefix + "status";
  }

  public String event() {
    return prefix + "event";
  }

  public String command() {
    return prefix + "command";
  }

  public String commandResult() {
    return prefix + "command/result";
  }

  /** Every topic of this gateway, for {@code mosquitto_sub -t}. */
  public String all() {
    return prefix + "#";
  }

  /**
   * Checks one topic level: not empty, at most {@link #MAX_SEGMENT_CHARS} characters, none of the
   * MQTT separators or wildcards, no control characters (they make topics unreadable in logs).
   *
   * @return the value, unchanged
   */
  public static String segment(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(field + " must not be empty, " + field + "=" + value);
    }
    if (value.length() > MAX_SEGMENT_CHARS) {
      throw new IllegalArgumentException(
          field + " longer than " + MAX_SEGMENT_CHARS + " characters, " + field + "=" + value);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '+' || c == '#' || c == '/') {
        throw new IllegalArgumentException(
            field
                + " must not contain '"
                + c
                + "' (MQTT wildcard or separator), "
                + field
                + "="
                + value);
      }
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            field + " must not contain control characters, " + field + "=" + value);
      }
    }
    return value;
  }
}
