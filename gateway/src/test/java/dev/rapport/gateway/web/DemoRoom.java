package dev.rapport.gateway.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.mqtt.BadgeStatusMessage;
import dev.rapport.gateway.runtime.GatewayRuntime;
import dev.rapport.gateway.runtime.RuntimeOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@code rapport demo --badges 6} run in-process: the same configuration {@code DemoCommand} writes
 * (simulated room, embedded broker, dashboard), started through the same {@link GatewayRuntime},
 * but on a dashboard port the test chooses and stoppable without a JVM exit. Markers are read where
 * a lab reads them, on the gateway's MQTT event topic, so a marker counts as received only once it
 * went through the engine and out of the gateway.
 */
final class DemoRoom implements LiveRoom {
  private static final int BADGES = 6;
  private static final long SEED = 1;
  private static final long BADGES_SEEN_TIMEOUT_MS = 15_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dataDir;
  private final GatewayRuntime runtime;
  private final MqttClient events;
  private final List<String> markersReceived = new CopyOnWriteArrayList<>();
  private final List<String> badges;

  private DemoRoom(int dashboardPort) throws Exception {
    dataDir = Files.createTempDirectory("rapport-demo-test-");
    String yaml =
        String.join(
            "\n",
            "site: demo",
            "gateway: gw1",
            "data_dir: '" + dataDir.toAbsolutePath() + "'",
            "badges:",
            "  simulated:",
            "    count: " + BADGES,
            "    seed: " + SEED,
            "mqtt:",
            "  embedded:",
            "    port: " + freeLoopbackPort(),
            "dashboard:",
            "  port: " + dashboardPort,
            "");
    runtime =
        new GatewayRuntime(ConfigLoader.parse(yaml, name -> null), RuntimeOptions.defaults("test"));
    try {
      runtime.start();
      events = subscribeToMarkers();
      badges = awaitBadges();
    } catch (Exception | Error e) {
      runtime.close();
      deleteTree(dataDir);
      throw e;
    }
  }

  static DemoRoom start(int dashboardPort) throws Exception {
    return new DemoRoom(dashboardPort);
  }

  /**
   * A port for the embedded broker. The runtime cannot take 0 for it yet (its broker URL would say
   * port 0), so ask the kernel for a free one; another process taking it in between is unlikely.
   */
  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private MqttClient subscribeToMarkers() throws MqttException {
    MqttClient client =
        new MqttClient(runtime.brokerUrl(), "dashboard-test-events", new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    client.connect(options);
    client.subscribe(
        runtime.topics().event(),
        1,
        (topic, message) -> {
          JsonNode event = JSON.readTree(message.getPayload());
          if ("marker".equals(event.path("type").asText())) {
            markersReceived.add(event.path("label").asText());
          }
        });
    return client;
  }

  /** The badges the gateway itself reports, once every simulated badge has been heard from. */
  private List<String> awaitBadges() throws InterruptedException {
    long deadlineNs = System.nanoTime() + BADGES_SEEN_TIMEOUT_MS * 1_000_000;
    while (runtime.summary().badges().size() < BADGES) {
      if (System.nanoTime() - deadlineNs > 0) {
        throw new AssertionError(
            "the demo reported "
                + runtime.summary().badges().size()
                + " of "
                + BADGES
                + " badges within "
                + BADGES_SEEN_TIMEOUT_MS
                + " ms");
      }
      Thread.sleep(100);
    }
    return runtime.summary().badges().stream().map(BadgeStatusMessage::badge).toList();
  }

  @Override
  public String url() {
    return runtime.dashboardUrl();
  }

  @Override
  public int port() {
    return URI.create(url()).getPort();
  }

  @Override
  public List<String> badges() {
    return badges;
  }

  @Override
  public List<String> markersReceived() {
    return List.copyOf(markersReceived);
  }

  @Override
  public void close() throws Exception {
    try {
      events.disconnect();
      events.close();
    } finally {
      runtime.close();
      deleteTree(dataDir);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
