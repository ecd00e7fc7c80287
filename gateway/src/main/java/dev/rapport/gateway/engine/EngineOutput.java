package dev.rapport.gateway.engine;

import dev.rapport.gateway.mqtt.BadgeStatusMessage;
import dev.rapport.gateway.mqtt.DyadScoreMessage;
import java.util.Map;

/**
 * What the engine produces, called on the engine thread. Implementations hand the values to sink
 * threads through bounded queues and never block: the values are immutable.
 */
public interface EngineOutput {
  /** One dyad's metrics for the window that ended at {@code message.timeMs()}. */
  void onDyad(DyadScoreMessage message);

  /** Every dyad of one hop has been delivered; {@code speakingFraction} per badge over the hop. */
  void onHop(long timeMs, Map<String, Double> speakingFraction);

  /** A badge's health, about once a second per badge. */
  void onBadgeStatus(BadgeStatusMessage status);

  /** A marker entered the timeline. */
  void onMarker(long timeMs, String label);

  /**
   * The session in progress changed, between the results before and after this call: {@code
   * sessionId} is the new session, or null when {@code previousId} ended. Outputs that only need
   * the id already find it in each {@link DyadScoreMessage#session()}, hence the empty default.
   */
  default void onSession(long timeMs, String sessionId, String previousId) {}

  /**
   * The engine wants a TIME_SYNC request sent to a badge over a link. Live, the sender sends it and
   * reports the send time back as a {@link EngineEvent.Kind#SYNC_REQUEST_SENT} event; in a replay
   * nothing is sent (the recorded events say what was).
   */
  void requestTimeSync(int badgeId, int link, long correlationId);
}
