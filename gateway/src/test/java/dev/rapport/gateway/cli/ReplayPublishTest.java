package dev.rapport.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.gateway.mqtt.BrokerSettings;
import dev.rapport.gateway.mqtt.DyadScoreMessage;
import dev.rapport.gateway.mqtt.EmbeddedBroker;
import dev.rapport.gateway.session.SimulatedSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rapport replay --publish}: the replayed scores reach a subscriber of a real broker. */
class ReplayPublishTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void shouldRepublishEveryReplayedScoreAndTheMarker() throws Exception {
    SimulatedSessions.Recorded session = SimulatedSessions.standard();
    try (EmbeddedBroker broker = new EmbeddedBroker(BrokerSettings.loopback(0, tmp.resolve("b")))) {
      int port = broker.start();
      List<JsonNode> dyads = Collections.synchronizedList(new ArrayList<>());
      List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch all = new CountDownLatch(session.live().size() + 1);
      MqttClient subscriber =
          new MqttClient("tcp://127.0.0.1:" + port, "replay-test-sub", new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      subscriber.connect(options);
      subscriber.subscribe(
          "rapport/lab/replayed/#",
          1,
          (topic, message) -> {
            JsonNode node = JSON.readTree(message.getPayload());
            if (topic.startsWith("rapport/lab/replayed/dyad/")) {
              dyads.add(node);
              all.countDown();
            } else if (topic.equals("rapport/lab/replayed/event")) {
              events.add(node);
              all.countDown();
            }
          });

      ReplayCommandTest.Run run =
          ReplayCommandTest.rapport(
              "replay",
              session.info().id(),
              "--data-dir",
              session.dataDir().toString(),
              "--out",
              tmp.resolve("scores.csv").toString(),
              "--publish",
              "tcp://127.0.0.1:" + port,
              "--site",
              "lab",
              "--gateway",
              "replayed");

      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
      assertThat(all.await(30, TimeUnit.SECONDS)).as("%d dyads received", dyads.size()).isTrue();
      subscriber.disconnect();
      subscriber.close();
      assertThat(run.out())
          .contains("published " + session.live().size() + " scores and 1 markers");
      assertThat(dyads).hasSize(session.live().size());
      // Per dyad in order: the JSON values are the live values.
      for (int i = 0; i < session.live().size(); i++) {
        DyadScoreMessage live = session.live().get(i);
        JsonNode sent =
            dyads.stream()
                .filter(
                    n ->
                        n.path("time_ms").asLong() == live.timeMs()
                            && n.path("badge_a").asText().equals(live.badgeA())
                            && n.path("badge_b").asText().equals(live.badgeB()))
                .findFirst()
                .orElseThrow();
        assertThat(sent.path("session").asText()).isEqualTo(session.info().id());
        if (live.score() == null) {
          assertThat(sent.path("score").isNull()).isTrue();
        } else {
          assertThat(sent.path("score").asDouble()).isEqualTo(live.score());
        }
      }
      assertThat(events).hasSize(1);
      assertThat(events.get(0).path("label").asText()).isEqualTo(SimulatedSessions.MARKER_LABEL);
      assertThat(events.get(0).path("source").asText()).isEqualTo("replay");
    }
  }
}
