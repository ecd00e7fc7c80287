package dev.rapport.gateway.runtime;

import dev.rapport.gateway.engine.EngineOutput;
import dev.rapport.gateway.mqtt.DyadScoreMessage;

/** Passes the engine's results on, telling a {@link LatencyProbe} when each dyad left. */
final class ProbedEngineOutput extends EngineOutputs.Forwarding {
  private final LatencyProbe probe;

  ProbedEngineOutput(EngineOutput next, LatencyProbe probe) {
    super(next);
    this.probe = probe;
  }

  @Override
  public void onDyad(DyadScoreMessage message) {
    probe.onDyadEmitted(message, System.nanoTime());
    next.onDyad(message);
  }
}
