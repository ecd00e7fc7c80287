package dev.rapport.gateway.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A real MQTT subscriber for tests: keeps every message it receives, in arrival order, and lets a
 * test wait (with a timeout, woken by each arrival) for the first message that matches.
 */
public final class Subscriber implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One received message, its payload parsed. */
  public record Received(String topic, JsonNode body) {}

  private final MqttClient client;
  private final List<Received> received = new ArrayList<>();

  public Subscriber(String brokerUrl, String clientId, String topicFilter) throws MqttException {
    client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    client.connect(options);
    client.subscribe(
        topicFilter,
        1,
        (topic, message) -> {
          JsonNode body = JSON.readTree(message.getPayload());
          synchronized (received) {
            received.add(new Received(topic, body));
            received.notifyAll();
          }
        });
  }

  /** Publishes a UTF-8 text with QoS 1, not retained (a command, as a lab's script would). */
  public void publish(String topic, String text) throws MqttException {
    client.publish(topic, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false);
  }

  /** What arrived so far. */
  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /**
   * Waits for the first message at index {@code from} or later that matches.
   *
   * @return its index
   * @throws AssertionError naming {@code what} when none arrived in time
   */
  public int await(String what, int from, Predicate<Received> match, long timeoutMs)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    synchronized (received) {
      int next = from;
      while (true) {
        for (; next < received.size(); next++) {
          if (match.test(received.get(next))) {
            return next;
          }
        }
        long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
        if (leftMs <= 0) {
          throw new AssertionError(
              "no " + what + " within " + timeoutMs + " ms; " + received.size() + " received");
        }
        received.wait(leftMs);
      }
    }
  }

  /** The messages from {@code from} on whose topic passes {@code topic}. */
  public List<Received> since(int from, Predicate<String> topic) {
    List<Received> out = new ArrayList<>();
    for (Received r : received()) {
      if (from-- <= 0 && topic.test(r.topic())) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnectForcibly(0, 1_000);
    }
    client.close(true);
  }
}
