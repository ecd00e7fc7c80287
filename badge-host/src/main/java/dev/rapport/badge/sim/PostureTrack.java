package dev.rapport.badge.sim;

/**
 * One person's posture as two angles: pitch (leaning forward, +) and roll (leaning to the wearer's
 * right, +), in degrees.
 *
 * <p>The posture rests at a target that changes in occasional shifts (Poisson, mean interval per
 * person 30-90 s; a shift glides over 0.8-2 s with a raised-cosine profile to a new target near the
 * person's habitual posture), and drifts around it as an Ornstein-Uhlenbeck process (sd {@value
 * #DRIFT_SD_DEG} deg, time constant {@value #DRIFT_TAU_S} s). A POSTURE leader's spontaneous shift
 * is copied to each active follower with probability strength, lagMs later, as a mirror image: the
 * same change of pitch and the opposite change of roll, as someone facing you mirrors you.
 * Simulation thread only.
 */
final class PostureTrack {
  static final double DRIFT_SD_DEG = 1.5;
  static final double DRIFT_TAU_S = 20.0;
  static final double MIN_PITCH_DEG = -20.0;
  static final double MAX_PITCH_DEG = 35.0;
  static final double MAX_ABS_ROLL_DEG = 20.0;
  private static final int PENDING_CAPACITY = 16;

  private final int person;
  private final PersonTraits traits;
  private final PostureTrack[] all;
  private final CouplingSchedule coupling;
  private final SimRandom rng;

  private double targetPitchDeg;
  private double targetRollDeg;
  private double fromPitchDeg;
  private double fromRollDeg;
  private long shiftStartUs;
  private long shiftDurationUs = 1;
  private double driftPitchDeg;
  private double driftRollDeg;
  private long nextCandidateUs;

  private final long[] pendingStartUs = new long[PENDING_CAPACITY];
  private final long[] pendingDurationUs = new long[PENDING_CAPACITY];
  private final double[] pendingPitchDeg = new double[PENDING_CAPACITY];
  private final double[] pendingRollDeg = new double[PENDING_CAPACITY];
  private int pendingCount;
  private long droppedShifts;

  PostureTrack(
      int person,
      PersonTraits traits,
      PostureTrack[] all,
      CouplingSchedule coupling,
      SimRandom rng) {
    this.person = person;
    this.traits = traits;
    this.all = all;
    this.coupling = coupling;
    this.rng = rng;
    targetPitchDeg = traits.basePitchDeg;
    targetRollDeg = traits.baseRollDeg;
    fromPitchDeg = targetPitchDeg;
    fromRollDeg = targetRollDeg;
    shiftStartUs = Long.MIN_VALUE / 2;
    nextCandidateUs = drawIntervalUs();
  }

  /** Makes every spontaneous shift up to {@code timeUs}, copying them to followers. */
  void generateThrough(long timeUs) {
    while (nextCandidateUs <= timeUs) {
      long candidateUs = nextCandidateUs;
      nextCandidateUs += drawIntervalUs();
      applyPendingThrough(candidateUs);
      double acceptance = coupling.spontaneousFactor(Modality.POSTURE, person, candidateUs);
      if (!rng.chance(acceptance)) {
        continue;
      }
      double newPitch =
          traits.basePitchDeg + 0.5 * (targetPitchDeg - traits.basePitchDeg) + 8.0 * rng.normal();
      double newRoll =
          traits.baseRollDeg + 0.5 * (targetRollDeg - traits.baseRollDeg) + 6.0 * rng.normal();
      newPitch = clampPitch(newPitch);
      newRoll = clampRoll(newRoll);
      double deltaPitch = newPitch - targetPitchDeg;
      double deltaRoll = newRoll - targetRollDeg;
      long durationUs = (long) (rng.uniform(0.8, 2.0) * 1e6);
      startShift(candidateUs, durationUs, deltaPitch, deltaRoll);
      for (int e : coupling.led(Modality.POSTURE, person)) {
        if (coupling.isActive(e, candidateUs) && rng.chance(coupling.strength(e))) {
          all[coupling.follower(e)].schedule(
              candidateUs + coupling.lagUs(e), durationUs, deltaPitch, -deltaRoll);
        }
      }
    }
  }

  /** Starts every copied shift due by {@code timeUs}, earliest first. */
  void applyPendingThrough(long timeUs) {
    while (true) {
      int earliest = -1;
      for (int i = 0; i < pendingCount; i++) {
        if (pendingStartUs[i] <= timeUs
            && (earliest < 0 || pendingStartUs[i] < pendingStartUs[earliest])) {
          earliest = i;
        }
      }
      if (earliest < 0) {
        return;
      }
      startShift(
          pendingStartUs[earliest],
          pendingDurationUs[earliest],
          pendingPitchDeg[earliest],
          pendingRollDeg[earliest]);
      pendingCount--;
      pendingStartUs[earliest] = pendingStartUs[pendingCount];
      pendingDurationUs[earliest] = pendingDurationUs[pendingCount];
      pendingPitchDeg[earliest] = pendingPitchDeg[pendingCount];
      pendingRollDeg[earliest] = pendingRollDeg[pendingCount];
    }
  }

  /** Advances the slow drift by one accelerometer period. */
  void stepDrift(double dtS) {
    double decay = dtS / DRIFT_TAU_S;
    double kick = DRIFT_SD_DEG * StrictMath.sqrt(2.0 * decay);
    driftPitchDeg += -driftPitchDeg * decay + kick * rng.normal();
    driftRollDeg += -driftRollDeg * decay + kick * rng.normal();
  }

  /** Pitch at {@code timeUs} including the shift in progress and the drift (no breathing). */
  double pitchDegAt(long timeUs) {
    return shiftValue(fromPitchDeg, targetPitchDeg, timeUs) + driftPitchDeg;
  }

  double rollDegAt(long timeUs) {
    return shiftValue(fromRollDeg, targetRollDeg, timeUs) + driftRollDeg;
  }

  long droppedShifts() {
    return droppedShifts;
  }

  private void schedule(long startUs, long durationUs, double deltaPitch, double deltaRoll) {
    if (pendingCount == PENDING_CAPACITY) {
      droppedShifts++;
      return;
    }
    pendingStartUs[pendingCount] = startUs;
    pendingDurationUs[pendingCount] = durationUs;
    pendingPitchDeg[pendingCount] = deltaPitch;
    pendingRollDeg[pendingCount] = deltaRoll;
    pendingCount++;
  }

  private void startShift(long startUs, long durationUs, double deltaPitch, double deltaRoll) {
    // A copy with a lag shorter than one simulation step can arrive after a later shift began.
    startUs = Math.max(startUs, shiftStartUs);
    fromPitchDeg = shiftValue(fromPitchDeg, targetPitchDeg, startUs);
    fromRollDeg = shiftValue(fromRollDeg, targetRollDeg, startUs);
    targetPitchDeg = clampPitch(targetPitchDeg + deltaPitch);
    targetRollDeg = clampRoll(targetRollDeg + deltaRoll);
    shiftStartUs = startUs;
    shiftDurationUs = Math.max(1, durationUs);
  }

  private double shiftValue(double from, double to, long timeUs) {
    long sinceUs = timeUs - shiftStartUs;
    if (sinceUs >= shiftDurationUs) {
      return to;
    }
    if (sinceUs <= 0) {
      return from;
    }
    double progress = 0.5 * (1.0 - StrictMath.cos(StrictMath.PI * sinceUs / shiftDurationUs));
    return from + (to - from) * progress;
  }

  private static double clampPitch(double pitchDeg) {
    return Math.max(MIN_PITCH_DEG, Math.min(MAX_PITCH_DEG, pitchDeg));
  }

  private static double clampRoll(double rollDeg) {
    return Math.max(-MAX_ABS_ROLL_DEG, Math.min(MAX_ABS_ROLL_DEG, rollDeg));
  }

  private long drawIntervalUs() {
    return 1 + (long) (rng.exponential(traits.postureShiftMeanIntervalS) * 1e6);
  }
}
