package dev.rapport.gateway.runtime;

import dev.rapport.gateway.engine.EngineOutput;
import dev.rapport.gateway.mqtt.BadgeStatusMessage;
import dev.rapport.gateway.mqtt.DyadScoreMessage;
import java.util.Map;
import java.util.Objects;

/** Small {@link EngineOutput} building blocks. */
public final class EngineOutputs {
  private EngineOutputs() {}

  /** Sends results to {@code results} and time-sync requests to {@code timeSync}. */
  public static EngineOutput split(EngineOutput results, TimeSyncRequester timeSync) {
    return new Forwarding(results) {
      @Override
      public void requestTimeSync(int badgeId, int link, long correlationId) {
        timeSync.requestTimeSync(badgeId, link, correlationId);
      }
    };
  }

  /**
   * Passes everything on to {@code next}; a wrapper overrides only what it changes. Every method of
   * {@link EngineOutput} is forwarded here, so a wrapper can never swallow one by forgetting it
   * (the interface's default methods would otherwise do exactly that).
   */
  public abstract static class Forwarding implements EngineOutput {
    protected final EngineOutput next;

    protected Forwarding(EngineOutput next) {
      this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void onDyad(DyadScoreMessage message) {
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
