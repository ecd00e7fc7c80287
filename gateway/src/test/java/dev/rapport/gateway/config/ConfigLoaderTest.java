package dev.rapport.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.gateway.mqtt.MqttSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  private static GatewayConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, Map.of("BROKER_PASSWORD", "s3cret")::get);
  }

  @Test
  void shouldFillEveryDefaultForAnEmptyFile() {
    GatewayConfig config = ConfigLoader.defaults();
    assertThat(config.site()).isEqualTo(ConfigLoader.DEFAULT_SITE);
    assertThat(config.grid().rateHz()).isEqualTo(25);
    assertThat(config.engine().windowMs()).isEqualTo(10_000);
    assertThat(config.engine().maxLagMs()).isEqualTo(2_000);
    assertThat(config.engine().hopMs()).isEqualTo(1_000);
    assertThat(config.mqtt().embedded()).isTrue();
    assertThat(config.mqtt().embeddedHost()).isEqualTo("127.0.0.1");
    assertThat(config.dashboard().host()).isEqualTo("127.0.0.1");
    assertThat(config.badges().serial()).isEmpty();
  }

  @Test
  void shouldReadNestedValuesDurationsAndLists() {
    GatewayConfig config =
        parse(
            """
            site: negotiation-lab
            gateway: room-2
            engine:
              window: 20s
              max_lag: 3s
              hop: 520ms
            badges:
              serial:
                - path: /dev/ttyUSB0
                - path: /dev/serial/by-id/usb-dongle
                  baud: 921600
            mqtt:
              url: tcp://broker.local:1883
              username: gateway
              password: ${BROKER_PASSWORD}
            """);
    assertThat(config.site()).isEqualTo("negotiation-lab");
    assertThat(config.engine().windowMs()).isEqualTo(20_000);
    assertThat(config.engine().hopMs()).isEqualTo(520);
    assertThat(config.badges().serial())
        .extracting(GatewayConfig.Serial::baud)
        .containsExactly(115_200, 921_600);
    assertThat(config.mqtt().embedded()).isFalse();
    assertThat(config.mqtt().password()).isEqualTo("s3cret");
  }

  @Test
  void shouldNameKeyValueAndAllowedRangeWhenValueIsOutOfRange() {
    assertThatThrownBy(() -> parse("grid:\n  rate_hz: 0\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("grid.rate_hz: value 0 is not allowed (allowed: 1..200 Hz)");
  }

  @Test
  void shouldReadTimeSyncIntervalsAndRejectASlowIntervalBelowTheFastOne() {
    GatewayConfig.Clock defaults = ConfigLoader.defaults().clock();
    assertThat(defaults.syncFastIntervalMs()).isEqualTo(50);
    assertThat(defaults.syncSlowIntervalMs()).isEqualTo(1_000);

    GatewayConfig.Clock clock =
        parse("clock:\n  sync_fast_interval: 100ms\n  sync_slow_interval: 5s\n").clock();
    assertThat(clock.syncFastIntervalMs()).isEqualTo(100);
    assertThat(clock.syncSlowIntervalMs()).isEqualTo(5_000);

    assertThatThrownBy(
            () -> parse("clock:\n  sync_fast_interval: 500ms\n  sync_slow_interval: 200ms\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "clock.sync_slow_interval: value 200ms is not allowed with sync_fast_interval=500ms"
                + " (allowed: at least the fast interval)");
    assertThatThrownBy(() -> parse("clock:\n  sync_fast_interval: 5ms\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("clock.sync_fast_interval: value '5ms' is not allowed (allowed: 10ms..1s)");
  }

  @Test
  void shouldRejectEngineDurationsThatAreNotWholeGridTicks() {
    assertThatThrownBy(() -> parse("engine:\n  max_lag: 500ms\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "engine.max_lag: value 500ms is not a whole number of grid ticks at grid.rate_hz=25"
                + " (allowed: multiples of 40ms)");
    assertThatThrownBy(() -> parse("grid:\n  rate_hz: 30\nengine:\n  hop: 1050ms\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("engine.hop: value 1050ms")
        .hasMessageEndingWith("(allowed: multiples of 100ms)");
    assertThat(parse("engine:\n  max_lag: 520ms\n").engine().maxLagMs()).isEqualTo(520);
  }

  @Test
  void shouldRejectSettingsTheEngineCannotRunWithBeforeItStarts() {
    // 10 min at 200 Hz is 120,000 samples: beyond the engine's window limit (2^15 samples).
    assertThatThrownBy(() -> parse("grid:\n  rate_hz: 200\nengine:\n  window: 10m\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "engine: the synchrony engine cannot run with these settings at grid.rate_hz=200: ")
        .hasMessageContaining("windowSamples=120000");
  }

  @Test
  void shouldReadTheMqttInflightWindow() {
    assertThat(ConfigLoader.defaults().mqtt().maxInflight())
        .isEqualTo(MqttSettings.DEFAULT_INFLIGHT_WINDOW);
    assertThat(parse("mqtt:\n  max_inflight: 256\n").mqtt().maxInflight()).isEqualTo(256);
    assertThatThrownBy(() -> parse("mqtt:\n  max_inflight: 0\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("mqtt.max_inflight: value 0 is not allowed");
  }

  @Test
  void shouldRejectUnknownKeysSoTyposAreNotIgnored() {
    assertThatThrownBy(() -> parse("mqtt:\n  usrname: x\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("mqtt.usrname: unknown key (allowed here: url, embedded")
        .hasMessageContaining("username");
  }

  @Test
  void shouldRejectMaxLagOfHalfTheWindowOrMore() {
    assertThatThrownBy(() -> parse("engine:\n  window: 4s\n  max_lag: 2s\n"))
        .hasMessageContaining("engine.max_lag")
        .hasMessageContaining("less than half the window");
  }

  @Test
  void shouldSayWhichEnvironmentVariableIsMissing() {
    assertThatThrownBy(() -> parse("mqtt:\n  password: ${NOT_SET}\n"))
        .hasMessageContaining("mqtt.password")
        .hasMessageContaining("NOT_SET");
    assertThat(parse("mqtt:\n  password: ${NOT_SET:-fallback}\n").mqtt().password())
        .isEqualTo("fallback");
  }

  @Test
  void shouldRejectTopicUnsafeSiteNames() {
    assertThatThrownBy(() -> parse("site: a/b\n"))
        .hasMessageContaining("site: value 'a/b' is not allowed");
  }

  @Test
  void shouldReportYamlSyntaxErrorsWithLine() {
    assertThatThrownBy(() -> parse("site: [unclosed\n")).hasMessageContaining("not valid YAML");
  }

  @Test
  void shouldRejectBadDurations() {
    assertThatThrownBy(() -> parse("engine:\n  hop: fast\n"))
        .hasMessageContaining("engine.hop: value 'fast' is not a duration");
  }
}
