package dev.rapport.gateway.features;

/**
 * Tuning of the per-badge feature pipeline. Every duration is in milliseconds and every level in
 * millibels (1/100 dB of power), so the values mean the same at any grid rate; {@link
 * RoomFeatureExtractor} converts them once into ticks and Q16 fixed point. docs/features.md
 * explains each parameter and why its default was chosen.
 *
 * <p>Immutable; build with {@link #builder()} or take {@link #defaults()}.
 *
 * @param gravityTauMs time constant of the gravity estimate removed from acceleration; motion
 *     slower than about 1 / (2 pi tau) counts as posture, not motion
 * @param postureTauMs extra smoothing of the gravity estimate before it is reported as posture
 * @param warmupMs after a (re)start, how long the filters settle before features are reported
 * @param gapResetMs a badge missing for longer than this restarts its filters; shorter gaps keep
 *     the state and the filters simply continue
 * @param minGravityMg posture is reported only when the smoothed gravity vector is at least this
 *     long (a badge in free fall or a broken axis has no direction)
 * @param micScale how the per-tick microphone value encodes loudness: the protocol's 0.01 dB levels
 *     (default), or linear power or amplitude from other sources
 * @param floorRiseMillibelPerSecond how fast the noise floor may climb when the level is above it
 * @param floorFallTauMs time constant with which the floor follows the level downwards
 * @param voiceOnMillibel level above the floor at which vocal activity starts
 * @param voiceOffMillibel level above the floor below which vocal activity ends (hysteresis)
 * @param minSpeechMs shorter bursts of activity are not speech
 * @param minPauseMs shorter pauses inside speech are bridged
 * @param attributionMarginMillibel a vocally active badge counts as speaking only when its level is
 *     within this margin of the loudest vocally active badge's
 * @param attributionHysteresisMillibel extra margin granted to a badge already speaking, so
 *     attribution does not chatter
 * @param attributionToleranceMillibel a badge counts as only hearing a louder one when it is
 *     quieter than that one by more than the learnt attenuation between them minus this tolerance
 * @param attributionLearnStepMillibel step of the attenuation learning (0 turns learning off,
 *     leaving the room-wide margin rule)
 */
public record FeatureParams(
    int gravityTauMs,
    int postureTauMs,
    int warmupMs,
    int gapResetMs,
    int minGravityMg,
    MicScale micScale,
    int floorRiseMillibelPerSecond,
    int floorFallTauMs,
    int voiceOnMillibel,
    int voiceOffMillibel,
    int minSpeechMs,
    int minPauseMs,
    int attributionMarginMillibel,
    int attributionHysteresisMillibel,
    int attributionToleranceMillibel,
    int attributionLearnStepMillibel) {

  public static final int DEFAULT_GRAVITY_TAU_MS = 1000;
  public static final int DEFAULT_POSTURE_TAU_MS = 2000;
  public static final int DEFAULT_WARMUP_MS = 400;
  public static final int DEFAULT_GAP_RESET_MS = 2000;
  public static final int DEFAULT_MIN_GRAVITY_MG = 200;
  public static final int DEFAULT_FLOOR_RISE_MILLIBEL_PER_SECOND = 50;
  public static final int DEFAULT_FLOOR_FALL_TAU_MS = 200;
  public static final int DEFAULT_VOICE_ON_MILLIBEL = 900;
  public static final int DEFAULT_VOICE_OFF_MILLIBEL = 500;
  public static final int DEFAULT_MIN_SPEECH_MS = 120;
  public static final int DEFAULT_MIN_PAUSE_MS = 400;
  public static final int DEFAULT_ATTRIBUTION_MARGIN_MILLIBEL = 1000;
  public static final int DEFAULT_ATTRIBUTION_HYSTERESIS_MILLIBEL = 300;
  public static final int DEFAULT_ATTRIBUTION_TOLERANCE_MILLIBEL = 600;
  public static final int DEFAULT_ATTRIBUTION_LEARN_STEP_MILLIBEL = 5;

  /** Upper bound for every duration: an hour is far beyond any sensible filter. */
  static final int MAX_DURATION_MS = 3_600_000;

  /** Upper bound for every level: the protocol's levels end at 90.31 dB; 100 dB is generous. */
  static final int MAX_LEVEL_MILLIBEL = 10_000;

  public FeatureParams {
    requireRange("gravityTauMs", gravityTauMs, 1, MAX_DURATION_MS);
    requireRange("postureTauMs", postureTauMs, 0, MAX_DURATION_MS);
    requireRange("warmupMs", warmupMs, 0, MAX_DURATION_MS);
    requireRange("gapResetMs", gapResetMs, 0, MAX_DURATION_MS);
    requireRange("minGravityMg", minGravityMg, 1, 32_767);
    if (micScale == null) {
      throw new IllegalArgumentException("micScale must not be null, micScale=null");
    }
    requireRange("floorRiseMillibelPerSecond", floorRiseMillibelPerSecond, 1, MAX_LEVEL_MILLIBEL);
    requireRange("floorFallTauMs", floorFallTauMs, 0, MAX_DURATION_MS);
    requireRange("voiceOnMillibel", voiceOnMillibel, 1, MAX_LEVEL_MILLIBEL);
    requireRange("voiceOffMillibel", voiceOffMillibel, 0, MAX_LEVEL_MILLIBEL);
    if (voiceOffMillibel > voiceOnMillibel) {
      throw new IllegalArgumentException(
          "voiceOffMillibel must not exceed voiceOnMillibel (hysteresis), voiceOffMillibel="
              + voiceOffMillibel
              + ", voiceOnMillibel="
              + voiceOnMillibel);
    }
    requireRange("minSpeechMs", minSpeechMs, 0, MAX_DURATION_MS);
    requireRange("minPauseMs", minPauseMs, 0, MAX_DURATION_MS);
    requireRange("attributionMarginMillibel", attributionMarginMillibel, 0, MAX_LEVEL_MILLIBEL);
    requireRange(
        "attributionHysteresisMillibel", attributionHysteresisMillibel, 0, MAX_LEVEL_MILLIBEL);
    requireRange(
        "attributionToleranceMillibel", attributionToleranceMillibel, 0, MAX_LEVEL_MILLIBEL);
    requireRange("attributionLearnStepMillibel", attributionLearnStepMillibel, 0, 1000);
  }

  /** The documented defaults (docs/features.md). */
  public static FeatureParams defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this instance's values. */
  public Builder toBuilder() {
    return new Builder()
        .gravityTauMs(gravityTauMs)
        .postureTauMs(postureTauMs)
        .warmupMs(warmupMs)
        .gapResetMs(gapResetMs)
        .minGravityMg(minGravityMg)
        .micScale(micScale)
        .floorRiseMillibelPerSecond(floorRiseMillibelPerSecond)
        .floorFallTauMs(floorFallTauMs)
        .voiceOnMillibel(voiceOnMillibel)
        .voiceOffMillibel(voiceOffMillibel)
        .minSpeechMs(minSpeechMs)
        .minPauseMs(minPauseMs)
        .attributionMarginMillibel(attributionMarginMillibel)
        .attributionHysteresisMillibel(attributionHysteresisMillibel)
        .attributionToleranceMillibel(attributionToleranceMillibel)
        .attributionLearnStepMillibel(attributionLearnStepMillibel);
  }

  private static void requireRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " out of range [" + min + ", " + max + "], " + field + "=" + value);
    }
  }

  /** Mutable builder pre-filled with the defaults; {@link #build()} validates. */
  public static final class Builder {
    private int gravityTauMs = DEFAULT_GRAVITY_TAU_MS;
    private int postureTauMs = DEFAULT_POSTURE_TAU_MS;
    private int warmupMs = DEFAULT_WARMUP_MS;
    private int gapResetMs = DEFAULT_GAP_RESET_MS;
    private int minGravityMg = DEFAULT_MIN_GRAVITY_MG;
    private MicScale micScale = MicScale.CENTI_DB;
    private int floorRiseMillibelPerSecond = DEFAULT_FLOOR_RISE_MILLIBEL_PER_SECOND;
    private int floorFallTauMs = DEFAULT_FLOOR_FALL_TAU_MS;
    private int voiceOnMillibel = DEFAULT_VOICE_ON_MILLIBEL;
    private int voiceOffMillibel = DEFAULT_VOICE_OFF_MILLIBEL;
    private int minSpeechMs = DEFAULT_MIN_SPEECH_MS;
    private int minPauseMs = DEFAULT_MIN_PAUSE_MS;
    private int attributionMarginMillibel = DEFAULT_ATTRIBUTION_MARGIN_MILLIBEL;
    private int attributionHysteresisMillibel = DEFAULT_ATTRIBUTION_HYSTERESIS_MILLIBEL;
    private int attributionToleranceMillibel = DEFAULT_ATTRIBUTION_TOLERANCE_MILLIBEL;
    private int attributionLearnStepMillibel = DEFAULT_ATTRIBUTION_LEARN_STEP_MILLIBEL;

    private Builder() {}

    public Builder gravityTauMs(int value) {
      gravityTauMs = value;
      return this;
    }

    public Builder postureTauMs(int value) {
      postureTauMs = value;
      return this;
    }

    public Builder warmupMs(int value) {
      warmupMs = value;
      return this;
    }

    public Builder gapResetMs(int value) {
      gapResetMs = value;
      return this;
    }

    public Builder minGravityMg(int value) {
      minGravityMg = value;
      return this;
    }

    public Builder micScale(MicScale value) {
      micScale = value;
      return this;
    }

    public Builder floorRiseMillibelPerSecond(int value) {
      floorRiseMillibelPerSecond = value;
      return this;
    }

    public Builder floorFallTauMs(int value) {
      floorFallTauMs = value;
      return this;
    }

    public Builder voiceOnMillibel(int value) {
      voiceOnMillibel = value;
      return this;
    }

    public Builder voiceOffMillibel(int value) {
      voiceOffMillibel = value;
      return this;
    }

    public Builder minSpeechMs(int value) {
      minSpeechMs = value;
      return this;
    }

    public Builder minPauseMs(int value) {
      minPauseMs = value;
      return this;
    }

    public Builder attributionMarginMillibel(int value) {
      attributionMarginMillibel = value;
      return this;
    }

    public Builder attributionHysteresisMillibel(int value) {
      attributionHysteresisMillibel = value;
      return this;
    }

    public Builder attributionToleranceMillibel(int value) {
      attributionToleranceMillibel = value;
      return this;
    }

    public Builder attributionLearnStepMillibel(int value) {
      attributionLearnStepMillibel = value;
      return this;
    }

    public FeatureParams build() {
      return new FeatureParams(
          gravityTauMs,
          postureTauMs,
          warmupMs,
          gapResetMs,
          minGravityMg,
          micScale,
          floorRiseMillibelPerSecond,
          floorFallTauMs,
          voiceOnMillibel,
          voiceOffMillibel,
          minSpeechMs,
          minPauseMs,
          attributionMarginMillibel,
          attributionHysteresisMillibel,
          attributionToleranceMillibel,
          attributionLearnStepMillibel);
    }
  }
}
