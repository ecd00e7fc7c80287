package dev.rapport.badge.sim;

import java.util.List;

/**
 * The coupling episodes indexed for the simulation loop: per modality and person, which episodes
 * they lead and which they follow, as plain arrays so that lookups in the sample loop allocate
 * nothing. Immutable after construction; person indices are badge id - 1.
 */
final class CouplingSchedule {
  private final int people;
  private final int[] leader;
  private final int[] follower;
  private final int[] lagUs;
  private final double[] strength;
  private final long[] startUs;
  private final long[] endUs;

  /** [modality][person] -> episode indices. */
  private final int[][][] ledBy;

  private final int[][][] followedBy;

  CouplingSchedule(List<CouplingEpisode> episodes, int people) {
    this.people = people;
    int n = episodes.size();
    leader = new int[n];
    follower = new int[n];
    lagUs = new int[n];
    strength = new double[n];
    startUs = new long[n];
    endUs = new long[n];
    int modalities = Modality.values().length;
    int[][] leadCount = new int[modalities][people];
    int[][] followCount = new int[modalities][people];
    for (int e = 0; e < n; e++) {
      CouplingEpisode episode = episodes.get(e);
      leader[e] = episode.leader() - 1;
      follower[e] = episode.follower() - 1;
      lagUs[e] = episode.lagMs() * 1000;
      strength[e] = episode.strength();
      startUs[e] = episode.startUs();
      endUs[e] = episode.endUs();
      leadCount[episode.modality().ordinal()][leader[e]]++;
      followCount[episode.modality().ordinal()][follower[e]]++;
    }
    ledBy = new int[modalities][people][];
    followedBy = new int[modalities][people][];
    for (int m = 0; m < modalities; m++) {
      for (int p = 0; p < people; p++) {
        ledBy[m][p] = new int[leadCount[m][p]];
        followedBy[m][p] = new int[followCount[m][p]];
      }
    }
    int[][] leadFill = new int[modalities][people];
    int[][] followFill = new int[modalities][people];
    for (int e = 0; e < n; e++) {
      int m = episodes.get(e).modality().ordinal();
      ledBy[m][leader[e]][leadFill[m][leader[e]]++] = e;
      followedBy[m][follower[e]][followFill[m][follower[e]]++] = e;
    }
  }

  int people() {
    return people;
  }

  /** Episodes of {@code modality} in which {@code person} leads, in configuration order. */
  int[] led(Modality modality, int person) {
    return ledBy[modality.ordinal()][person];
  }

  boolean isActive(int episode, long timeUs) {
    return timeUs >= startUs[episode] && timeUs < endUs[episode];
  }

  int follower(int episode) {
    return follower[episode];
  }

  int leader(int episode) {
    return leader[episode];
  }

  long lagUs(int episode) {
    return lagUs[episode];
  }

  double strength(int episode) {
    return strength[episode];
  }

  /**
   * The factor by which {@code person}'s own spontaneous events of {@code modality} are thinned at
   * {@code timeUs}: the product of (1 - strength) over the episodes they follow then, so that a
   * follower's total activity stays about the same when copies are added.
   */
  double spontaneousFactor(Modality modality, int person, long timeUs) {
    double factor = 1.0;
    for (int e : followedBy[modality.ordinal()][person]) {
      if (isActive(e, timeUs)) {
        factor *= 1.0 - strength[e];
      }
    }
    return factor;
  }
}
