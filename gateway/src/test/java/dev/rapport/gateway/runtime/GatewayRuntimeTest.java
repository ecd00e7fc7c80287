package dev.rapport.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.config.GatewayConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway as `rapport demo` runs it: simulated badges through real links and threads, the
 * embedded broker, read by a real MQTT client.
 */
@Timeout(120)
class GatewayRuntimeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void shouldPublishDyadScoresAndBadgeHealthToAnMqttSubscriber() throws Exception {
    GatewayConfig config =
        ConfigLoader.parse(
            "site: lab\ngateway: gw7\ndata_dir: '"
                + dataDir
                + "'\nbadges:\n  simulated:\n    count: 4\n    seed: 5\n"
                + "mqtt:\n  embedded:\n    port: 0\ndashboard:\n  port: 0\n",
            name -> null);
    Map<String, CopyOnWriteArrayList<Long>> seqByDyad = new ConcurrentHashMap<>();
    Map<String, JsonNode> badgeStatus = new ConcurrentHashMap<>();
    CountDownLatch enoughScores = new CountDownLatch(6 * 5);
    CountDownLatch offline = new CountDownLatch(1);

    GatewayRuntime runtime = new GatewayRuntime(config, RuntimeOptions.defaults("test"));
    runtime.start();
    MqttClient subscriber;
    try {
      subscriber = new MqttClient(runtime.brokerUrl(), "test-subscriber", new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      subscriber.connect(options);
      subscriber.subscribe(
          "rapport/lab/gw7/#",
          1,
          (topic, message) -> {
            JsonNode body = JSON.readTree(message.getPayload());
            if (topic.contains("/dyad/")) {
              seqByDyad
                  .computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>())
                  .add(body.get("seq").asLong());
              if (body.get("score").isNumber()) {
                enoughScores.countDown();
              }
            } else if (topic.endsWith("/status") && topic.contains("/badge/")) {
              badgeStatus.put(body.get("badge").asText(), body);
            } else if (topic.equals("rapport/lab/gw7/status")
                && "offline".equals(body.path("state").asText())) {
              offline.countDown();
            }
          });
      assertThat(enoughScores.await(90, TimeUnit.SECONDS))
          .as("30 dyad scores within 90 s, got %s", seqByDyad)
          .isTrue();
    } finally {
      runtime.close();
    }
    assertThat(offline.await(10, TimeUnit.SECONDS)).as("offline status on shutdown").isTrue();
    // The embedded broker stopped with the gateway, so the subscriber is (being) cut off.
    if (subscriber.isConnected()) {
      subscriber.disconnectForcibly(0, 1_000);
    }
    subscriber.close(true);

    assertThat(seqByDyad.keySet())
        .contains(
            "rapport/lab/gw7/dyad/0001/0002",
            "rapport/lab/gw7/dyad/0001/0004",
            "rapport/lab/gw7/dyad/0003/0004");
    for (var entry : seqByDyad.entrySet()) {
      var seqs = entry.getValue();
      for (int i = 1; i < seqs.size(); i++) {
        assertThat(seqs.get(i)).as("seq of %s", entry.getKey()).isEqualTo(seqs.get(i - 1) + 1);
      }
    }
    assertThat(badgeStatus.keySet()).containsExactlyInAnyOrder("0001", "0002", "0003", "0004");
    assertThat(badgeStatus.get("0001").path("link").path("transport").asText()).isEqualTo("sim");
    assertThat(runtime.engineQueueDrops()).isZero();
  }
}
