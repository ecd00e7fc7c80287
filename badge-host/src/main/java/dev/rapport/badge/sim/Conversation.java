package dev.rapport.badge.sim;

/**
 * The turn-taking of one table, planned turn by turn ahead of the sample clock.
 *
 * <p>After a turn ends the table picks the next speaker: if the speaker just finishing leads an
 * active VOCAL episode, its follower takes the floor with probability {@code strength}, after
 * {@code lagMs} (10 % jitter), and speaks at a loudness pulled towards the leader's by {@code
 * strength}. Otherwise the next speaker is drawn by talkativeness (never the same person twice in a
 * row), after a gap that is usually short (log-normal, median {@value #GAP_MEDIAN_MS} ms),
 * sometimes an overlap (the next speaker starts up to {@value #MAX_OVERLAP_MS} ms early) and
 * sometimes a longer mutual silence (1-4 s). Turn lengths are log-normal around each person's
 * median. Simulation thread only.
 */
final class Conversation {
  static final int GAP_MEDIAN_MS = 250;
  static final int MAX_OVERLAP_MS = 450;
  private static final double OVERLAP_PROBABILITY = 0.15;
  private static final double SILENCE_PROBABILITY = 0.15;
  private static final long MIN_TURN_US = 500_000;
  private static final long MAX_TURN_US = 20_000_000;

  private final int firstMember;
  private final int memberCount;
  private final PersonTraits[] traits;
  private final VoiceTrack[] voices;
  private final CouplingSchedule coupling;
  private final SimRandom rng;
  private final long[] memberLastEndUs;
  private final double[] memberLastLevelDb;

  private int lastSpeaker = -1;
  private long lastEndUs;
  private long plannedThroughUs = Long.MIN_VALUE;

  Conversation(
      int firstMember,
      int memberCount,
      PersonTraits[] traits,
      VoiceTrack[] voices,
      CouplingSchedule coupling,
      SimRandom rng) {
    this.firstMember = firstMember;
    this.memberCount = memberCount;
    this.traits = traits;
    this.voices = voices;
    this.coupling = coupling;
    this.rng = rng;
    this.memberLastEndUs = new long[memberCount];
    this.memberLastLevelDb = new double[memberCount];
    for (int i = 0; i < memberCount; i++) {
      memberLastLevelDb[i] = traits[firstMember + i].voiceDb1m;
    }
    this.lastEndUs = (long) (rng.uniform(0.3, 3.0) * 1e6); // the room settles before anyone talks
  }

  /** Plans turns until every utterance starting at or before {@code timeUs} is known. */
  void planThrough(long timeUs) {
    while (plannedThroughUs <= timeUs) {
      planNextTurn();
    }
  }

  boolean someoneElseInTurnAt(int person, long timeUs) {
    for (int p = firstMember; p < firstMember + memberCount; p++) {
      if (p != person && voices[p].inTurnAt(timeUs)) {
        return true;
      }
    }
    return false;
  }

  int memberCount() {
    return memberCount;
  }

  private void planNextTurn() {
    int next = -1;
    long startUs = 0;
    double levelDb = 0;
    if (lastSpeaker >= 0) {
      for (int e : coupling.led(Modality.VOCAL, lastSpeaker)) {
        if (coupling.isActive(e, lastEndUs) && rng.chance(coupling.strength(e))) {
          next = coupling.follower(e);
          double jitter = 1.0 + 0.1 * rng.normal();
          startUs = lastEndUs + Math.max(0L, Math.round(coupling.lagUs(e) * jitter));
          double s = coupling.strength(e);
          levelDb =
              (1.0 - s) * ownTurnLevelDb(next) + s * memberLastLevelDb[lastSpeaker - firstMember];
          break;
        }
      }
    }
    if (next < 0) {
      next = pickNextSpeaker();
      startUs = lastEndUs + drawGapUs();
      levelDb = ownTurnLevelDb(next);
    }
    // Nobody overlaps themselves.
    startUs = Math.max(startUs, memberLastEndUs[next - firstMember] + 100_000);
    long durationUs = (long) (rng.logNormal(traits[next].turnMedianS, 0.7) * 1e6);
    durationUs = Math.min(MAX_TURN_US, Math.max(MIN_TURN_US, durationUs));
    long endUs = startUs + durationUs;
    voices[next].add(startUs, endUs, Decibels.toAmplitude(levelDb), true);
    memberLastEndUs[next - firstMember] = endUs;
    memberLastLevelDb[next - firstMember] = levelDb;
    lastSpeaker = next;
    lastEndUs = Math.max(lastEndUs, endUs);
    // The next turn may start up to MAX_OVERLAP_MS before this one ends.
    plannedThroughUs = lastEndUs - MAX_OVERLAP_MS * 1000L;
  }

  private double ownTurnLevelDb(int person) {
    return traits[person].voiceDb1m + 2.0 * rng.normal();
  }

  private long drawGapUs() {
    if (memberCount == 1) {
      return (long) (rng.uniform(2.0, 20.0) * 1e6); // someone alone talks rarely
    }
    double u = rng.nextDouble();
    if (lastSpeaker >= 0 && u < OVERLAP_PROBABILITY) {
      return -(long) (rng.uniform(100.0, MAX_OVERLAP_MS) * 1000.0);
    }
    if (u < OVERLAP_PROBABILITY + SILENCE_PROBABILITY) {
      return (long) (rng.uniform(1.0, 4.0) * 1e6);
    }
    return (long) (rng.logNormal(GAP_MEDIAN_MS, 0.5) * 1000.0);
  }

  private int pickNextSpeaker() {
    if (memberCount == 1) {
      return firstMember;
    }
    double total = 0;
    for (int p = firstMember; p < firstMember + memberCount; p++) {
      if (p != lastSpeaker) {
        total += traits[p].talkativeness;
      }
    }
    double pick = rng.nextDouble() * total;
    int chosen = -1;
    for (int p = firstMember; p < firstMember + memberCount; p++) {
      if (p != lastSpeaker) {
        chosen = p;
        pick -= traits[p].talkativeness;
        if (pick < 0) {
          break;
        }
      }
    }
    return chosen;
  }
}
