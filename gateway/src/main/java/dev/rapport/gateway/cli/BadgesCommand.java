package dev.rapport.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.badge.protocol.BadgeId;
import dev.rapport.gateway.mqtt.Topics;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rapport badges}: the badges a running gateway sees, read from the retained badge status
 * messages it publishes; {@code rapport badges identify ID} asks it to blink one badge. Talks to
 * the gateway only through MQTT, so it works from any machine that reaches the broker.
 */
@Command(
    name = "badges",
    mixinStandardHelpOptions = true,
    description = "List the badges a running gateway sees, with their health.",
    subcommands = {BadgesCommand.Identify.class})
public final class BadgesCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin BrokerOptions broker;

  @Option(
      names = "--wait",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "How long to collect status messages (default: ${DEFAULT-VALUE}).")
  long waitMs;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Map<String, JsonNode> statuses = new TreeMap<>();
    Topics topics = new Topics(broker.site, broker.gateway);
    try (MqttClient client = connect(broker, "rapport-badges-")) {
      client.subscribe(
          topics.badgeStatus("+"),
          1,
          (topic, message) -> {
            JsonNode node = JSON.readTree(message.getPayload());
            synchronized (statuses) {
              statuses.put(node.path("badge").asText(topic), node);
            }
          });
      Thread.sleep(waitMs);
      client.disconnect();
    }
    PrintWriter out = spec.commandLine().getOut();
    synchronized (statuses) {
      if (statuses.isEmpty()) {
        out.println(
            "no badges reported by "
                + broker.site
                + "/"
                + broker.gateway
                + " at "
                + broker.brokerUrl);
        out.flush();
        return ExitCodes.NOT_FOUND;
      }
      out.printf(
          "%-6s %-6s %8s %7s %8s %-9s %9s %10s%n",
          "BADGE", "LINK", "BATTERY", "LOSS", "RATE", "CLOCK", "CLOCK ERR", "LAST SEEN");
      long now = System.currentTimeMillis();
      for (JsonNode s : statuses.values()) {
        out.printf(
            "%-6s %-6s %8s %7s %8s %-9s %9s %10s%n",
            s.path("badge").asText(),
            s.path("link").path("transport").asText("-"),
            s.path("battery_pct").isNumber() ? s.path("battery_pct").asInt() + " %" : "-",
            s.path("loss_pct").isNumber()
                ? String.format("%.1f %%", s.path("loss_pct").asDouble())
                : "-",
            s.path("sample_rate_hz").isNumber()
                ? String.format("%.1f Hz", s.path("sample_rate_hz").asDouble())
                : "-",
            s.path("clock").path("state").asText("-"),
            s.path("clock").path("error_ms").isNumber()
                ? String.format("%.1f ms", s.path("clock").path("error_ms").asDouble())
                : "-",
            s.path("last_seen_ms").isNumber()
                ? ((now - s.path("last_seen_ms").asLong()) / 1000) + " s ago"
                : "-");
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  static MqttClient connect(BrokerOptions broker, String clientIdPrefix)
      throws MqttException, java.io.IOException {
    MqttClient client =
        new MqttClient(
            broker.brokerUrl,
            clientIdPrefix + UUID.randomUUID().toString().substring(0, 8),
            new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setConnectionTimeout(5);
    if (broker.username != null) {
      options.setUserName(broker.username);
    }
    if (broker.passwordEnv != null) {
      String password = System.getenv(broker.passwordEnv);
      if (password == null) {
        throw new IllegalArgumentException(
            "environment variable " + broker.passwordEnv + " is not set");
      }
      options.setPassword(password.toCharArray());
    }
    try {
      client.connect(options);
    } catch (MqttException e) {
      client.close();
      throw new java.io.IOException(
          "cannot reach the broker at " + broker.brokerUrl + ": " + e.getMessage(), e);
    }
    return client;
  }

  /** {@code rapport badges identify ID}: blink one badge, through the gateway's command topic. */
  @Command(
      name = "identify",
      mixinStandardHelpOptions = true,
      description = "Blink a badge so you can find it.")
  static final class Identify implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "Badge id, e.g. 0003.")
    String badge;

    @Mixin BrokerOptions broker;

    @Option(
        names = "--timeout",
        defaultValue = "5s",
        converter = DurationConverter.class,
        description = "How long to wait for the gateway's answer (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      String id = BadgeId.format(BadgeId.parse(badge));
      Topics topics = new Topics(broker.site, broker.gateway);
      String requestId = "cli-" + UUID.randomUUID().toString().substring(0, 8);
      AtomicReference<JsonNode> answer = new AtomicReference<>();
      CountDownLatch answered = new CountDownLatch(1);
      try (MqttClient client = connect(broker, "rapport-identify-")) {
        client.subscribe(
            topics.commandResult(),
            1,
            (topic, message) -> {
              JsonNode node = JSON.readTree(message.getPayload());
              if (requestId.equals(node.path("request_id").asText())) {
                answer.set(node);
                answered.countDown();
              }
            });
        String command =
            "{\"command\":\"identify\",\"request_id\":\""
                + requestId
                + "\",\"badge\":\""
                + id
                + "\"}";
        client.publish(topics.command(), new MqttMessage(command.getBytes(StandardCharsets.UTF_8)));
        boolean got = answered.await(timeoutMs, TimeUnit.MILLISECONDS);
        client.disconnect();
        PrintWriter out = spec.commandLine().getOut();
        if (!got) {
          spec.commandLine()
              .getErr()
              .println(
                  "badges identify: no answer from gateway "
                      + broker.site
                      + "/"
                      + broker.gateway
                      + " within "
                      + timeoutMs
                      + " ms");
          return ExitCodes.NOT_FOUND;
        }
        out.println(answer.get().toString());
        out.flush();
        return "accepted".equals(answer.get().path("status").asText())
            ? ExitCodes.OK
            : ExitCodes.FAILED;
      }
    }
  }
}
