package dev.rapport.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.gateway.mqtt.outbox.OutboxMetrics;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadSchemaTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final PayloadCodec codec = new PayloadCodec("gw1");

  @Test
  void shouldWriteDyadWithEveryFieldAndValidate() throws Exception {
    byte[] json = codec.dyad(Payloads.fullDyad("00a1", "00b2", Payloads.T0_MS), 42);
    Schemas.assertValid(Schemas.DYAD, json);
    JsonNode n = JSON.readTree(json);
    assertThat(n.get("seq").asLong()).isEqualTo(42);
    assertThat(n.get("time_ms").asLong()).isEqualTo(Payloads.T0_MS);
    assertThat(n.get("gateway").asText()).isEqualTo("gw1");
    assertThat(n.at("/movement/lag_ms").asLong()).isEqualTo(320);
    assertThat(n.at("/movement/leader").asText()).isEqualTo("00a1");
    assertThat(n.at("/vocal/leader").asText()).isEqualTo("00b2");
    assertThat(n.at("/vocal/transitions").asInt()).isEqualTo(4);
    assertThat(n.at("/posture/mirroring").asDouble()).isEqualTo(0.4);
  }

  @Test
  void shouldWriteAbsentValuesAsNullNeverNaN() throws Exception {
    byte[] json = codec.dyad(Payloads.emptyDyad("00a1", "00b2", Payloads.T0_MS), 1);
    String text = new String(json, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");
    Schemas.assertValid(Schemas.DYAD, json);
    JsonNode n = JSON.readTree(json);
    assertThat(n.get("score").isNull()).isTrue();
    assertThat(n.at("/movement/r").isNull()).isTrue();
    assertThat(n.at("/vocal/share_a").isNull()).isTrue();
    assertThat(n.get("session").isNull()).isTrue();
  }

  @Test
  void shouldRejectDyadPayloadsTheSchemaForbids() throws Exception {
    ObjectNode good =
        (ObjectNode) JSON.readTree(codec.dyad(Payloads.fullDyad("00a1", "00b2", 1), 7));
    assertThat(Schemas.errors(Schemas.DYAD, good.toString())).isEmpty();
    assertThat(Schemas.errors(Schemas.DYAD, good.deepCopy().put("score", 1.5).toString()))
        .isNotEmpty();
    assertThat(Schemas.errors(Schemas.DYAD, good.deepCopy().put("seq", 0).toString())).isNotEmpty();
    ObjectNode missing = good.deepCopy();
    missing.remove("time_ms");
    assertThat(Schemas.errors(Schemas.DYAD, missing.toString())).isNotEmpty();
    assertThat(Schemas.errors(Schemas.DYAD, good.deepCopy().put("extra", 1).toString()))
        .isNotEmpty();
    ObjectNode badR = good.deepCopy();
    ((ObjectNode) badR.get("movement")).put("r", "0.7");
    assertThat(Schemas.errors(Schemas.DYAD, badR.toString())).isNotEmpty();
  }

  @Test
  void shouldHoldTheTurnTakingFieldsTogether() throws Exception {
    ObjectNode good =
        (ObjectNode) JSON.readTree(codec.dyad(Payloads.fullDyad("00a1", "00b2", 1), 7));
    // A negative latency is real: the other took the floor before the first had finished.
    assertThat(Schemas.errors(Schemas.DYAD, vocal(good, v -> v.put("response_latency_ms", -120))))
        .isEmpty();
    assertThat(Schemas.errors(Schemas.DYAD, vocal(good, v -> v.putNull("share_b"))))
        .as("share_a without share_b")
        .isNotEmpty();
    assertThat(Schemas.errors(Schemas.DYAD, vocal(good, v -> v.putNull("transitions"))))
        .as("durations and shares without the counts")
        .isNotEmpty();
    assertThat(Schemas.errors(Schemas.DYAD, vocal(good, v -> v.put("transitions", 0))))
        .as("a latency without a transfer")
        .isNotEmpty();
    assertThat(
            Schemas.errors(
                Schemas.DYAD,
                vocal(
                    good,
                    v ->
                        v.put("transitions", 0)
                            .putNull("response_latency_ms")
                            .putNull("share_a")
                            .putNull("share_b"))))
        .as("a window where nobody spoke")
        .isEmpty();
    assertThat(Schemas.errors(Schemas.DYAD, vocal(good, v -> v.put("overlap_ms", 1.5))))
        .isNotEmpty();
  }

  private static String vocal(ObjectNode dyad, java.util.function.Consumer<ObjectNode> change) {
    ObjectNode copy = dyad.deepCopy();
    change.accept((ObjectNode) copy.get("vocal"));
    return copy.toString();
  }

  @Test
  void shouldValidateBadgeStatusEventAndGatewayStatus() throws Exception {
    Schemas.assertValid(
        Schemas.BADGE_STATUS, codec.badgeStatus(Payloads.badgeStatus("00a1", Payloads.T0_MS)));
    Schemas.assertValid(
        Schemas.BADGE_STATUS,
        codec.badgeStatus(BadgeStatusMessage.builder("00a1").timeMs(Payloads.T0_MS).build()));
    Schemas.assertValid(Schemas.EVENT, codec.event(Payloads.marker("laugh", Payloads.T0_MS)));
    OutboxMetrics m = new OutboxMetrics(10, 8, 1, 2, 1, 4096, 65536);
    Schemas.assertValid(
        Schemas.GATEWAY_STATUS,
        codec.gatewayStatus("online", null, "0.1.0", Payloads.T0_MS, Payloads.T0_MS + 5, m));
    byte[] will =
        codec.gatewayStatus("offline", "connection_lost", "0.1.0", Payloads.T0_MS, null, null);
    Schemas.assertValid(Schemas.GATEWAY_STATUS, will);
    assertThat(
            Schemas.errors(
                Schemas.GATEWAY_STATUS,
                codec.gatewayStatus("online", "shutdown", "0.1.0", 1, 2L, m)))
        .isNotEmpty();
    JsonNode n = JSON.readTree(codec.gatewayStatus("online", null, "0.1.0", 1, 2L, m));
    assertThat(n.at("/outbox/dropped_budget").asLong()).isEqualTo(1);
    assertThat(n.get("badges").isNull()).isTrue();
  }

  @Test
  void shouldWriteTheGatewayHealthIntoItsStatus() throws Exception {
    OutboxMetrics m = new OutboxMetrics(10, 8, 0, 0, 2, 4096, 65536);
    byte[] json =
        codec.gatewayStatus(
            "online",
            null,
            "0.1.0",
            Payloads.T0_MS,
            Payloads.T0_MS + 61_999,
            m,
            new GatewayHealth("neg-07", 7, 8, 3, 0));
    Schemas.assertValid(Schemas.GATEWAY_STATUS, json);
    JsonNode n = JSON.readTree(json);
    assertThat(n.get("uptime_s").asLong()).isEqualTo(61);
    assertThat(n.get("session").asText()).isEqualTo("neg-07");
    assertThat(n.at("/badges/connected").asInt()).isEqualTo(7);
    assertThat(n.at("/badges/total").asInt()).isEqualTo(8);
    assertThat(n.at("/drops/engine_queue").asLong()).isEqualTo(3);
    assertThat(n.at("/drops/result_queue").asLong()).isZero();
    ObjectNode wrong = (ObjectNode) n.deepCopy();
    ((ObjectNode) wrong.get("badges")).put("connected", -1);
    assertThat(Schemas.errors(Schemas.GATEWAY_STATUS, wrong.toString())).isNotEmpty();
    assertThatThrownBy(() -> new GatewayHealth(null, 9, 8, 0, 0))
        .hasMessageContaining("badgesConnected=9 badgesTotal=8");
  }

  @Test
  void shouldValidateCommandResultsAcceptedAndRejected() {
    CommandParser parser = new CommandParser();
    CommandOutcome ok =
        parser.parse(
            "{\"command\":\"marker\",\"label\":\"x\",\"request_id\":\"r1\"}"
                .getBytes(StandardCharsets.UTF_8),
            false);
    Schemas.assertValid(Schemas.COMMAND_RESULT, codec.commandResult(ok, Payloads.T0_MS));
    for (String bad :
        new String[] {
          "not json",
          "{\"command\":\"marker\"}",
          "{\"command\":\"identify\",\"badge\":[1,2]}",
          "{\"command\":\"marker\",\"label\":\"" + "x".repeat(300) + "\"}"
        }) {
      CommandOutcome r = parser.parse(bad.getBytes(StandardCharsets.UTF_8), false);
      assertThat(r).isInstanceOf(CommandOutcome.Rejected.class);
      Schemas.assertValid(Schemas.COMMAND_RESULT, codec.commandResult(r, Payloads.T0_MS));
    }
  }

  @Test
  void shouldRefuseOutOfRangeValuesNamingTheField() {
    assertThatThrownBy(
            () -> DyadScoreMessage.builder("00a1", "00b2").timeMs(1).windowMs(1).score(1.2).build())
        .hasMessageContaining("score=1.2");
    assertThatThrownBy(
            () ->
                DyadScoreMessage.builder("00a1", "00b2")
                    .timeMs(1)
                    .windowMs(1)
                    .movementLeader("00c3")
                    .build())
        .hasMessageContaining("movement.leader=00c3");
    assertThatThrownBy(() -> DyadScoreMessage.builder("00b2", "00a1"))
        .hasMessageContaining("badge_a=00b2");
    assertThatThrownBy(() -> BadgeStatusMessage.builder("00a1").timeMs(1).batteryPct(101).build())
        .hasMessageContaining("battery_pct=101");
    assertThatThrownBy(
            () -> BadgeStatusMessage.builder("00a1").timeMs(1).linkState("Connected").build())
        .hasMessageContaining("link.state=Connected");
    // A conversion overshoot of one ulp is clamped, not refused.
    assertThat(
            DyadScoreMessage.builder("00a1", "00b2")
                .timeMs(1)
                .windowMs(1)
                .movementR(Math.nextUp(1.0))
                .build()
                .movement()
                .r())
        .isEqualTo(1.0);
  }
}
