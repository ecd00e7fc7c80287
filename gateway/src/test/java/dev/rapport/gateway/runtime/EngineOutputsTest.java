package dev.rapport.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.gateway.engine.EngineOutput;
import dev.rapport.gateway.mqtt.DyadScoreMessage;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineOutputsTest {
  /**
   * A wrapper that inherited an interface default instead of forwarding once swallowed every
   * session switch; the forwarding base must declare every method of the interface itself.
   */
  @Test
  void shouldForwardEveryMethodOfTheEngineOutputInterface() throws Exception {
    List<String> notForwarded = new ArrayList<>();
    for (Method m : EngineOutput.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      try {
        EngineOutputs.Forwarding.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
      } catch (NoSuchMethodException e) {
        notForwarded.add(m.getName());
      }
    }
    assertThat(notForwarded).isEmpty();
  }

  @Test
  void shouldPassSessionSwitchesAndResultsThroughTheProbeWrapper() {
    List<String> seen = new ArrayList<>();
    EngineOutput sink =
        new EngineOutputs.Ignoring() {
          @Override
          public void onSession(long timeMs, String sessionId, String previousId) {
            seen.add("session " + timeMs + " " + sessionId + " " + previousId);
          }

          @Override
          public void onMarker(long timeMs, String label) {
            seen.add("marker " + timeMs + " " + label);
          }

          @Override
          public void onHop(long timeMs, Map<String, Double> speakingFraction) {
            seen.add("hop " + timeMs + " " + speakingFraction);
          }
        };
    EngineOutput probed =
        new ProbedEngineOutput(
            sink,
            new LatencyProbe() {
              @Override
              public void onFrameIntake(byte[] frame, long intakeNs) {}

              @Override
              public long takeIntake(byte[] frame) {
                return Long.MIN_VALUE;
              }

              @Override
              public void onTickClosed(
                  long timeMs,
                  long tickEndNs,
                  long newestIntakeNs,
                  long watermarkNs,
                  long processingNs) {}

              @Override
              public void onDyadEmitted(DyadScoreMessage message, long emitNs) {}

              @Override
              public void onDyadDequeued(DyadScoreMessage message, long dequeuedNs) {}

              @Override
              public void onDyadOutboxed(DyadScoreMessage message, long outboxedNs) {}
            });

    probed.onSession(1_000, "s-1", null);
    probed.onMarker(1_500, "phase 2");
    probed.onHop(2_000, Map.of("0001", 0.5));
    probed.onSession(3_000, null, "s-1");

    assertThat(seen)
        .containsExactly(
            "session 1000 s-1 null",
            "marker 1500 phase 2",
            "hop 2000 {0001=0.5}",
            "session 3000 null s-1");
  }
}
