package dev.rapport.gateway.features;

/**
 * Vocal activity of one badge from its microphone energy: an adaptive noise floor in the log domain
 * (slow to rise, quick to fall), on/off thresholds above it (hysteresis), and minimum speech and
 * pause durations.
 *
 * <p>The minimum durations are decided causally and then applied retroactively: when a burst
 * reaches the minimum speech length, the ticks since its start are relabelled as speech; when a
 * pause reaches the minimum pause length, the ticks since the last active tick are relabelled as
 * silence. {@link #relabelTicks()} tells the caller how many past ticks to relabel; the caller
 * keeps a delay line long enough for that, so segment boundaries land where the sound really
 * started and stopped. Levels are Q16 octaves of power (log2). Engine thread only; no allocation.
 */
final class VoiceActivityDetector {
  private final MicScale micScale;
  private final int onQ16;
  private final int offQ16;
  private final int floorRisePerTickQ16;
  private final int floorFallAlphaQ16;
  private final int minSpeechTicks;
  private final int minPauseTicks;

  private boolean started;
  private int floorQ16;
  private int levelQ16;
  private int snrQ16;
  private boolean aboveThreshold;
  private boolean active;
  private int aboveRunTicks;
  private int belowRunTicks;
  private int relabelTicks;

  VoiceActivityDetector(
      MicScale micScale,
      int onQ16,
      int offQ16,
      int floorRisePerTickQ16,
      int floorFallAlphaQ16,
      int minSpeechTicks,
      int minPauseTicks) {
    this.micScale = micScale;
    this.onQ16 = onQ16;
    this.offQ16 = offQ16;
    this.floorRisePerTickQ16 = floorRisePerTickQ16;
    this.floorFallAlphaQ16 = floorFallAlphaQ16;
    this.minSpeechTicks = minSpeechTicks;
    this.minPauseTicks = minPauseTicks;
  }

  /** Forgets everything, including the noise floor (after a long gap). */
  void reset() {
    started = false;
    aboveThreshold = false;
    active = false;
    aboveRunTicks = 0;
    belowRunTicks = 0;
    relabelTicks = 0;
  }

  /**
   * A missing tick: floor and activity are held, but runs restart so that no relabelling ever
   * reaches across the gap.
   */
  void interrupt() {
    aboveRunTicks = 0;
    belowRunTicks = 0;
    relabelTicks = 0;
  }

  /** True once a level has set the floor since the last reset. */
  boolean started() {
    return started;
  }

  /** Feeds one tick's microphone value, already checked against {@link MicScale#maxValue()}. */
  void update(int micValue) {
    int level = micScale.levelQ16(micValue);
    levelQ16 = level;
    if (!started) {
      floorQ16 = level;
      started = true;
    }
    // Judge the tick against the floor known before it, then let the floor learn from it.
    snrQ16 = level - floorQ16;
    if (level >= floorQ16) {
      floorQ16 = Math.min(level, floorQ16 + floorRisePerTickQ16);
    } else {
      floorQ16 += (int) MovementFilter.smoothStep(level - floorQ16, floorFallAlphaQ16);
    }

    aboveThreshold = aboveThreshold ? snrQ16 >= offQ16 : snrQ16 >= onQ16;
    relabelTicks = 0;
    if (aboveThreshold) {
      aboveRunTicks++;
      belowRunTicks = 0;
      if (!active && aboveRunTicks >= minSpeechTicks) {
        active = true;
        relabelTicks = minSpeechTicks - 1;
      }
    } else {
      belowRunTicks++;
      aboveRunTicks = 0;
      if (active && belowRunTicks >= minPauseTicks) {
        active = false;
        relabelTicks = minPauseTicks - 1;
      }
    }
  }

  /** Activity label of the latest tick (after the minimum-duration rules as known so far). */
  boolean active() {
    return active;
  }

  /** True when the latest tick itself is above the activity threshold (with hysteresis). */
  boolean aboveThreshold() {
    return aboveThreshold;
  }

  /** How many ticks before the latest one must take the latest label (0 = none). */
  int relabelTicks() {
    return relabelTicks;
  }

  int levelQ16() {
    return levelQ16;
  }

  /** Level of the latest tick above the floor known before it, Q16 octaves (may be negative). */
  int snrQ16() {
    return snrQ16;
  }

  /** Noise floor after the latest tick, Q16 octaves. */
  int floorQ16() {
    return floorQ16;
  }
}
