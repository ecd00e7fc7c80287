package dev.rapport.badge.sim;

/**
 * One person's planned utterances (conversation turns and short backchannels such as "mm-hm"), as
 * intervals of true time with a loudness. Planned ahead of the sample clock by the table's {@link
 * Conversation} and by {@link BackchannelSource}; read when a microphone period is evaluated. Fixed
 * capacity so that the sample loop allocates nothing; an utterance that does not fit is dropped and
 * counted (it does not happen at conversational rates). Simulation thread only.
 */
final class VoiceTrack {
  static final int CAPACITY = 32;

  private final long[] startUs = new long[CAPACITY];
  private final long[] endUs = new long[CAPACITY];
  private final double[] amplitude1m = new double[CAPACITY];
  private final boolean[] isTurn = new boolean[CAPACITY];
  private int count;
  private long droppedUtterances;

  void add(long fromUs, long toUs, double amplitudeAt1m, boolean turn) {
    if (count == CAPACITY) {
      droppedUtterances++;
      return;
    }
    startUs[count] = fromUs;
    endUs[count] = toUs;
    amplitude1m[count] = amplitudeAt1m;
    isTurn[count] = turn;
    count++;
  }

  /** Whether a conversation turn (not a backchannel) of this person covers {@code timeUs}. */
  boolean inTurnAt(long timeUs) {
    for (int i = 0; i < count; i++) {
      if (isTurn[i] && startUs[i] <= timeUs && timeUs < endUs[i]) {
        return true;
      }
    }
    return false;
  }

  boolean speakingAt(long timeUs) {
    for (int i = 0; i < count; i++) {
      if (startUs[i] <= timeUs && timeUs < endUs[i]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Mean squared voice amplitude at 1 m over [fromUs, toUs): each utterance contributes its
   * amplitude squared weighted by the fraction of the period it covers, so that a turn starting
   * mid-period gives an intermediate value as a real energy integrator would.
   */
  double meanPowerAt1m(long fromUs, long toUs) {
    double power = 0.0;
    double periodUs = toUs - fromUs;
    for (int i = 0; i < count; i++) {
      long overlapUs = Math.min(toUs, endUs[i]) - Math.max(fromUs, startUs[i]);
      if (overlapUs > 0) {
        power += amplitude1m[i] * amplitude1m[i] * (overlapUs / periodUs);
      }
    }
    return power;
  }

  /** Microseconds of [fromUs, toUs) during which this person spoke (at most the period). */
  long speakingUs(long fromUs, long toUs) {
    long total = 0;
    for (int i = 0; i < count; i++) {
      long overlapUs = Math.min(toUs, endUs[i]) - Math.max(fromUs, startUs[i]);
      if (overlapUs > 0) {
        total += overlapUs;
      }
    }
    return Math.min(total, toUs - fromUs);
  }

  /** Forgets utterances that ended before {@code timeUs}; nothing earlier will be asked for. */
  void pruneEndedBefore(long timeUs) {
    int i = 0;
    while (i < count) {
      if (endUs[i] < timeUs) {
        count--;
        startUs[i] = startUs[count];
        endUs[i] = endUs[count];
        amplitude1m[i] = amplitude1m[count];
        isTurn[i] = isTurn[count];
      } else {
        i++;
      }
    }
  }

  long droppedUtterances() {
    return droppedUtterances;
  }
}
