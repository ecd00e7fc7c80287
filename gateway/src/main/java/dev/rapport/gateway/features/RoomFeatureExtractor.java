package dev.rapport.gateway.features;

/**
 * Per-badge features for one room, fed once per grid tick: motion energy and posture from the
 * accelerometer, vocal activity from the microphone energy, and speaker attribution across the
 * room's badges (a voice reaches every badge nearby; only the loudest, or one nearly as loud,
 * speaks).
 *
 * <p><b>Output delay.</b> Speech segments are confirmed only after {@code minSpeechMs} and ended
 * only after {@code minPauseMs}; to place their boundaries where the sound really started and
 * stopped, every feature passes a short delay line. After the call for grid tick t the getters
 * describe tick {@code t - outputDelayTicks()} ({@link #describedTick()}), for all badges and all
 * features alike, so movement and voice stay aligned.
 *
 * <p><b>Missing data.</b> A badge absent at a tick has no features for that tick ({@link
 * #featurePresent} false); nothing is invented. After a gap of up to {@code gapResetMs} its filters
 * continue where they stopped; after a longer gap they restart and report again once warmed up.
 *
 * <p>Units and Q formats are in docs/features.md. Used by the engine thread only (not thread-safe);
 * nothing is allocated per tick; results depend only on the inputs, so replays are bit-identical.
 */
public final class RoomFeatureExtractor {
  /** Largest accepted grid rate; beyond it millisecond parameters lose their meaning. */
  public static final int MAX_GRID_RATE_HZ = 1000;

  /**
   * Largest accepted room: attribution keeps a badges x badges matrix of learnt attenuations and is
   * O(badges^2) per tick at worst.
   */
  public static final int MAX_BADGES = 1024;

  private static final int MIN_ACCEL_MG = Short.MIN_VALUE;
  private static final int MAX_ACCEL_MG = Short.MAX_VALUE;

  private final int badgeCount;
  private final int gridRateHz;
  private final FeatureParams params;
  private final int outputDelayTicks;
  private final int slots;
  private final int warmupTicks;
  private final int gapResetTicks;

  private final MovementFilter[] movement;
  private final VoiceActivityDetector[] voice;
  private final int[] missingRunTicks;
  private final int[] voiceMissingRunTicks;
  private final int maxMicValue;

  // Delay line, indexed [badge * slots + tick % slots].
  private final boolean[] linePresent;
  private final boolean[] lineVoicePresent;
  private final boolean[] lineVocalActive;
  private final boolean[] lineAboveThreshold;
  private final boolean[] linePostureValid;
  private final int[] lineMotionMg;
  private final int[] linePostureXQ14;
  private final int[] linePostureYQ14;
  private final int[] linePostureZQ14;
  private final int[] lineLevelQ16;
  private final int[] lineSnrQ16;
  private final int[] lineFloorQ16;

  private final SpeakerAttribution attribution;
  private final boolean[] scratchLoud;
  private final boolean[] scratchBridged;
  private final boolean[] scratchHeard;
  private final int[] scratchLevelQ16;
  private final int[] vocalEnergyMillibel;

  private long ticks;
  private int outputBase = -1;
  private long saturatedAccelSamples;
  private long invalidMicSamples;
  private long voiceRestarts;
  private long filterRestarts;

  public RoomFeatureExtractor(int badgeCount, int gridRateHz, FeatureParams params) {
    if (badgeCount < 1 || badgeCount > MAX_BADGES) {
      throw new IllegalArgumentException(
          "badgeCount out of range [1, " + MAX_BADGES + "], badgeCount=" + badgeCount);
    }
    if (gridRateHz < 1 || gridRateHz > MAX_GRID_RATE_HZ) {
      throw new IllegalArgumentException(
          "gridRateHz out of range [1, " + MAX_GRID_RATE_HZ + "], gridRateHz=" + gridRateHz);
    }
    if (params == null) {
      throw new IllegalArgumentException("params must not be null, params=null");
    }
    this.badgeCount = badgeCount;
    this.gridRateHz = gridRateHz;
    this.params = params;

    int minSpeechTicks = Math.max(1, FixedMath.msToTicks(params.minSpeechMs(), gridRateHz));
    int minPauseTicks = Math.max(1, FixedMath.msToTicks(params.minPauseMs(), gridRateHz));
    this.outputDelayTicks = Math.max(minSpeechTicks, minPauseTicks) - 1;
    this.slots = outputDelayTicks + 1;
    if ((long) slots * badgeCount > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException(
          "delay line too large, badgeCount="
              + badgeCount
              + ", outputDelayTicks="
              + outputDelayTicks
              + " (minSpeechMs="
              + params.minSpeechMs()
              + ", minPauseMs="
              + params.minPauseMs()
              + ")");
    }
    this.warmupTicks = FixedMath.msToTicks(params.warmupMs(), gridRateHz);
    this.gapResetTicks = FixedMath.msToTicks(params.gapResetMs(), gridRateHz);

    int gravityAlphaQ16 = FixedMath.emaAlphaQ16(params.gravityTauMs(), gridRateHz);
    int postureAlphaQ16 = FixedMath.emaAlphaQ16(params.postureTauMs(), gridRateHz);
    int onQ16 = FixedMath.millibelToLog2Q16(params.voiceOnMillibel());
    int offQ16 = FixedMath.millibelToLog2Q16(params.voiceOffMillibel());
    int risePerTickQ16 =
        (int)
            Math.max(
                1,
                FixedMath.roundDiv(
                    FixedMath.millibelToLog2Q16(params.floorRiseMillibelPerSecond()), gridRateHz));
    int fallAlphaQ16 = FixedMath.emaAlphaQ16(params.floorFallTauMs(), gridRateHz);

    movement = new MovementFilter[badgeCount];
    voice = new VoiceActivityDetector[badgeCount];
    for (int i = 0; i < badgeCount; i++) {
      movement[i] = new MovementFilter(gravityAlphaQ16, postureAlphaQ16, params.minGravityMg());
      voice[i] =
          new VoiceActivityDetector(
              params.micScale(),
              onQ16,
              offQ16,
              risePerTickQ16,
              fallAlphaQ16,
              minSpeechTicks,
              minPauseTicks);
    }
    missingRunTicks = new int[badgeCount];
    voiceMissingRunTicks = new int[badgeCount];
    maxMicValue = params.micScale().maxValue();

    int lineLength = badgeCount * slots;
    linePresent = new boolean[lineLength];
    lineVoicePresent = new boolean[lineLength];
    lineVocalActive = new boolean[lineLength];
    lineAboveThreshold = new boolean[lineLength];
    linePostureValid = new boolean[lineLength];
    lineMotionMg = new int[lineLength];
    linePostureXQ14 = new int[lineLength];
    linePostureYQ14 = new int[lineLength];
    linePostureZQ14 = new int[lineLength];
    lineLevelQ16 = new int[lineLength];
    lineSnrQ16 = new int[lineLength];
    lineFloorQ16 = new int[lineLength];
    attribution =
        new SpeakerAttribution(
            badgeCount,
            FixedMath.millibelToLog2Q16(params.attributionMarginMillibel()),
            FixedMath.millibelToLog2Q16(params.attributionHysteresisMillibel()),
            FixedMath.millibelToLog2Q16(params.attributionToleranceMillibel()),
            FixedMath.millibelToLog2Q16(params.attributionLearnStepMillibel()));
    scratchLoud = new boolean[badgeCount];
    scratchBridged = new boolean[badgeCount];
    scratchHeard = new boolean[badgeCount];
    scratchLevelQ16 = new int[badgeCount];
    vocalEnergyMillibel = new int[badgeCount];
  }

  /**
   * Advances by one grid tick. Values of absent badges are ignored. Accelerations outside int16 are
   * clamped and counted ({@link #saturatedAccelSamples}). A microphone value outside its scale's
   * range (for the protocol's levels: anything above 9031, such as 0xFFFF "not measured") is no
   * measurement: that badge has no voice features at this tick, its movement features are
   * unaffected, and the value is counted ({@link #invalidMicSamples}). Arrays shorter than the
   * badge count are a programming error.
   */
  public void onTick(boolean[] present, int[] axMg, int[] ayMg, int[] azMg, int[] micEnergy) {
    requireLength("present", present.length);
    requireLength("axMg", axMg.length);
    requireLength("ayMg", ayMg.length);
    requireLength("azMg", azMg.length);
    requireLength("micEnergy", micEnergy.length);

    int slot = (int) (ticks % slots);
    for (int i = 0; i < badgeCount; i++) {
      int at = i * slots + slot;
      if (!present[i]) {
        markMissing(i, at);
      } else {
        ingest(i, at, slot, axMg[i], ayMg[i], azMg[i], micEnergy[i]);
      }
    }
    long described = ticks - outputDelayTicks;
    ticks++;
    if (described >= 0) {
      outputBase = (int) (described % slots);
      attributeSpeakers();
    } else {
      outputBase = -1;
    }
  }

  private void markMissing(int badge, int at) {
    if (missingRunTicks[badge] < Integer.MAX_VALUE) {
      missingRunTicks[badge]++;
    }
    if (voiceMissingRunTicks[badge] < Integer.MAX_VALUE) {
      voiceMissingRunTicks[badge]++;
    }
    voice[badge].interrupt();
    linePresent[at] = false;
    lineVoicePresent[at] = false;
    lineVocalActive[at] = false;
    lineAboveThreshold[at] = false;
    linePostureValid[at] = false;
  }

  private void ingest(int badge, int at, int slot, int ax, int ay, int az, int mic) {
    MovementFilter move = movement[badge];
    VoiceActivityDetector vad = voice[badge];
    if (missingRunTicks[badge] > gapResetTicks && move.samplesSinceReset() > 0) {
      move.reset();
      filterRestarts++;
    }
    missingRunTicks[badge] = 0;

    move.update(clampAccel(ax), clampAccel(ay), clampAccel(az));
    linePresent[at] = move.samplesSinceReset() > warmupTicks;
    linePostureValid[at] = move.postureValid();
    lineMotionMg[at] = move.motionMg();
    linePostureXQ14[at] = move.postureXQ14();
    linePostureYQ14[at] = move.postureYQ14();
    linePostureZQ14[at] = move.postureZQ14();

    if (mic < 0 || mic > maxMicValue) {
      invalidMicSamples++;
      if (voiceMissingRunTicks[badge] < Integer.MAX_VALUE) {
        voiceMissingRunTicks[badge]++;
      }
      vad.interrupt();
      lineVoicePresent[at] = false;
      lineVocalActive[at] = false;
      lineAboveThreshold[at] = false;
      return;
    }
    if (voiceMissingRunTicks[badge] > gapResetTicks && vad.started()) {
      vad.reset();
      voiceRestarts++;
    }
    voiceMissingRunTicks[badge] = 0;
    vad.update(mic);
    lineVoicePresent[at] = true;
    lineLevelQ16[at] = vad.levelQ16();
    lineSnrQ16[at] = vad.snrQ16();
    lineFloorQ16[at] = vad.floorQ16();
    boolean active = vad.active();
    lineVocalActive[at] = active;
    lineAboveThreshold[at] = vad.aboveThreshold();
    // Relabel reaches back at most outputDelayTicks ticks, all still in the line and all present
    // (the detector restarts its runs at every missing tick).
    int base = badge * slots;
    for (int back = 1, n = vad.relabelTicks(); back <= n; back++) {
      int pastSlot = slot - back;
      if (pastSlot < 0) {
        pastSlot += slots;
      }
      lineVocalActive[base + pastSlot] = active;
    }
  }

  /** Gathers the described tick's voice state and lets {@link SpeakerAttribution} decide. */
  private void attributeSpeakers() {
    for (int i = 0; i < badgeCount; i++) {
      int at = i * slots + outputBase;
      boolean heard = linePresent[at] && lineVoicePresent[at];
      boolean active = heard && lineVocalActive[at];
      scratchHeard[i] = heard;
      scratchLoud[i] = active && lineAboveThreshold[at];
      scratchBridged[i] = active && !lineAboveThreshold[at];
      scratchLevelQ16[i] = lineLevelQ16[at];
    }
    attribution.attribute(scratchLoud, scratchBridged, scratchHeard, scratchLevelQ16);
    for (int i = 0; i < badgeCount; i++) {
      int at = i * slots + outputBase;
      vocalEnergyMillibel[i] =
          attribution.speaking(i) ? Math.max(0, FixedMath.log2Q16ToMillibel(lineSnrQ16[at])) : 0;
    }
  }

  private int clampAccel(int valueMg) {
    if (valueMg < MIN_ACCEL_MG || valueMg > MAX_ACCEL_MG) {
      saturatedAccelSamples++;
      return Math.max(MIN_ACCEL_MG, Math.min(MAX_ACCEL_MG, valueMg));
    }
    return valueMg;
  }

  private void requireLength(String name, int length) {
    if (length < badgeCount) {
      throw new IllegalArgumentException(
          name
              + " shorter than the badge count, "
              + name
              + ".length="
              + length
              + ", badgeCount="
              + badgeCount);
    }
  }

  private int at(int badge) {
    return badge * slots + outputBase;
  }

  /** True when the described tick has features for this badge (present and warmed up). */
  public boolean featurePresent(int badge) {
    return outputBase >= 0 && linePresent[at(badge)];
  }

  /**
   * Magnitude of the acceleration with gravity removed, in mg (0 .. 113,511 for int16 inputs); 0
   * when no feature is present.
   */
  public int motionEnergyMg(int badge) {
    return featurePresent(badge) ? lineMotionMg[at(badge)] : 0;
  }

  /** True when a posture exists: a feature is present and the gravity estimate is long enough. */
  public boolean posturePresent(int badge) {
    return featurePresent(badge) && linePostureValid[at(badge)];
  }

  /** Posture: X component of the unit gravity direction in the badge frame, Q14 (16384 = 1). */
  public int postureXQ14(int badge) {
    return posturePresent(badge) ? linePostureXQ14[at(badge)] : 0;
  }

  /** Posture: Y component of the unit gravity direction, Q14. */
  public int postureYQ14(int badge) {
    return posturePresent(badge) ? linePostureYQ14[at(badge)] : 0;
  }

  /** Posture: Z component of the unit gravity direction, Q14. */
  public int postureZQ14(int badge) {
    return posturePresent(badge) ? linePostureZQ14[at(badge)] : 0;
  }

  /**
   * True when the described tick has voice features for this badge: a feature is present and the
   * microphone value was a measurement. Turn-taking should treat a tick without voice as missing.
   */
  public boolean voicePresent(int badge) {
    return featurePresent(badge) && lineVoicePresent[at(badge)];
  }

  /** The badge's own vocal activity (it hears a voice), before speaker attribution. */
  public boolean vocalActive(int badge) {
    return voicePresent(badge) && lineVocalActive[at(badge)];
  }

  /** True when the badge's wearer is speaking at the described tick (after attribution). */
  public boolean speaking(int badge) {
    return outputBase >= 0 && attribution.speaking(badge);
  }

  /**
   * Vocal energy envelope for correlation: level above the noise floor in millibels while the
   * wearer speaks, 0 otherwise (at most 9,031 for protocol levels, 9,633 for amplitude inputs,
   * 4,817 for power inputs).
   */
  public int vocalEnergyMillibel(int badge) {
    return outputBase >= 0 ? vocalEnergyMillibel[badge] : 0;
  }

  /** Level of the microphone value in millibels of power (re its scale's unit), for diagnostics. */
  public int levelMillibel(int badge) {
    return voicePresent(badge) ? FixedMath.log2Q16ToMillibel(lineLevelQ16[at(badge)]) : 0;
  }

  /** Noise floor in millibels (same reference as {@link #levelMillibel}), for diagnostics. */
  public int noiseFloorMillibel(int badge) {
    return voicePresent(badge) ? FixedMath.log2Q16ToMillibel(lineFloorQ16[at(badge)]) : 0;
  }

  /** Level above the floor known before the tick, in millibels (can be negative). */
  public int snrMillibel(int badge) {
    return voicePresent(badge) ? FixedMath.log2Q16ToMillibel(lineSnrQ16[at(badge)]) : 0;
  }

  /**
   * Learnt loss, in millibels, from the voice of badge {@code from}'s wearer to badge {@code to} (0
   * until learnt), for diagnostics and docs/features.md's figures.
   */
  public int attenuationMillibel(int from, int to) {
    return FixedMath.log2Q16ToMillibel(attribution.attenuationQ16(from, to));
  }

  /** Grid ticks between the latest input and the tick the getters describe. */
  public int outputDelayTicks() {
    return outputDelayTicks;
  }

  /** Index (0-based, counting onTick calls) of the tick the getters describe; negative if none. */
  public long describedTick() {
    return ticks - 1 - outputDelayTicks;
  }

  /** onTick calls so far. */
  public long ticks() {
    return ticks;
  }

  public int badgeCount() {
    return badgeCount;
  }

  public int gridRateHz() {
    return gridRateHz;
  }

  public FeatureParams params() {
    return params;
  }

  /** Acceleration components outside int16 that were clamped. */
  public long saturatedAccelSamples() {
    return saturatedAccelSamples;
  }

  /** Microphone values of present badges that were no measurement (outside the scale's range). */
  public long invalidMicSamples() {
    return invalidMicSamples;
  }

  /** Times a badge's movement filters restarted after a gap longer than gapResetMs. */
  public long filterRestarts() {
    return filterRestarts;
  }

  /**
   * Times a badge's voice detector (noise floor included) restarted after more than gapResetMs
   * without a microphone measurement.
   */
  public long voiceRestarts() {
    return voiceRestarts;
  }
}
