package dev.rapport.badge.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo room's couplings: in every block of eight badges some pairs are strongly coupled, with
 * different leaders, lags and modalities, one coupling stops and one starts during the session, and
 * the rest are uncoupled. With ids relative to the block (1..8), see docs/simulator.md:
 *
 * <pre>
 *   MOVEMENT 1->2 lag  400 ms strength 0.8  whole session
 *   VOCAL    1->2 lag  600 ms strength 0.7  whole session (only if 1 and 2 share a table)
 *   MOVEMENT 4->3 lag  800 ms strength 0.7  whole session (the higher id leads)
 *   POSTURE  5->6 lag 1500 ms strength 0.9  whole session
 *   MOVEMENT 5->6 lag  200 ms strength 0.6  0 s .. 120 s (then stops)
 *   MOVEMENT 8->7 lag 1000 ms strength 0.8  60 s .. 180 s (starts late, then stops)
 * </pre>
 *
 * Episodes naming a badge beyond the room's size are left out.
 */
public final class DefaultScenario {
  private static final int BLOCK = 8;

  private DefaultScenario() {}

  public static List<CouplingEpisode> couplings(int badgeCount, int peoplePerTable) {
    List<CouplingEpisode> out = new ArrayList<>();
    for (int base = 0; base + 2 <= badgeCount; base += BLOCK) {
      addIfPresent(out, badgeCount, peoplePerTable, base, 1, 2, Modality.MOVEMENT, 400, 0.8, 0, -1);
      addIfPresent(out, badgeCount, peoplePerTable, base, 1, 2, Modality.VOCAL, 600, 0.7, 0, -1);
      addIfPresent(out, badgeCount, peoplePerTable, base, 4, 3, Modality.MOVEMENT, 800, 0.7, 0, -1);
      addIfPresent(out, badgeCount, peoplePerTable, base, 5, 6, Modality.POSTURE, 1500, 0.9, 0, -1);
      addIfPresent(
          out, badgeCount, peoplePerTable, base, 5, 6, Modality.MOVEMENT, 200, 0.6, 0, 120_000);
      addIfPresent(
          out,
          badgeCount,
          peoplePerTable,
          base,
          8,
          7,
          Modality.MOVEMENT,
          1000,
          0.8,
          60_000,
          180_000);
    }
    return out;
  }

  private static void addIfPresent(
      List<CouplingEpisode> out,
      int badgeCount,
      int peoplePerTable,
      int base,
      int leader,
      int follower,
      Modality modality,
      int lagMs,
      double strength,
      long startMs,
      long endMs) {
    int leaderId = base + leader;
    int followerId = base + follower;
    if (leaderId > badgeCount || followerId > badgeCount) {
      return;
    }
    if (modality == Modality.VOCAL
        && RoomLayout.tableOf(leaderId - 1, badgeCount, peoplePerTable)
            != RoomLayout.tableOf(followerId - 1, badgeCount, peoplePerTable)) {
      return;
    }
    long end = endMs < 0 ? CouplingEpisode.OPEN_END_MS : endMs;
    out.add(new CouplingEpisode(leaderId, followerId, modality, lagMs, strength, startMs, end));
  }
}
