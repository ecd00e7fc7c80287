package dev.rapport.badge.sim;

/** The channel through which a follower copies a leader in a {@link CouplingEpisode}. */
public enum Modality {
  /** Movement bursts (gestures, nods, fidgets) of the leader reappear at the follower, lagged. */
  MOVEMENT,
  /**
   * Vocal rhythm: when the leader's turn ends the follower tends to take the floor after the lag,
   * and the follower's loudness moves towards the leader's.
   */
  VOCAL,
  /** Posture changes of the leader are mirrored by the follower after the lag. */
  POSTURE
}
