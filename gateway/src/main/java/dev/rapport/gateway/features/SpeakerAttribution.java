package dev.rapport.gateway.features;

/**
 * Decides, per grid tick, which vocally active badges belong to a speaking wearer and which only
 * hear someone else's voice.
 *
 * <p>The rule (docs/features.md, "Speaker attribution"): a vocally active badge i is only hearing
 * badge j when j is louder than i by more than the allowed deficit, where the allowed deficit is
 * the attribution margin, or, once learnt, j's voice's usual attenuation on its way to i minus a
 * tolerance, whichever is larger (plus the hysteresis when i was speaking the tick before). With
 * nothing learnt this is the Open Badges rule: the loudest speaks, and so does anyone within the
 * margin of them. Learning makes it local: a loud talker at another table, whose voice reaches i 20
 * dB down, no longer silences i, who is 10 dB quieter but at a different table.
 *
 * <p>Attenuations are learnt from the ticks where j is the loudest active badge of the room. While
 * i listens, {@code level_j - level_i} is at most the loss from j's mouth to i's badge (i's level
 * is j's voice plus i's own noise); while i talks too (at another table), it is smaller. So the
 * estimate is an upper quantile (9/10) of {@code level_j - level_i}: right as long as i is silent
 * at least a tenth of the time j is loudest. The quantile is tracked with fixed steps, up 9 and
 * down 1, which needs no memory beyond the estimate and is exact integer arithmetic. Engine thread
 * only; O(badges^2) per tick at worst, nothing allocated.
 */
final class SpeakerAttribution {
  private static final int UP_STEPS = 9;
  private static final int MAX_ATTENUATION_Q16 = FixedMath.millibelToLog2Q16(6000);

  private final int badgeCount;
  private final int marginQ16;
  private final int hysteresisQ16;
  private final int toleranceQ16;
  private final int learnStepQ16;

  /** Learnt loss from j's voice to i's badge, Q16 octaves, at [j * badgeCount + i]. */
  private final int[] attenuationQ16;

  private final boolean[] speaking;

  SpeakerAttribution(
      int badgeCount, int marginQ16, int hysteresisQ16, int toleranceQ16, int learnStepQ16) {
    this.badgeCount = badgeCount;
    this.marginQ16 = marginQ16;
    this.hysteresisQ16 = hysteresisQ16;
    this.toleranceQ16 = toleranceQ16;
    this.learnStepQ16 = learnStepQ16;
    this.attenuationQ16 = new int[badgeCount * badgeCount];
    this.speaking = new boolean[badgeCount];
  }

  /**
   * Attributes one tick.
   *
   * @param loud per badge: present, measured, vocally active and above the activity threshold at
   *     this very tick
   * @param bridged per badge: vocally active only because a short pause is bridged; such a tick
   *     keeps whatever the badge was the tick before (the pause belongs to its wearer's turn, or to
   *     the voice it was hearing), since its level is just the room's noise
   * @param heard per badge: present with a measured level (active or not), for learning
   * @param levelQ16 per badge: level in Q16 octaves (meaningful where heard)
   */
  void attribute(boolean[] loud, boolean[] bridged, boolean[] heard, int[] levelQ16) {
    int loudest = -1;
    for (int i = 0; i < badgeCount; i++) {
      if (loud[i] && (loudest < 0 || levelQ16[i] > levelQ16[loudest])) {
        loudest = i;
      }
    }
    for (int i = 0; i < badgeCount; i++) {
      speaking[i] = loud[i] ? !drownedOut(i, loud, levelQ16) : bridged[i] && speaking[i];
    }
    if (loudest >= 0 && learnStepQ16 > 0) {
      learnFrom(loudest, heard, levelQ16);
    }
  }

  /** True when some louder loud badge explains i's level as its own voice arriving at i. */
  private boolean drownedOut(int i, boolean[] loud, int[] levelQ16) {
    int level = levelQ16[i];
    int extra = speaking[i] ? hysteresisQ16 : 0;
    for (int j = 0; j < badgeCount; j++) {
      if (j == i || !loud[j] || levelQ16[j] <= level) {
        continue;
      }
      long allowedQ16 =
          (long) Math.max(marginQ16, attenuationQ16[j * badgeCount + i] - toleranceQ16) + extra;
      if ((long) levelQ16[j] - level > allowedQ16) {
        return true;
      }
    }
    return false;
  }

  private void learnFrom(int loudest, boolean[] heard, int[] levelQ16) {
    int row = loudest * badgeCount;
    int source = levelQ16[loudest];
    for (int i = 0; i < badgeCount; i++) {
      if (i == loudest || !heard[i]) {
        continue;
      }
      int estimate = attenuationQ16[row + i];
      int lossQ16 = source - levelQ16[i];
      estimate += lossQ16 > estimate ? UP_STEPS * learnStepQ16 : -learnStepQ16;
      attenuationQ16[row + i] = Math.max(0, Math.min(MAX_ATTENUATION_Q16, estimate));
    }
  }

  boolean speaking(int badge) {
    return speaking[badge];
  }

  /** Learnt loss from badge {@code from}'s wearer's voice to badge {@code to}, Q16 octaves. */
  int attenuationQ16(int from, int to) {
    return attenuationQ16[from * badgeCount + to];
  }
}
