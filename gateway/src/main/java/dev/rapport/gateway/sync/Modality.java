package dev.rapport.gateway.sync;

/** The signals the windowed cross-correlation runs on, one per badge per grid tick. */
public enum Modality {
  /** Motion energy: the dynamic part of the acceleration (features package). */
  MOVEMENT,
  /** Vocal energy envelope: microphone energy above the adaptive noise floor. */
  VOCAL
}
