package dev.rapport.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.config.GatewayConfig;
import dev.rapport.gateway.mqtt.Schemas;
import dev.rapport.gateway.session.SessionInfo;
import dev.rapport.gateway.session.SessionStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a lab subscribed to a running gateway receives in each dyad message: the id of the session
 * in progress (started with the gateway by {@code recording.enabled}, then by MQTT commands) and
 * the turn-taking of a simulated table where four people talk in turns.
 */
@Timeout(150)
class LiveDyadPayloadTest {
  private static final String PREFIX = "rapport/lab/gwp/";

  @TempDir Path dataDir;

  @Test
  void shouldCarryTheSessionInProgressAndTurnTakingToASubscriber() throws Exception {
    GatewayConfig config =
        ConfigLoader.parse(
            "site: lab\ngateway: gwp\ndata_dir: '"
                + dataDir
                + "'\nbadges:\n  simulated:\n    count: 4\n    seed: 7\n"
                + "engine:\n  window: 4s\n  max_lag: 1s\n  hop: 480ms\n"
                + "recording:\n  enabled: true\n"
                + "mqtt:\n  embedded:\n    port: 0\ndashboard:\n  enabled: false\n",
            name -> null);
    GatewayRuntime runtime = new GatewayRuntime(config, RuntimeOptions.defaults("test"));
    runtime.start();
    String first = runtime.sessionId();
    List<Subscriber.Received> all;
    try (Subscriber lab = new Subscriber(runtime.brokerUrl(), "lab-recorder", PREFIX + "#")) {
      assertThat(first).as("session started with the gateway").startsWith("s-");
      lab.await("dyad of the first session", 0, r -> dyadOf(r, first), 60_000);

      lab.publish(
          PREFIX + "command",
          "{\"command\":\"start_session\",\"session_id\":\"lab-2\",\"request_id\":\"r1\"}");
      int accepted = lab.await("result of r1", 0, r -> resultOf(r, "r1"), 10_000);
      assertThat(lab.received().get(accepted).body().path("status").asText()).isEqualTo("accepted");
      int firstOfLab2 = lab.await("dyad of lab-2", accepted, r -> dyadOf(r, "lab-2"), 10_000);
      lab.await(
          "dyad of lab-2 with a floor transfer",
          firstOfLab2,
          r -> dyadOf(r, "lab-2") && r.body().at("/vocal/transitions").asInt() > 0,
          30_000);

      lab.publish(PREFIX + "command", "{\"command\":\"stop_session\",\"request_id\":\"r2\"}");
      int stopped = lab.await("result of r2", accepted, r -> resultOf(r, "r2"), 10_000);
      assertThat(lab.received().get(stopped).body().path("status").asText()).isEqualTo("accepted");
      lab.await("dyad outside a session", stopped, r -> dyadOf(r, null), 10_000);

      lab.publish(PREFIX + "command", "{\"command\":\"stop_session\",\"request_id\":\"r3\"}");
      int again = lab.await("result of r3", stopped, r -> resultOf(r, "r3"), 10_000);
      JsonNode refused = lab.received().get(again).body();
      assertThat(refused.path("status").asText()).isEqualTo("rejected");
      assertThat(refused.at("/error/reason").asText()).contains("no session in progress");

      lab.publish(
          PREFIX + "command",
          "{\"command\":\"start_session\",\"session_id\":\"lab-2\",\"request_id\":\"r4\"}");
      int reused = lab.await("result of r4", again, r -> resultOf(r, "r4"), 10_000);
      JsonNode taken = lab.received().get(reused).body();
      assertThat(taken.path("status").asText()).isEqualTo("rejected");
      assertThat(taken.at("/error/reason").asText())
          .contains("session lab-2 already exists")
          .contains("choose another id");
      assertThat(runtime.sessionId()).isNull();
      // The retained status (every 10 s) tells how the gateway is doing.
      int status =
          lab.await(
              "gateway status with badges",
              0,
              r -> r.topic().equals(PREFIX + "status") && r.body().at("/badges/total").asInt() == 4,
              25_000);
      JsonNode health = lab.received().get(status).body();
      Schemas.assertValid(
          Schemas.GATEWAY_STATUS, health.toString().getBytes(StandardCharsets.UTF_8));
      assertThat(health.at("/badges/connected").asInt()).isBetween(1, 4);
      assertThat(health.at("/drops/engine_queue").asLong()).isZero();
      assertThat(health.at("/drops/result_queue").asLong()).isZero();
      assertThat(health.get("uptime_s").asLong())
          .isEqualTo((health.get("time_ms").asLong() - health.get("started_ms").asLong()) / 1000)
          .isBetween(0L, 60L);
      assertThat(health.get("session").isNull() ? null : health.get("session").asText())
          .isIn(first, "lab-2", null);
      all = lab.received();
    } finally {
      runtime.close();
    }

    // Per dyad topic the session changes only at the switches, in order, never back and forth.
    Map<String, List<String>> stretches = new LinkedHashMap<>();
    List<JsonNode> dyads = new ArrayList<>();
    for (Subscriber.Received r : all) {
      if (!r.topic().contains("/dyad/")) {
        continue;
      }
      dyads.add(r.body());
      List<String> s = stretches.computeIfAbsent(r.topic(), t -> new ArrayList<>());
      String session = r.body().get("session").isNull() ? null : r.body().get("session").asText();
      if (s.isEmpty() || !Objects.equals(s.get(s.size() - 1), session)) {
        s.add(session);
      }
    }
    assertThat(stretches).hasSize(6);
    List<String> order = new ArrayList<>();
    order.add(first);
    order.add("lab-2");
    order.add(null);
    // A dyad whose badge joined late may miss the first stretch, but no dyad ever sees a gap
    // between the two sessions (one switch replaces the first by the second) or goes back.
    int complete = 0;
    for (Map.Entry<String, List<String>> e : stretches.entrySet()) {
      int start = order.indexOf(e.getValue().get(0));
      assertThat(e.getValue())
          .as(e.getKey())
          .isEqualTo(order.subList(start, start + e.getValue().size()));
      complete += e.getValue().size() == 3 ? 1 : 0;
    }
    assertThat(complete).as("dyads that saw all three stretches").isPositive();

    // Turn-taking: real values in every message that has them, valid against the schema.
    int withShares = 0;
    int withTransfers = 0;
    for (JsonNode d : dyads) {
      Schemas.assertValid(Schemas.DYAD, d.toString().getBytes(StandardCharsets.UTF_8));
      JsonNode v = d.get("vocal");
      if (v.get("share_a").isNumber()) {
        withShares++;
        assertThat(v.get("share_a").asDouble() + v.get("share_b").asDouble())
            .isLessThanOrEqualTo(1.0);
        assertThat(v.get("overlap_ms").asLong() + v.get("silence_ms").asLong())
            .isLessThanOrEqualTo(d.get("window_ms").asLong());
      }
      if (v.get("transitions").asInt() > 0) {
        withTransfers++;
      }
    }
    assertThat(withShares).as("dyad messages with speaking shares").isGreaterThan(dyads.size() / 4);
    assertThat(withTransfers).as("dyad messages with floor transfers").isPositive();

    // The switches are events too, each with its session, in order.
    List<String> sessionEvents = new ArrayList<>();
    for (Subscriber.Received r : all) {
      if (r.topic().equals(PREFIX + "event")) {
        Schemas.assertValid(Schemas.EVENT, r.body().toString().getBytes(StandardCharsets.UTF_8));
        if (r.body().get("type").asText().startsWith("session_")) {
          sessionEvents.add(r.body().get("type").asText() + " " + r.body().get("session").asText());
        }
      }
    }
    // The first session started with the gateway, maybe before this subscriber connected (the
    // outbox may also still hold its start event then): its start event is there or not.
    if (!sessionEvents.isEmpty() && sessionEvents.get(0).equals("session_started " + first)) {
      sessionEvents.remove(0);
    }
    assertThat(sessionEvents)
        .containsExactly(
            "session_stopped " + first, "session_started lab-2", "session_stopped lab-2");

    List<SessionInfo> stored = new SessionStore(dataDir).list(new ArrayList<>());
    assertThat(stored).extracting(SessionInfo::id).containsExactlyInAnyOrder(first, "lab-2");
    assertThat(stored).allSatisfy(s -> assertThat(s.stoppedMs()).isNotNull());
    assertThat(runtime.engineQueueDrops()).isZero();
  }

  private static boolean dyadOf(Subscriber.Received r, String session) {
    if (!r.topic().contains("/dyad/")) {
      return false;
    }
    JsonNode s = r.body().get("session");
    return session == null ? s.isNull() : session.equals(s.asText());
  }

  private static boolean resultOf(Subscriber.Received r, String requestId) {
    return r.topic().endsWith("/command/result")
        && requestId.equals(r.body().path("request_id").asText());
  }
}
