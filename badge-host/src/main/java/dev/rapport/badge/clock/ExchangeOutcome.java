package dev.rapport.badge.clock;

/** What {@link ClockAligner#onSyncExchange} did with one TIME_SYNC exchange. */
public enum ExchangeOutcome {
  /** Added to the window; the model was re-solved. */
  ACCEPTED,
  /**
   * Impossible timestamps (response before request, badge hold time longer than the round trip).
   */
  REJECTED_INVALID,
  /**
   * Round trip longer than the configured maximum: its bounds are too loose to be worth keeping.
   */
  REJECTED_SLOW,
  /**
   * Contradicts the model by more than the discontinuity threshold: held back as a suspect. If
   * enough consistent suspects follow, the counter jumped; otherwise it was an outlier.
   */
  HELD_AS_SUSPECT,
  /** Confirmed that the badge counter jumped (reboot): the model was rebuilt from the suspects. */
  DISCONTINUITY_RESET
}
