package dev.rapport.hardware;

/** Short acknowledgements from the optional buzzer; each plays once. */
public enum BeepPattern {
  /** A marker was recorded. */
  MARKER(OnOffTimings.once(80)),
  /** A session started or stopped. */
  SESSION(OnOffTimings.once(80, 80, 80)),
  /** Something needs attention (for example the broker went away). */
  WARNING(OnOffTimings.once(400, 200, 400));

  private final OnOffTimings timings;

  BeepPattern(OnOffTimings timings) {
    this.timings = timings;
  }

  public OnOffTimings timings() {
    return timings;
  }
}
