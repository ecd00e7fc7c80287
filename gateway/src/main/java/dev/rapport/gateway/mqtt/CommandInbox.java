package dev.rapport.gateway.mqtt;

import dev.rapport.gateway.mqtt.outbox.Outbox;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles what arrives on the command topic: validate, drop repeats of a {@code request_id}, hand
 * the command to the coordinator, and queue exactly one answer on {@code .../command/result}. Runs
 * on Paho's callback thread.
 */
final class CommandInbox {
  private static final Logger LOG = LoggerFactory.getLogger(CommandInbox.class);
  private static final int REMEMBERED_REQUEST_IDS = 64;

  private final Topics topics;
  private final PayloadCodec codec;
  private final Outbox outbox;
  private final LongSupplier clockMs;
  private final Runnable resultQueued;
  private final CommandParser parser = new CommandParser();
  private final CommandMemory memory = new CommandMemory(REMEMBERED_REQUEST_IDS);
  private volatile Consumer<GatewayCommand> handler =
      c -> LOG.warn("command {} accepted but no handler is registered", c.name());

  /**
   * @param resultQueued called after an answer was appended, to wake the sender
   */
  CommandInbox(
      Topics topics,
      PayloadCodec codec,
      Outbox outbox,
      LongSupplier clockMs,
      Runnable resultQueued) {
    this.topics = topics;
    this.codec = codec;
    this.outbox = outbox;
    this.clockMs = clockMs;
    this.resultQueued = resultQueued;
  }

  void handler(Consumer<GatewayCommand> handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  void receive(byte[] payload, boolean retained) {
    CommandOutcome outcome = parser.parse(payload, retained);
    if (outcome instanceof CommandOutcome.Accepted) {
      outcome = carryOut(((CommandOutcome.Accepted) outcome).value());
    } else {
      LOG.warn("command rejected: {}", ((CommandOutcome.Rejected) outcome).message());
    }
    byte[] answer = codec.commandResult(outcome, clockMs.getAsLong());
    try {
      outbox.append(topics.commandResult(), MqttPublisher.QOS, false, false, s -> answer);
      resultQueued.run();
    } catch (IOException e) {
      LOG.error("command result could not be queued: {}", e.toString());
    }
  }

  private CommandOutcome carryOut(GatewayCommand command) {
    // request_id and command name match fixed patterns, so quoting them makes valid JSON.
    if (!memory.firstTime(command.requestId())) {
      return new CommandOutcome.Rejected(
          command.requestId(),
          command.name(),
          "request_id",
          '"' + command.requestId() + '"',
          "was already carried out (a redelivered or repeated command runs once)");
    }
    try {
      handler.accept(command);
      LOG.info("command accepted: {}", command);
      return new CommandOutcome.Accepted(command);
    } catch (IllegalStateException | IllegalArgumentException e) {
      CommandOutcome.Rejected refused =
          new CommandOutcome.Rejected(
              command.requestId(),
              command.name(),
              "command",
              '"' + command.name() + '"',
              "refused by the gateway: " + e.getMessage());
      LOG.warn("command rejected: {}", refused.message());
      return refused;
    }
  }
}
