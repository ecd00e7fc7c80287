package dev.rapport.badge.sim;

import dev.rapport.badge.protocol.BadgeId;
import java.util.Objects;

/**
 * One piece of ground truth: from {@code startMs} (inclusive) to {@code endMs} (exclusive) of
 * simulated time, badge {@code follower} copies badge {@code leader} in one {@link Modality},
 * {@code lagMs} later, with probability {@code strength} per leader event.
 *
 * <p>The window applies to the leader's events: a leader burst at time t inside the window may be
 * copied to the follower at t + lagMs, even if that falls after {@code endMs}. Only the leader's
 * own (spontaneous) events are copied, never copies it received from someone else, so the coupling
 * in the data is exactly what the list of episodes says; chains do not propagate.
 *
 * @param leader badge id of the person being followed (1..badgeCount)
 * @param follower badge id of the person copying
 * @param modality which channel is coupled
 * @param lagMs how long after the leader's event the follower's copy starts, 0..{@value
 *     #MAX_LAG_MS}
 * @param strength probability in 0..1 that a leader event is copied; the follower's own spontaneous
 *     events of that modality are thinned by (1 - strength) so activity stays similar
 * @param startMs session time when the episode starts, inclusive
 * @param endMs session time when it ends, exclusive; {@link #OPEN_END_MS} for "until the end"
 */
public record CouplingEpisode(
    int leader,
    int follower,
    Modality modality,
    int lagMs,
    double strength,
    long startMs,
    long endMs) {

  /** An episode that lasts until the end of the session. */
  public static final long OPEN_END_MS = Long.MAX_VALUE;

  public static final int MAX_LAG_MS = 10_000;

  public CouplingEpisode {
    Objects.requireNonNull(modality, "modality");
    if (leader < BadgeId.MIN || leader > BadgeId.MAX) {
      throw new IllegalArgumentException("coupling leader out of range, leader=" + leader);
    }
    if (follower < BadgeId.MIN || follower > BadgeId.MAX) {
      throw new IllegalArgumentException("coupling follower out of range, follower=" + follower);
    }
    if (leader == follower) {
      throw new IllegalArgumentException(
          "coupling leader and follower must differ, leader=" + leader + " follower=" + follower);
    }
    if (lagMs < 0 || lagMs > MAX_LAG_MS) {
      throw new IllegalArgumentException(
          "coupling lag must be 0.." + MAX_LAG_MS + " ms, lagMs=" + lagMs);
    }
    if (!(strength >= 0.0 && strength <= 1.0)) {
      throw new IllegalArgumentException("coupling strength must be 0..1, strength=" + strength);
    }
    if (startMs < 0) {
      throw new IllegalArgumentException("coupling start must be >= 0, startMs=" + startMs);
    }
    if (endMs <= startMs) {
      throw new IllegalArgumentException(
          "coupling end must be after start, startMs=" + startMs + " endMs=" + endMs);
    }
  }

  /** An episode from the session start to its end. */
  public static CouplingEpisode whole(
      int leader, int follower, Modality modality, int lagMs, double strength) {
    return new CouplingEpisode(leader, follower, modality, lagMs, strength, 0, OPEN_END_MS);
  }

  /**
   * Parses one episode written like a row of the ground-truth CSV, {@code
   * leader,follower,modality,lag_ms,strength[,start_ms,end_ms]}, e.g. {@code
   * 0001,0002,MOVEMENT,400,0.8} or {@code 4,3,posture,1500,0.9,60000,180000} (ids in hex as {@link
   * BadgeId#parse}, modality in any case, whole session without the times): the form a command-line
   * option takes.
   *
   * @throws IllegalArgumentException naming the field and the text
   */
  public static CouplingEpisode parse(String text) {
    String[] cells = text.trim().split("\\s*,\\s*", -1);
    if (cells.length != 5 && cells.length != 7) {
      throw new IllegalArgumentException(
          "coupling needs leader,follower,modality,lag_ms,strength[,start_ms,end_ms], coupling="
              + text);
    }
    String field = "leader";
    try {
      int leader = BadgeId.parse(cells[0]);
      field = "follower";
      int follower = BadgeId.parse(cells[1]);
      field = "modality";
      Modality modality = Modality.valueOf(cells[2].toUpperCase(java.util.Locale.ROOT));
      field = "lag_ms";
      int lagMs = Integer.parseInt(cells[3]);
      field = "strength";
      double strength = Double.parseDouble(cells[4]);
      long startMs = 0;
      long endMs = OPEN_END_MS;
      if (cells.length == 7) {
        field = "start_ms";
        startMs = Long.parseLong(cells[5]);
        field = "end_ms";
        endMs = Long.parseLong(cells[6]);
      }
      field = "coupling";
      return new CouplingEpisode(leader, follower, modality, lagMs, strength, startMs, endMs);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "bad coupling " + field + ", coupling=" + text + ": " + e.getMessage(), e);
    }
  }

  /** Whether the episode covers the given session time. */
  public boolean isActiveAtMs(long timeMs) {
    return timeMs >= startMs && timeMs < endMs;
  }

  long startUs() {
    return startMs * 1000L;
  }

  /** Saturates so that {@link #OPEN_END_MS} stays "forever" in microseconds. */
  long endUs() {
    return endMs >= Long.MAX_VALUE / 1000L ? Long.MAX_VALUE : endMs * 1000L;
  }

  boolean isActiveAtUs(long timeUs) {
    return timeUs >= startUs() && timeUs < endUs();
  }

  @Override
  public String toString() {
    return modality
        + " "
        + BadgeId.format(leader)
        + "->"
        + BadgeId.format(follower)
        + " lagMs="
        + lagMs
        + " strength="
        + strength
        + " ["
        + startMs
        + ","
        + (endMs == OPEN_END_MS ? "end" : Long.toString(endMs))
        + ")";
  }
}
