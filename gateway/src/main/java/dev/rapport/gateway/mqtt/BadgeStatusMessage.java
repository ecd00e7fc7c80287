package dev.rapport.gateway.mqtt;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Health of one badge, published retained on {@code .../badge/{id}/status} so that a subscriber
 * arriving late sees every badge at once. Values the gateway does not know yet are null. Immutable;
 * build it with {@link #builder(String)}.
 */
public final class BadgeStatusMessage {
  /**
   * State names are the lowercased enum names of the links and clock modules ({@code connected},
   * {@code synced}); the pattern keeps them machine-readable without tying this class to their
   * enums.
   */
  static final Pattern STATE_TOKEN = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  private final String badge;
  private final long timeMs;
  private final Integer batteryMv;
  private final Integer batteryPct;
  private final Double lossPct;
  private final String clockState;
  private final Double clockErrorMs;
  private final Long lastSeenMs;
  private final Double sampleRateHz;
  private final String linkTransport;
  private final String linkAddress;
  private final String linkState;

  private BadgeStatusMessage(Builder b) {
    badge = b.badge;
    timeMs = Checks.positive("time_ms", b.timeMs);
    batteryMv = Checks.nonNegative("battery_mv", b.batteryMv);
    if (b.batteryPct != null && (b.batteryPct < 0 || b.batteryPct > 100)) {
      throw new IllegalArgumentException(
          "battery_pct out of range [0, 100], battery_pct=" + b.batteryPct);
    }
    batteryPct = b.batteryPct;
    lossPct = Checks.ranged("loss_pct", b.lossPct, 0, 100);
    clockState = token("clock.state", b.clockState);
    clockErrorMs = Checks.ranged("clock.error_ms", b.clockErrorMs, 0, Double.MAX_VALUE);
    lastSeenMs = Checks.nonNegative("last_seen_ms", b.lastSeenMs);
    sampleRateHz = Checks.ranged("sample_rate_hz", b.sampleRateHz, 0, Double.MAX_VALUE);
    linkTransport = token("link.transport", b.linkTransport);
    linkAddress = b.linkAddress;
    linkState = token("link.state", b.linkState);
  }

  private static String token(String field, String value) {
    if (value != null && !STATE_TOKEN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + " must be a lowercase name like 'connected', " + field + "=" + value);
    }
    return value;
  }

  public static Builder builder(String badge) {
    return new Builder(badge);
  }

  public String badge() {
    return badge;
  }

  public long timeMs() {
    return timeMs;
  }

  public Integer batteryMv() {
    return batteryMv;
  }

  public Integer batteryPct() {
    return batteryPct;
  }

  public Double lossPct() {
    return lossPct;
  }

  public String clockState() {
    return clockState;
  }

  public Double clockErrorMs() {
    return clockErrorMs;
  }

  public Long lastSeenMs() {
    return lastSeenMs;
  }

  public Double sampleRateHz() {
    return sampleRateHz;
  }

  public String linkTransport() {
    return linkTransport;
  }

  public String linkAddress() {
    return linkAddress;
  }

  public String linkState() {
    return linkState;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BadgeStatusMessage)) {
      return false;
    }
    BadgeStatusMessage m = (BadgeStatusMessage) o;
    return timeMs == m.timeMs
        && badge.equals(m.badge)
        && Objects.equals(batteryMv, m.batteryMv)
        && Objects.equals(batteryPct, m.batteryPct)
        && Objects.equals(lossPct, m.lossPct)
        && Objects.equals(clockState, m.clockState)
        && Objects.equals(clockErrorMs, m.clockErrorMs)
        && Objects.equals(lastSeenMs, m.lastSeenMs)
        && Objects.equals(sampleRateHz, m.sampleRateHz)
        && Objects.equals(linkTransport, m.linkTransport)
        && Objects.equals(linkAddress, m.linkAddress)
        && Objects.equals(linkState, m.linkState);
  }

  @Override
  public int hashCode() {
    return Objects.hash(badge, timeMs, batteryMv, lossPct, clockState, lastSeenMs, linkState);
  }

  @Override
  public String toString() {
    return "BadgeStatusMessage{badge="
        + badge
        + " timeMs="
        + timeMs
        + " linkState="
        + linkState
        + " clockState="
        + clockState
        + "}";
  }

  public static final class Builder {
    private final String badge;
    private long timeMs;
    private Integer batteryMv;
    private Integer batteryPct;
    private Double lossPct;
    private String clockState;
    private Double clockErrorMs;
    private Long lastSeenMs;
    private Double sampleRateHz;
    private String linkTransport;
    private String linkAddress;
    private String linkState;

    private Builder(String badge) {
      this.badge = Topics.segment("badge", badge);
    }

    public Builder timeMs(long timeMs) {
      this.timeMs = timeMs;
      return this;
    }

    public Builder batteryMv(Integer batteryMv) {
      this.batteryMv = batteryMv;
      return this;
    }

    public Builder batteryPct(Integer batteryPct) {
      this.batteryPct = batteryPct;
      return this;
    }

    public Builder lossPct(Double lossPct) {
      this.lossPct = lossPct;
      return this;
    }

    public Builder clockState(String clockState) {
      this.clockState = clockState;
      return this;
    }

    public Builder clockErrorMs(Double clockErrorMs) {
      this.clockErrorMs = clockErrorMs;
      return this;
    }

    public Builder lastSeenMs(Long lastSeenMs) {
      this.lastSeenMs = lastSeenMs;
      return this;
    }

    public Builder sampleRateHz(Double sampleRateHz) {
      this.sampleRateHz = sampleRateHz;
      return this;
    }

    /** How the badge reaches the gateway: {@code serial}, {@code ble} or {@code sim}. */
    public Builder linkTransport(String transport) {
      this.linkTransport = transport;
      return this;
    }

    /** Port path or BLE address, as the operator would type it. */
    public Builder linkAddress(String address) {
      this.linkAddress = address;
      return this;
    }

    public Builder linkState(String state) {
      this.linkState = state;
      return this;
    }

    public BadgeStatusMessage build() {
      return new BadgeStatusMessage(this);
    }
  }
}
