package dev.rapport.gateway.runtime;

import dev.rapport.gateway.engine.EngineOutput;
import dev.rapport.gateway.mqtt.BadgeStatusMessage;
import dev.rapport.gateway.mqtt.DyadScoreMessage;
import java.util.Map;

/** Passes the engine's results on, telling a {@link LatencyProbe} when each dyad left. */
final class ProbedEngineOutput implements EngineOutput {
  private final EngineOutput next;
  private final LatencyProbe probe;

  ProbedEngineOutput(EngineOutput next, LatencyProbe probe) {
    this.next = next;
    this.probe = probe;
  }

  @Override
  public void onDyad(DyadScoreMessage message) {
    probe.onDyadEmitted(message, System.nanoTime());
    next.onDyad(message);
  }

  @Override
  public void onHop(long timeMs, Map<String, Double> speakingFraction) {
    next.onHop(timeMs, speakingFraction);
  }

  @Override
  public void onBadgeStatus(BadgeStatusMessage status) {
    next.onBadgeStatus(status);
  }

  @Override
  public void onMarker(long timeMs, String label) {
    next.onMarker(timeMs, label);
  }

  @Override
  public void onSession(long timeMs, String sessionId, String previousId) {
    next.onSession(timeMs, sessionId, previousId);
  }

  @Override
  public void requestTimeSync(int badgeId, int link, long correlationId) {
    next.requestTimeSync(badgeId, link, correlationId);
  }
}
