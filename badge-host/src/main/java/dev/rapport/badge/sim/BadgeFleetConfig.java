package dev.rapport.badge.sim;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How the simulated badges turn the room's samples into protocol frames and how their links behave.
 * Built with {@link #builder()}; the constructor validates and names the field and value.
 *
 * @param tickRateHz nominal tick rate every badge declares (32768 like an nRF52 RTC)
 * @param maxDriftPpm each badge's drift is drawn uniformly from +-maxDriftPpm
 * @param randomStartTicks draw each badge's counter at session start uniformly from the u32 range
 *     (so wraps happen); when false every counter starts at 0
 * @param tickJitterUs a badge timestamps an event up to this late (uniform 0..jitter, never early:
 *     interrupt latency), for sample batches, frame headers and TIME_SYNC stamps
 * @param clocks explicit clocks for some badges (badge id to clock), overriding the drawn ones
 * @param accelBatchSamples accelerometer samples per ACCEL frame (1..37)
 * @param micBatchLevels microphone levels per MIC_ENERGY frame (1..116)
 * @param statusPeriodMs STATUS interval
 * @param batteryDrainMvPerHour how fast the battery voltage falls
 * @param processingMinUs shortest time a badge takes to answer a host frame
 * @param processingMaxUs longest time
 * @param badgesPerLink badges sharing one link (a radio dongle); 0 puts every badge on one link
 * @param impairments what every link does to frames
 */
public record BadgeFleetConfig(
    long tickRateHz,
    double maxDriftPpm,
    boolean randomStartTicks,
    int tickJitterUs,
    Map<Integer, BadgeClock> clocks,
    int accelBatchSamples,
    int micBatchLevels,
    int statusPeriodMs,
    int batteryDrainMvPerHour,
    int processingMinUs,
    int processingMaxUs,
    int badgesPerLink,
    LinkImpairments impairments) {

  public static final long DEFAULT_TICK_RATE_HZ = 32_768;
  public static final double DEFAULT_MAX_DRIFT_PPM = 50.0;
  public static final int DEFAULT_TICK_JITTER_US = 50;
  public static final int DEFAULT_ACCEL_BATCH_SAMPLES = 10;
  public static final int DEFAULT_MIC_BATCH_LEVELS = 5;
  public static final int DEFAULT_STATUS_PERIOD_MS = 10_000;
  public static final int DEFAULT_BATTERY_DRAIN_MV_PER_HOUR = 60;
  public static final int DEFAULT_PROCESSING_MIN_US = 200;
  public static final int DEFAULT_PROCESSING_MAX_US = 1_000;

  public BadgeFleetConfig {
    Objects.requireNonNull(impairments, "impairments");
    clocks = Map.copyOf(Objects.requireNonNull(clocks, "clocks"));
    if (tickRateHz < BadgeClock.MIN_TICK_RATE_HZ || tickRateHz > BadgeClock.MAX_TICK_RATE_HZ) {
      throw new IllegalArgumentException(
          "tickRateHz must be 1000..1000000, tickRateHz=" + tickRateHz);
    }
    if (!(maxDriftPpm >= 0.0 && maxDriftPpm <= BadgeClock.MAX_ABS_DRIFT_PPM)) {
      throw new IllegalArgumentException("maxDriftPpm must be 0..1000, maxDriftPpm=" + maxDriftPpm);
    }
    if (tickJitterUs < 0 || tickJitterUs > 100_000) {
      throw new IllegalArgumentException(
          "tickJitterUs must be 0..100000, tickJitterUs=" + tickJitterUs);
    }
    if (accelBatchSamples < 1 || accelBatchSamples > 37) {
      throw new IllegalArgumentException(
          "accelBatchSamples must be 1..37, accelBatchSamples=" + accelBatchSamples);
    }
    if (micBatchLevels < 1 || micBatchLevels > 116) {
      throw new IllegalArgumentException(
          "micBatchLevels must be 1..116, micBatchLevels=" + micBatchLevels);
    }
    if (statusPeriodMs < 100) {
      throw new IllegalArgumentException(
          "statusPeriodMs must be >= 100, statusPeriodMs=" + statusPeriodMs);
    }
    if (batteryDrainMvPerHour < 0 || batteryDrainMvPerHour > 10_000) {
      throw new IllegalArgumentException(
          "batteryDrainMvPerHour must be 0..10000, batteryDrainMvPerHour=" + batteryDrainMvPerHour);
    }
    if (processingMinUs < 0 || processingMaxUs < processingMinUs || processingMaxUs > 1_000_000) {
      throw new IllegalArgumentException(
          "processing must satisfy 0 <= processingMinUs <= processingMaxUs <= 1000000,"
              + " processingMinUs="
              + processingMinUs
              + " processingMaxUs="
              + processingMaxUs);
    }
    if (badgesPerLink < 0) {
      throw new IllegalArgumentException(
          "badgesPerLink must be >= 0, badgesPerLink=" + badgesPerLink);
    }
  }

  public static BadgeFleetConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b =
        new Builder()
            .tickRateHz(tickRateHz)
            .maxDriftPpm(maxDriftPpm)
            .randomStartTicks(randomStartTicks)
            .tickJitterUs(tickJitterUs)
            .accelBatchSamples(accelBatchSamples)
            .micBatchLevels(micBatchLevels)
            .statusPeriodMs(statusPeriodMs)
            .batteryDrainMvPerHour(batteryDrainMvPerHour)
            .processingUs(processingMinUs, processingMaxUs)
            .badgesPerLink(badgesPerLink)
            .impairments(impairments);
    clocks.forEach(b::clock);
    return b;
  }

  /** Number of links for a room of {@code badgeCount} badges. */
  public int linkCount(int badgeCount) {
    return badgesPerLink == 0 ? 1 : (badgeCount + badgesPerLink - 1) / badgesPerLink;
  }

  /** The link (0-based) carrying badge {@code badgeId}. */
  public int linkOf(int badgeId) {
    return badgesPerLink == 0 ? 0 : (badgeId - 1) / badgesPerLink;
  }

  /** Mutable collector of settings, pre-filled with the defaults; {@link #build()} validates. */
  public static final class Builder {
    private long tickRateHz = DEFAULT_TICK_RATE_HZ;
    private double maxDriftPpm = DEFAULT_MAX_DRIFT_PPM;
    private boolean randomStartTicks = true;
    private int tickJitterUs = DEFAULT_TICK_JITTER_US;
    private final Map<Integer, BadgeClock> clocks = new TreeMap<>();
    private int accelBatchSamples = DEFAULT_ACCEL_BATCH_SAMPLES;
    private int micBatchLevels = DEFAULT_MIC_BATCH_LEVELS;
    private int statusPeriodMs = DEFAULT_STATUS_PERIOD_MS;
    private int batteryDrainMvPerHour = DEFAULT_BATTERY_DRAIN_MV_PER_HOUR;
    private int processingMinUs = DEFAULT_PROCESSING_MIN_US;
    private int processingMaxUs = DEFAULT_PROCESSING_MAX_US;
    private int badgesPerLink;
    private LinkImpairments impairments = LinkImpairments.DEFAULT;

    private Builder() {}

    public Builder tickRateHz(long value) {
      tickRateHz = value;
      return this;
    }

    public Builder maxDriftPpm(double value) {
      maxDriftPpm = value;
      return this;
    }

    public Builder randomStartTicks(boolean value) {
      randomStartTicks = value;
      return this;
    }

    public Builder tickJitterUs(int value) {
      tickJitterUs = value;
      return this;
    }

    /** Gives badge {@code badgeId} exactly this clock instead of a drawn one. */
    public Builder clock(int badgeId, BadgeClock clock) {
      clocks.put(badgeId, Objects.requireNonNull(clock, "clock"));
      return this;
    }

    public Builder accelBatchSamples(int value) {
      accelBatchSamples = value;
      return this;
    }

    public Builder micBatchLevels(int value) {
      micBatchLevels = value;
      return this;
    }

    public Builder statusPeriodMs(int value) {
      statusPeriodMs = value;
      return this;
    }

    public Builder batteryDrainMvPerHour(int value) {
      batteryDrainMvPerHour = value;
      return this;
    }

    public Builder processingUs(int minUs, int maxUs) {
      processingMinUs = minUs;
      processingMaxUs = maxUs;
      return this;
    }

    public Builder badgesPerLink(int value) {
      badgesPerLink = value;
      return this;
    }

    public Builder impairments(LinkImpairments value) {
      impairments = value;
      return this;
    }

    public BadgeFleetConfig build() {
      return new BadgeFleetConfig(
          tickRateHz,
          maxDriftPpm,
          randomStartTicks,
          tickJitterUs,
          clocks,
          accelBatchSamples,
          micBatchLevels,
          statusPeriodMs,
          batteryDrainMvPerHour,
          processingMinUs,
          processingMaxUs,
          badgesPerLink,
          impairments);
    }
  }
}
