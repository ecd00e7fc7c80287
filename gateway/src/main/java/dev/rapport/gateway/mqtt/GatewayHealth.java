package dev.rapport.gateway.mqtt;

/**
 * How the gateway is doing beyond its connection, for the retained status: a lab that sees only the
 * broker can tell a gateway that runs but hears no badges, or loses results, from a healthy one.
 * Taken by the publisher at each status; the values are counters since start or a snapshot.
 *
 * @param session the session in progress, or null
 * @param badgesConnected badges heard from within the last few seconds
 * @param badgesTotal badges seen since start
 * @param engineQueueDrops input events (frames, ticks) lost because the engine queue was full
 * @param resultQueueDrops results lost because the sinks (outbox, dashboard) fell behind
 */
public record GatewayHealth(
    String session,
    int badgesConnected,
    int badgesTotal,
    long engineQueueDrops,
    long resultQueueDrops) {
  public GatewayHealth {
    if (badgesConnected < 0 || badgesTotal < badgesConnected) {
      throw new IllegalArgumentException(
          "badge counts out of range, badgesConnected="
              + badgesConnected
              + " badgesTotal="
              + badgesTotal);
    }
    if (engineQueueDrops < 0 || resultQueueDrops < 0) {
      throw new IllegalArgumentException(
          "drop counters must not be negative, engineQueueDrops="
              + engineQueueDrops
              + " resultQueueDrops="
              + resultQueueDrops);
    }
  }
}
