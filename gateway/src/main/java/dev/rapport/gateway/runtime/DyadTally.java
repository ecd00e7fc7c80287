package dev.rapport.gateway.runtime;

import dev.rapport.gateway.engine.EngineOutput;
import dev.rapport.gateway.mqtt.BadgeStatusMessage;
import dev.rapport.gateway.mqtt.DyadScoreMessage;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the engine's dyad results per dyad without keeping them (a 64-badge room makes 2,016 per
 * second): how many messages, and how many carried a movement and a vocal value. Forwards
 * everything to a delegate. Engine thread only.
 */
public final class DyadTally extends EngineOutputs.Ignoring {
  private final EngineOutput delegate;
  private final Map<String, long[]> perDyad = new HashMap<>();
  private long messages;

  private static final int MESSAGES = 0;
  private static final int WITH_MOVEMENT = 1;
  private static final int WITH_VOCAL = 2;

  public DyadTally() {
    this(new EngineOutputs.Ignoring());
  }

  public DyadTally(EngineOutput delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onDyad(DyadScoreMessage message) {
    messages++;
    long[] counts =
        perDyad.computeIfAbsent(message.badgeA() + "-" + message.badgeB(), k -> new long[3]);
    counts[MESSAGES]++;
    if (message.movement() != null && message.movement().r() != null) {
      counts[WITH_MOVEMENT]++;
    }
    if (message.vocal() != null && message.vocal().r() != null) {
      counts[WITH_VOCAL]++;
    }
    delegate.onDyad(message);
  }

  @Override
  public void onHop(long timeMs, Map<String, Double> speakingFraction) {
    delegate.onHop(timeMs, speakingFraction);
  }

  @Override
  public void onBadgeStatus(BadgeStatusMessage status) {
    delegate.onBadgeStatus(status);
  }

  @Override
  public void onMarker(long timeMs, String label) {
    delegate.onMarker(timeMs, label);
  }

  public long messages() {
    return messages;
  }

  /** Dyads with at least one result message. */
  public int dyads() {
    return perDyad.size();
  }

  /** Dyads with at least one movement synchrony value (not just an empty window). */
  public int dyadsWithMovement() {
    return (int) perDyad.values().stream().filter(c -> c[WITH_MOVEMENT] > 0).count();
  }

  /** Dyads with at least one vocal synchrony value. */
  public int dyadsWithVocal() {
    return (int) perDyad.values().stream().filter(c -> c[WITH_VOCAL] > 0).count();
  }

  /** The fewest messages any seen dyad got (0 when none was seen). */
  public long fewestMessagesPerDyad() {
    return perDyad.values().stream().mapToLong(c -> c[MESSAGES]).min().orElse(0);
  }
}
