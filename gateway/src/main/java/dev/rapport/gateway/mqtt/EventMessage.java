package dev.rapport.gateway.mqtt;

import java.util.Objects;

/**
 * Something that happened at a moment, published on {@code .../event} with QoS 1 and not retained:
 * a marker pressed on the gateway button or sent as a command, a session starting or stopping, a
 * badge appearing or being lost. Labs align these with the dyad stream by {@code time_ms}.
 * Immutable; build it with {@link #builder(String)}.
 */
public final class EventMessage {
  public static final String MARKER = "marker";
  public static final String SESSION_STARTED = "session_started";
  public static final String SESSION_STOPPED = "session_stopped";
  public static final String IDENTIFY = "identify";
  public static final String BADGE_CONNECTED = "badge_connected";
  public static final String BADGE_LOST = "badge_lost";

  /** Labels are free text for people; the cap keeps one marker from filling a screen. */
  public static final int MAX_LABEL_CHARS = 200;

  private final String type;
  private final long timeMs;
  private final String session;
  private final String label;
  private final String badge;
  private final String source;

  private EventMessage(Builder b) {
    type = b.type;
    timeMs = Checks.positive("time_ms", b.timeMs);
    session = b.session;
    if (b.label != null && b.label.length() > MAX_LABEL_CHARS) {
      throw new IllegalArgumentException(
          "label longer than " + MAX_LABEL_CHARS + " characters, label=" + b.label);
    }
    label = b.label;
    badge = b.badge == null ? null : Topics.segment("badge", b.badge);
    if (b.source != null && !BadgeStatusMessage.STATE_TOKEN.matcher(b.source).matches()) {
      throw new IllegalArgumentException(
          "source must be a lowercase name like 'button', source=" + b.source);
    }
    source = b.source;
  }

  /**
   * @param type one of the constants of this class, or another lowercase name for new kinds
   */
  public static Builder builder(String type) {
    return new Builder(type);
  }

  public String type() {
    return type;
  }

  public long timeMs() {
    return timeMs;
  }

  public String session() {
    return session;
  }

  public String label() {
    return label;
  }

  public String badge() {
    return badge;
  }

  /** What caused it: {@code button}, {@code command}, {@code cli}, {@code gateway}. */
  public String source() {
    return source;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof EventMessage)) {
      return false;
    }
    EventMessage m = (EventMessage) o;
    return timeMs == m.timeMs
        && type.equals(m.type)
        && Objects.equals(session, m.session)
        && Objects.equals(label, m.label)
        && Objects.equals(badge, m.badge)
        && Objects.equals(source, m.source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, timeMs, session, label, badge, source);
  }

  @Override
  public String toString() {
    return "EventMessage{type=" + type + " timeMs=" + timeMs + " label=" + label + "}";
  }

  public static final class Builder {
    private final String type;
    private long timeMs;
    private String session;
    private String label;
    private String badge;
    private String source;

    private Builder(String type) {
      if (type == null || !BadgeStatusMessage.STATE_TOKEN.matcher(type).matches()) {
        throw new IllegalArgumentException(
            "type must be a lowercase name like 'marker', type=" + type);
      }
      this.type = type;
    }

    public Builder timeMs(long timeMs) {
      this.timeMs = timeMs;
      return this;
    }

    public Builder session(String session) {
      this.session = session;
      return this;
    }

    public Builder label(String label) {
      this.label = label;
      return this;
    }

    public Builder badge(String badge) {
      this.badge = badge;
      return this;
    }

    public Builder source(String source) {
      this.source = source;
      return this;
    }

    public EventMessage build() {
      return new EventMessage(this);
    }
  }
}
