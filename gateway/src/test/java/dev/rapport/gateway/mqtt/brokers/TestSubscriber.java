package dev.rapport.gateway.mqtt.brokers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A lab's subscriber: Paho with a persistent session (cleanSession=false) so the broker queues
 * messages while it is away, reconnecting on its own. Records every message; for dyad topics it
 * records every {@code seq}, so a test can prove that nothing was lost.
 */
public final class TestSubscriber implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One message as it arrived. */
  public record Received(String topic, byte[] payload, boolean retained, long arrivedNs) {
    public JsonNode json() {
      try {
        return JSON.readTree(payload);
      } catch (IOException e) {
        throw new AssertionError("not JSON on " + topic + ": " + new String(payload), e);
      }
    }
  }

  private final MqttAsyncClient client;
  private final MqttConnectOptions options;
  private final String filter;
  private final List<Received> received = new ArrayList<>();
  private final Map<String, List<Long>> seqsByTopic = new HashMap<>();
  private final Map<String, BitSet> distinctByTopic = new HashMap<>();

  public TestSubscriber(String uri, String clientId, boolean cleanSession, String filter)
      throws MqttException {
    this.client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
    this.filter = filter;
    this.options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(cleanSession);
    options.setAutomaticReconnect(true);
    options.setMaxReconnectDelay(300);
    options.setConnectionTimeout(5);
    options.setKeepAliveInterval(5);
    options.setMaxInflight(1000);
    client.setCallback(
        new MqttCallbackExtended() {
          @Override
          public void connectComplete(boolean reconnect, String serverUri) {}

          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            record(topic, message);
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
  }

  /** Connects and subscribes; returns this for chaining. */
  public TestSubscriber connect() throws MqttException {
    client.connect(options).waitForCompletion(5_000);
    client.subscribe(filter, 1).waitForCompletion(5_000);
    return this;
  }

  /** Leaves without unsubscribing: a persistent session keeps collecting at the broker. */
  public void disconnect() throws MqttException {
    client.disconnect(500).waitForCompletion(2_000);
  }

  public void publish(String topic, String payload) throws MqttException {
    client
        .publish(topic, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false)
        .waitForCompletion(5_000);
  }

  private void record(String topic, MqttMessage message) {
    Received r = new Received(topic, message.getPayload(), message.isRetained(), System.nanoTime());
    synchronized (this) {
      received.add(r);
      if (topic.contains("/dyad/")) {
        long seq = r.json().get("seq").asLong();
        seqsByTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(seq);
        distinctByTopic.computeIfAbsent(topic, t -> new BitSet()).set((int) seq);
      }
      notifyAll();
    }
  }

  /** Waits for the first message (already received or coming) that matches. */
  public synchronized Received await(Predicate<Received> match, long timeoutMs)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    int checked = 0;
    while (true) {
      for (; checked < received.size(); checked++) {
        if (match.test(received.get(checked))) {
          return received.get(checked);
        }
      }
      long leftMs = (deadline - System.nanoTime()) / 1_000_000;
      if (leftMs <= 0) {
        throw new AssertionError(
            "no matching message within "
                + timeoutMs
                + " ms; received "
                + received.size()
                + " messages on "
                + topics());
      }
      wait(leftMs);
    }
  }

  /** Waits until {@code total} dyad messages (duplicates included) have arrived. */
  public synchronized void awaitDyadCount(int total, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (dyadCount() < total) {
      long leftMs = (deadline - System.nanoTime()) / 1_000_000;
      if (leftMs <= 0) {
        throw new AssertionError(
            "only " + dyadCount() + " of " + total + " dyad messages within " + timeoutMs + " ms");
      }
      wait(leftMs);
    }
  }

  /**
   * Waits until every topic in {@code lastSeqByTopic} has received every seq from {@code firstSeq}
   * to its last; fails naming the missing numbers.
   */
  public synchronized void awaitAllSeqs(
      Map<String, Long> lastSeqByTopic, long firstSeq, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (!complete(lastSeqByTopic, firstSeq)) {
      long leftMs = (deadline - System.nanoTime()) / 1_000_000;
      if (leftMs <= 0) {
        throw new AssertionError(
            "seqs never arrived: " + abbreviate(missing(lastSeqByTopic, firstSeq)));
      }
      wait(leftMs);
    }
  }

  private boolean complete(Map<String, Long> lastSeqByTopic, long firstSeq) {
    for (Map.Entry<String, Long> e : lastSeqByTopic.entrySet()) {
      BitSet got = distinctByTopic.get(e.getKey());
      if (got == null || got.nextClearBit((int) firstSeq) <= e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private Map<String, List<Long>> missing(Map<String, Long> lastSeqByTopic, long firstSeq) {
    Map<String, List<Long>> missing = new HashMap<>();
    for (Map.Entry<String, Long> e : lastSeqByTopic.entrySet()) {
      TreeSet<Long> got = new TreeSet<>(seqsByTopic.getOrDefault(e.getKey(), List.of()));
      for (long s = firstSeq; s <= e.getValue(); s++) {
        if (!got.contains(s)) {
          missing.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(s);
        }
      }
    }
    return missing;
  }

  private static String abbreviate(Map<String, List<Long>> missing) {
    StringBuilder b = new StringBuilder();
    missing.forEach(
        (t, l) ->
            b.append(t)
                .append(" missing ")
                .append(l.size())
                .append(": ")
                .append(l.subList(0, Math.min(20, l.size())))
                .append("; "));
    return b.toString();
  }

  public synchronized List<Long> seqs(String topic) {
    return new ArrayList<>(seqsByTopic.getOrDefault(topic, List.of()));
  }

  public synchronized int dyadCount() {
    return seqsByTopic.values().stream().mapToInt(List::size).sum();
  }

  public synchronized List<Received> received() {
    return new ArrayList<>(received);
  }

  private String topics() {
    TreeSet<String> t = new TreeSet<>();
    received.forEach(r -> t.add(r.topic()));
    return t.toString();
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect(200).waitForCompletion(1_000);
      }
    } catch (MqttException e) {
      // The broker may already be gone at the end of a test; closing is what matters.
      System.err.println("subscriber disconnect: " + e);
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      System.err.println("subscriber close: " + e);
    }
  }
}
