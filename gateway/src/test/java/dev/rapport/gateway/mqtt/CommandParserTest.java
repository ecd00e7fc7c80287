package dev.rapport.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandParserTest {
  final CommandParser parser = new CommandParser();

  CommandOutcome parse(String json) {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8), false);
  }

  GatewayCommand accepted(String json) {
    CommandOutcome o = parse(json);
    assertThat(o).as(json).isInstanceOf(CommandOutcome.Accepted.class);
    assertThat(Schemas.errors(Schemas.COMMAND, json)).as("schema agrees on %s", json).isEmpty();
    return ((CommandOutcome.Accepted) o).value();
  }

  @Test
  void shouldParseEachCommandIntoItsType() {
    assertThat(accepted("{\"command\":\"start_session\"}"))
        .isEqualTo(new GatewayCommand.StartSession(null, null, List.of()));
    assertThat(
            accepted(
                "{\"command\":\"start_session\",\"request_id\":\"r-1\","
                    + "\"session_id\":\"pilot.7\",\"participants\":[\"00a1\",\"0xB2\",\"c3\"]}"))
        .isEqualTo(
            new GatewayCommand.StartSession("r-1", "pilot.7", List.of("00a1", "00b2", "00c3")));
    assertThat(accepted("{\"command\":\"stop_session\",\"request_id\":\"r:2\"}"))
        .isEqualTo(new GatewayCommand.StopSession("r:2"));
    assertThat(accepted("{\"command\":\"marker\",\"label\":\"first laugh\"}"))
        .isEqualTo(new GatewayCommand.Marker(null, "first laugh"));
    assertThat(accepted("{\"command\":\"identify\",\"badge\":\"a1\"}"))
        .isEqualTo(new GatewayCommand.Identify(null, "00a1"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json at all                                        | payload      | | n/a",
        "[1,2]                                                  | payload      | | yes",
        "{}                                                     | command      | | yes",
        "{\"command\":\"reboot\"}                               | command      | \"reboot\" | yes",
        "{\"command\":7}                                        | command      | 7 | yes",
        "{\"command\":\"stop_session\",\"force\":true}          | force        | true | yes",
        "{\"command\":\"start_session\",\"sesion_id\":\"x\"}    | sesion_id    | \"x\" | yes",
        "{\"command\":\"start_session\",\"session_id\":\"a b\"} | session_id   | \"a b\" | yes",
        "{\"command\":\"start_session\",\"participants\":\"00a1\"} | participants | \"00a1\" | yes",
        "{\"command\":\"start_session\",\"participants\":[\"00a1\"]} | participants | [\"00a1\"] | yes",
        "{\"command\":\"start_session\",\"participants\":[\"00a1\",\"zz\"]} | participants[1] | \"zz\" | yes",
        "{\"command\":\"start_session\",\"participants\":[\"00a1\",\"a1\"]} | participants[1] | \"a1\" | no",
        "{\"command\":\"start_session\",\"participants\":[\"00a1\",\"ffff\"]} | participants[1] | \"ffff\" | yes",
        "{\"command\":\"marker\"}                               | label        | | yes",
        "{\"command\":\"marker\",\"label\":\"   \"}             | label        | \"   \" | yes",
        "{\"command\":\"marker\",\"label\":42}                  | label        | 42 | yes",
        "{\"command\":\"marker\",\"label\":\"a\\u0007b\"}       | label        | \"a\\u0007b\" | yes",
        "{\"command\":\"identify\"}                             | badge        | | yes",
        "{\"command\":\"identify\",\"badge\":12}                | badge        | 12 | yes",
        "{\"command\":\"identify\",\"badge\":\"0000\"}          | badge        | \"0000\" | yes",
        "{\"command\":\"marker\",\"label\":\"x\",\"request_id\":\"has space\"} | request_id | \"has space\" | yes",
      })
  void shouldRejectNamingFieldAndValue(String json, String field, String value, String schema) {
    CommandOutcome o = parse(json);
    assertThat(o).isInstanceOf(CommandOutcome.Rejected.class);
    CommandOutcome.Rejected r = (CommandOutcome.Rejected) o;
    assertThat(r.field()).isEqualTo(field);
    if (value != null) {
      assertThat(r.value()).isEqualTo(value);
    }
    assertThat(r.reason()).isNotBlank();
    assertThat(r.message()).startsWith(field + "=");
    // The schema states the same rules where JSON Schema can: not for text that is not JSON, nor
    // for two spellings of one badge id.
    if (schema.equals("yes")) {
      assertThat(Schemas.errors(Schemas.COMMAND, json))
          .as("schema agrees on %s", json)
          .isNotEmpty();
    }
  }

  @Test
  void shouldRejectRetainedCommandsBecauseTheyWouldRepeat() {
    CommandOutcome o =
        parser.parse("{\"command\":\"stop_session\"}".getBytes(StandardCharsets.UTF_8), true);
    assertThat(o).isInstanceOf(CommandOutcome.Rejected.class);
    assertThat(((CommandOutcome.Rejected) o).field()).isEqualTo("retain");
    assertThat(o.command()).isEqualTo("stop_session");
  }

  @Test
  void shouldRejectOversizedAndNonUtf8PayloadsWithoutEchoingThem() {
    byte[] big =
        ("{\"command\":\"marker\",\"label\":\"" + "x".repeat(9000) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    CommandOutcome.Rejected r = (CommandOutcome.Rejected) parser.parse(big, false);
    assertThat(r.field()).isEqualTo("payload");
    assertThat(r.value()).isEqualTo(String.valueOf(big.length));
    CommandOutcome.Rejected bad =
        (CommandOutcome.Rejected) parser.parse(new byte[] {'{', (byte) 0xC3, '}'}, false);
    assertThat(bad.reason()).contains("UTF-8");
    CommandOutcome.Rejected longValue =
        (CommandOutcome.Rejected)
            parse("{\"command\":\"marker\",\"label\":\"" + "y".repeat(500) + "\"}");
    assertThat(longValue.value()).hasSizeLessThan(120).endsWith("...\"");
  }

  @Test
  void shouldKeepRequestIdInRejectionSoSenderCanMatchIt() {
    CommandOutcome o = parse("{\"command\":\"identify\",\"request_id\":\"q7\"}");
    assertThat(o.requestId()).isEqualTo("q7");
    assertThat(o.command()).isEqualTo("identify");
  }
}
