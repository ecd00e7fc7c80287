package dev.rapport.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.badge.protocol.BadgeId;
import dev.rapport.gateway.mqtt.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rapport session start|stop|mark}: control a running gateway's session from the command
 * line, through its MQTT command topic, and wait for its answer.
 */
@Command(
    name = "session",
    mixinStandardHelpOptions = true,
    description = "Start or stop a running gateway's session, or add a marker to its timeline.",
    subcommands = {
      SessionCommand.Start.class,
      SessionCommand.Stop.class,
      SessionCommand.Mark.class
    })
public final class SessionCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Options every subcommand shares. */
  static final class Target {
    @Mixin BrokerOptions broker;

    @Option(
        names = "--timeout",
        defaultValue = "5s",
        converter = DurationConverter.class,
        description = "How long to wait for the gateway's answer (default: ${DEFAULT-VALUE}).")
    long timeoutMs;
  }

  /**
   * Publishes one command and waits for the gateway's answer: a confirmation on stdout and exit 0
   * when accepted; the gateway's reason on stderr and exit 1 when rejected; exit 5 when no gateway
   * answers within the timeout (the broker is there, the gateway is not, or its site or name
   * differs).
   *
   * @param confirmation what to print when the gateway accepted
   */
  static int send(Target target, ObjectNode command, String confirmation, CommandSpec spec)
      throws Exception {
    Topics topics = new Topics(target.broker.site, target.broker.gateway);
    String where = target.broker.site + "/" + target.broker.gateway;
    String requestId = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    command.put("request_id", requestId);
    AtomicReference<JsonNode> answer = new AtomicReference<>();
    CountDownLatch answered = new CountDownLatch(1);
    try (MqttClient client = BadgesCommand.connect(target.broker, "rapport-session-")) {
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
      client.publish(
          topics.command(),
          new MqttMessage(JSON.writeValueAsString(command).getBytes(StandardCharsets.UTF_8)));
      boolean got = answered.await(target.timeoutMs, TimeUnit.MILLISECONDS);
      client.disconnect();
      if (!got) {
        spec.commandLine()
            .getErr()
            .println(
                "no answer from gateway "
                    + where
                    + " at "
                    + target.broker.brokerUrl
                    + " within "
                    + target.timeoutMs
                    + " ms (is it running, with this --site and --gateway?)");
        return ExitCodes.NOT_FOUND;
      }
    }
    JsonNode result = answer.get();
    if (!"accepted".equals(result.path("status").asText())) {
      JsonNode error = result.path("error");
      spec.commandLine()
          .getErr()
          .println(
              "gateway "
                  + where
                  + " rejected "
                  + command.path("command").asText()
                  + ": "
                  + error.path("field").asText()
                  + "="
                  + error.path("value")
                  + ": "
                  + error.path("reason").asText());
      return ExitCodes.FAILED;
    }
    spec.commandLine().getOut().println(confirmation + " on gateway " + where);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a session.")
  static final class Start implements Callable<Integer> {
    @Mixin Target target;

    @Option(names = "--id", description = "Session id (default: the gateway names it).")
    String sessionId;

    @Option(
        names = "--badges",
        split = ",",
        description = "Consenting badges, e.g. 0001,0002 (default: every badge).")
    List<String> badges;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ObjectNode command = JSON.createObjectNode().put("command", "start_session");
      if (sessionId != null) {
        command.put("session_id", sessionId);
      }
      if (badges != null) {
        ArrayNode list = command.putArray("participants");
        for (String b : badges) {
          try {
            list.add(BadgeId.format(BadgeId.parse(b)));
          } catch (IllegalArgumentException e) {
            throw new InputException("--badges: " + e.getMessage(), e);
          }
        }
      }
      String confirmation =
          (sessionId == null ? "session (named by the gateway)" : "session " + sessionId)
              + " started"
              + (badges == null ? " for every badge" : " for badges " + String.join(",", badges));
      return send(target, command, confirmation, spec);
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the session.")
  static final class Stop implements Callable<Integer> {
    @Mixin Target target;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return send(
          target, JSON.createObjectNode().put("command", "stop_session"), "session stopped", spec);
    }
  }

  @Command(
      name = "mark",
      mixinStandardHelpOptions = true,
      description = "Add a marker (e.g. \"phase 2\") to the session's timeline.")
  static final class Mark implements Callable<Integer> {
    @Parameters(paramLabel = "LABEL", description = "What happens now, 1 to 200 characters.")
    String label;

    @Mixin Target target;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return send(
          target,
          JSON.createObjectNode().put("command", "marker").put("label", label),
          "marker \"" + label + "\" added",
          spec);
    }
  }
}
