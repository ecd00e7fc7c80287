package dev.rapport.gateway.runtime;

import dev.rapport.gateway.engine.EngineOutput;
import dev.rapport.gateway.mqtt.BadgeStatusMessage;
import dev.rapport.gateway.mqtt.DyadScoreMessage;
import java.util.Map;

/** Small {@link EngineOutput} building blocks. */
public final class EngineOutputs {
  private EngineOutputs() {}

  /** Sends results to {@code results} and time-sync requests to {@code timeSync}. */
  public static EngineOutput split(EngineOutput results, TimeSyncRequester timeSync) {
    return new EngineOutput() {
      @Override
      public void onDyad(DyadScoreMessage message) {
        results.onDyad(message);
      }

      @Override
      public void onHop(long timeMs, Map<String, Double> speakingFraction) {
        results.onHop(timeMs, speakingFraction);
      }

      @Override
      public void onBadgeStatus(BadgeStatusMessage status) {
        results.onBadgeStatus(status);
      }

      @Override
      public void onMarker(long timeMs, String label) {
        results.onMarker(timeMs, label);
      }

      @Override
      public void onSession(long timeMs, String sessionId, String previousId) {
        results.onSession(timeMs, sessionId, previousId);
      }

      @Override
      public void requestTimeSync(int badgeId, int link, long correlationId) {
        timeSync.requestTimeSync(badgeId, link, correlationId);
      }
    };
  }

  /** Who sends the engine's TIME_SYNC requests; nobody in a replay. */
  @FunctionalInterface
  public interface TimeSyncRequester {
    void requestTimeSync(int badgeId, int link, long correlationId);
  }

  /** Ignores everything: for replays that only need some outputs, and for benchmarks. */
  public static class Ignoring implements EngineOutput {
    @Override
    public void onDyad(DyadScoreMessage message) {}

    @Override
    public void onHop(long timeMs, Map<String, Double> speakingFraction) {}

    @Override
    public void onBadgeStatus(BadgeStatusMessage status) {}

    @Override
    public void onMarker(long timeMs, String label) {}

    @Override
    public void requestTimeSync(int badgeId, int link, long correlationId) {}
  }
}
