package dev.rapport.gateway.mqtt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rapport.gateway.mqtt.outbox.OutboxMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes every payload of docs/mqtt.md as UTF-8 JSON, field by field, so the order and the explicit
 * nulls match the documentation and the schemas in docs/schemas. Absent values are written as JSON
 * null: the messages never hold NaN (their builders turn it into null). Thread-safe: each call uses
 * its own generator.
 */
public final class PayloadCodec {
  private static final JsonFactory JSON = new JsonFactory();

  private final String gateway;

  public PayloadCodec(String gateway) {
    this.gateway = Topics.segment("gateway", gateway);
  }

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] json(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return out.toByteArray();
  }

  public byte[] dyad(DyadScoreMessage m, long seq) {
    return json(
        g -> {
          g.writeNumberField("time_ms", m.timeMs());
          g.writeNumberField("seq", seq);
          g.writeStringField("badge_a", m.badgeA());
          g.writeStringField("badge_b", m.badgeB());
          g.writeStringField("gateway", gateway);
          g.writeStringField("session", m.session());
          g.writeNumberField("window_ms", m.windowMs());
          g.writeNumberField("max_lag_ms", m.maxLagMs());
          number(g, "score", m.score());
          g.writeObjectFieldStart("movement");
          lagged(g, m.movement());
          g.writeEndObject();
          g.writeObjectFieldStart("vocal");
          lagged(g, m.vocal());
          number(g, "share_a", m.vocalShareA());
          number(g, "share_b", m.vocalShareB());
          number(g, "overlap_ms", m.vocalOverlapMs());
          number(g, "silence_ms", m.vocalSilenceMs());
          number(g, "transitions", m.vocalTransitions());
          number(g, "response_latency_ms", m.vocalResponseLatencyMs());
          g.writeEndObject();
          g.writeObjectFieldStart("posture");
          number(g, "mirroring", m.postureMirroring());
          g.writeEndObject();
        });
  }

  private static void lagged(JsonGenerator g, DyadScoreMessage.Lagged l) throws IOException {
    number(g, "r", l.r());
    number(g, "lag_ms", l.lagMs());
    g.writeStringField("leader", l.leader());
    number(g, "z", l.z());
    number(g, "p", l.p());
  }

  public byte[] badgeStatus(BadgeStatusMessage m) {
    return json(
        g -> {
          g.writeStringField("badge", m.badge());
          g.writeStringField("gateway", gateway);
          g.writeNumberField("time_ms", m.timeMs());
          number(g, "battery_mv", m.batteryMv());
          number(g, "battery_pct", m.batteryPct());
          number(g, "loss_pct", m.lossPct());
          g.writeObjectFieldStart("clock");
          g.writeStringField("state", m.clockState());
          number(g, "error_ms", m.clockErrorMs());
          g.writeEndObject();
          number(g, "last_seen_ms", m.lastSeenMs());
          number(g, "sample_rate_hz", m.sampleRateHz());
          g.writeObjectFieldStart("link");
          g.writeStringField("transport", m.linkTransport());
          g.writeStringField("address", m.linkAddress());
          g.writeStringField("state", m.linkState());
          g.writeEndObject();
        });
  }

  public byte[] event(EventMessage m) {
    return json(
        g -> {
          g.writeStringField("type", m.type());
          g.writeNumberField("time_ms", m.timeMs());
          g.writeStringField("gateway", gateway);
          g.writeStringField("session", m.session());
          g.writeStringField("label", m.label());
          g.writeStringField("badge", m.badge());
          g.writeStringField("source", m.source());
        });
  }

  /**
   * The retained gateway status. {@code timeMs} and {@code outbox} are null in the Last Will, which
   * is fixed when the connection opens and sent by the broker when it ends.
   *
   * @param reason why the gateway is offline ({@code shutdown}, {@code connection_lost}), null when
   *     online
   */
  public byte[] gatewayStatus(
      String state,
      String reason,
      String version,
      long startedMs,
      Long timeMs,
      OutboxMetrics outbox) {
    return gatewayStatus(state, reason, version, startedMs, timeMs, outbox, null);
  }

  /**
   * @param health null when unknown (the Last Will, or a publisher without a health source)
   */
  public byte[] gatewayStatus(
      String state,
      String reason,
      String version,
      long startedMs,
      Long timeMs,
      OutboxMetrics outbox,
      GatewayHealth health) {
    return json(
        g -> {
          g.writeStringField("state", state);
          g.writeStringField("reason", reason);
          g.writeStringField("gateway", gateway);
          g.writeStringField("version", version);
          g.writeNumberField("started_ms", startedMs);
          number(g, "time_ms", timeMs);
          if (outbox == null) {
            g.writeNullField("outbox");
          } else {
            g.writeObjectFieldStart("outbox");
            g.writeNumberField("enqueued", outbox.enqueued());
            g.writeNumberField("delivered", outbox.delivered());
            g.writeNumberField("dropped_budget", outbox.droppedBudget());
            g.writeNumberField("redelivered", outbox.redelivered());
            g.writeNumberField("pending_records", outbox.pendingRecords());
            g.writeNumberField("pending_bytes", outbox.pendingBytes());
            g.writeNumberField("budget_bytes", outbox.budgetBytes());
            g.writeEndObject();
          }
          if (timeMs == null) {
            g.writeNullField("uptime_s");
          } else {
            g.writeNumberField("uptime_s", Math.max(0, (timeMs - startedMs) / 1000));
          }
          if (health == null) {
            g.writeNullField("session");
            g.writeNullField("badges");
            g.writeNullField("drops");
          } else {
            g.writeStringField("session", health.session());
            g.writeObjectFieldStart("badges");
            g.writeNumberField("connected", health.badgesConnected());
            g.writeNumberField("total", health.badgesTotal());
            g.writeEndObject();
            g.writeObjectFieldStart("drops");
            g.writeNumberField("engine_queue", health.engineQueueDrops());
            g.writeNumberField("result_queue", health.resultQueueDrops());
            g.writeEndObject();
          }
        });
  }

  public byte[] commandResult(CommandOutcome outcome, long timeMs) {
    return json(
        g -> {
          g.writeNumberField("time_ms", timeMs);
          g.writeStringField("gateway", gateway);
          g.writeStringField("request_id", outcome.requestId());
          g.writeStringField("command", outcome.command());
          if (outcome instanceof CommandOutcome.Rejected) {
            CommandOutcome.Rejected r = (CommandOutcome.Rejected) outcome;
            g.writeStringField("status", "rejected");
            g.writeObjectFieldStart("error");
            g.writeStringField("field", r.field());
            g.writeFieldName("value");
            if (r.value() == null) {
              g.writeNull();
            } else {
              g.writeRawValue(r.value());
            }
            g.writeStringField("reason", r.reason());
            g.writeEndObject();
          } else {
            g.writeStringField("status", "accepted");
            g.writeNullField("error");
          }
        });
  }

  private static void number(JsonGenerator g, String name, Double value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, value.doubleValue());
    }
  }

  private static void number(JsonGenerator g, String name, Long value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, value.longValue());
    }
  }

  private static void number(JsonGenerator g, String name, Integer value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, value.intValue());
    }
  }
}
