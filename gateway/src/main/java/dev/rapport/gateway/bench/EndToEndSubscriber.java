package dev.rapport.gateway.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A lab's subscriber as the measurement sees it: Paho (MQTT 3.1.1, as the gateway speaks) on {@code
 * rapport/+/+/dyad/#} with QoS 1, stamping {@link System#nanoTime()} first thing in {@code
 * messageArrived} and reading only what identifies the message (topic and {@code time_ms}), so the
 * callback stays short and does not delay the next arrival.
 */
final class EndToEndSubscriber implements AutoCloseable {
  static final String FILTER = "rapport/+/+/dyad/#";

  /** One dyad message as it arrived. */
  record Arrival(EndToEndProbe.DyadKey key, long arrivedNs) {}

  private static final byte[] TIME_FIELD = "\"time_ms\":".getBytes(StandardCharsets.US_ASCII);

  private final MqttAsyncClient client;
  private final List<Arrival> arrivals = new ArrayList<>();
  private final AtomicLong unreadable = new AtomicLong();
  private volatile Throwable lost;

  EndToEndSubscriber(String serverUri) throws MqttException {
    client =
        new MqttAsyncClient(
            serverUri,
            "rapport-bench-e2e-" + ProcessHandle.current().pid(),
            new MemoryPersistence());
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {
            lost = cause;
          }

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            onMessage(System.nanoTime(), topic, message.getPayload());
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
  }

  /** Connects with a clean session and subscribes; waits for the broker's SUBACK. */
  void connect() throws MqttException {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(true);
    options.setConnectionTimeout(10);
    options.setKeepAliveInterval(30);
    options.setMaxInflight(1000);
    client.connect(options).waitForCompletion(10_000);
    client.subscribe(FILTER, 1).waitForCompletion(10_000);
  }

  private void onMessage(long arrivedNs, String topic, byte[] payload) {
    // rapport/{site}/{gateway}/dyad/{a}/{b}
    String[] levels = topic.split("/");
    long timeMs = timeMs(payload);
    if (levels.length != 6 || timeMs == Long.MIN_VALUE) {
      unreadable.incrementAndGet();
      return;
    }
    Arrival a = new Arrival(new EndToEndProbe.DyadKey(timeMs, levels[4], levels[5]), arrivedNs);
    synchronized (arrivals) {
      arrivals.add(a);
    }
  }

  /** The {@code time_ms} number of a dyad payload, or Long.MIN_VALUE if there is none. */
  static long timeMs(byte[] json) {
    outer:
    for (int i = 0; i + TIME_FIELD.length <= json.length; i++) {
      for (int j = 0; j < TIME_FIELD.length; j++) {
        if (json[i + j] != TIME_FIELD[j]) {
          continue outer;
        }
      }
      int k = i + TIME_FIELD.length;
      while (k < json.length && json[k] == ' ') {
        k++;
      }
      long v = 0;
      int digits = 0;
      for (; k < json.length && json[k] >= '0' && json[k] <= '9'; k++, digits++) {
        v = v * 10 + (json[k] - '0');
      }
      return digits == 0 ? Long.MIN_VALUE : v;
    }
    return Long.MIN_VALUE;
  }

  int arrivalCount() {
    synchronized (arrivals) {
      return arrivals.size();
    }
  }

  List<Arrival> arrivals() {
    synchronized (arrivals) {
      return new ArrayList<>(arrivals);
    }
  }

  /** Dyad messages whose topic or payload could not be read (should be none). */
  long unreadable() {
    return unreadable.get();
  }

  /** Why the connection dropped during the run, or null. */
  Throwable connectionLost() {
    return lost;
  }

  @Override
  public void close() throws MqttException {
    try {
      if (client.isConnected()) {
        client.disconnect(1_000).waitForCompletion(3_000);
      }
    } finally {
      client.close();
    }
  }
}
