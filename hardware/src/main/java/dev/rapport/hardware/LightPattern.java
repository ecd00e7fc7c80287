package dev.rapport.hardware;

/**
 * What the gateway's single status LED says. The patterns differ in rhythm, not brightness, so they
 * can be told apart on a plain LED across a room and by people who cannot tell colours apart.
 *
 * <p>When several states hold at once the gateway shows the most urgent: {@link #select} encodes
 * that order, so every caller agrees.
 */
public enum LightPattern {
  /** Fast even blink while the gateway starts: "alive, not ready yet". */
  STARTING(OnOffTimings.repeating(150, 150)),
  /**
   * Mostly on with a short dark blip every two seconds. Not steady on: a hung process with a
   * latched pin would also look steady, the heartbeat proves the gateway is still running.
   */
  BROKER_CONNECTED(OnOffTimings.repeating(1_900, 100)),
  /** Double flash then a pause: the broker is unreachable and scores are being buffered to disk. */
  BROKER_DOWN_BUFFERING(OnOffTimings.repeating(100, 150, 100, 1_150)),
  /** Slow even blink: at least one expected badge has gone silent. */
  BADGE_MISSING(OnOffTimings.repeating(1_000, 1_000)),
  /** Dark: the gateway has stopped. */
  OFF(OnOffTimings.alwaysOff());

  private final OnOffTimings timings;

  LightPattern(OnOffTimings timings) {
    this.timings = timings;
  }

  public OnOffTimings timings() {
    return timings;
  }

  /**
   * The pattern for a running gateway. A broker outage outranks a missing badge: scores are at risk
   * of waiting on disk, whereas a missing badge only loses that badge's dyads.
   */
  public static LightPattern select(boolean started, boolean brokerConnected, int missingBadges) {
    if (missingBadges < 0) {
      throw new IllegalArgumentException(
          "missingBadges must be >= 0, missingBadges=" + missingBadges);
    }
    if (!started) {
      return STARTING;
    }
    if (!brokerConnected) {
      return BROKER_DOWN_BUFFERING;
    }
    return missingBadges > 0 ? BADGE_MISSING : BROKER_CONNECTED;
  }
}
