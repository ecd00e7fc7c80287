package dev.rapport.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @TempDir Path dir;

  @Test
  void shouldFillDefaultsAndHideSecretsInToString() {
    MqttSettings s =
        MqttSettings.builder("tcp://127.0.0.1:1883", "rapport-lab-gw1")
            .credentials("lab", "s3cret")
            .build();
    assertThat(s.keepaliveMs()).isEqualTo(MqttSettings.DEFAULT_KEEPALIVE_MS);
    assertThat(s.inflightWindow()).isEqualTo(MqttSettings.DEFAULT_INFLIGHT_WINDOW);
    assertThat(s.tls()).isEqualTo(TlsSettings.NONE);
    assertThat(s.address()).isEqualTo("127.0.0.1:1883");
    assertThat(s.toString()).doesNotContain("s3cret").contains("password=***");
    assertThat(MqttSettings.defaultClientId("lab", "gw1")).isEqualTo("rapport-lab-gw1");
    assertThat(s.toBuilder().build()).isEqualTo(s);
  }

  @Test
  void shouldNameFieldAndValueWhenRejecting() {
    assertThatThrownBy(() -> MqttSettings.builder("mqtt://x:1", "c").build())
        .hasMessageContaining("serverUri=mqtt://x:1");
    assertThatThrownBy(() -> MqttSettings.builder("tcp://host", "c").build())
        .hasMessageContaining("serverUri=tcp://host");
    assertThatThrownBy(() -> MqttSettings.builder("tcp://h:1", "").build())
        .hasMessageContaining("clientId=");
    assertThatThrownBy(() -> MqttSettings.builder("tcp://h:1", "c").inflightWindow(0).build())
        .hasMessageContaining("inflightWindow=0");
    assertThatThrownBy(() -> MqttSettings.builder("tcp://h:1", "c").reconnectMs(1000, 10).build())
        .hasMessageContaining("reconnectMaxMs=10");
    assertThatThrownBy(() -> MqttSettings.builder("tcp://h:1", "c").credentials(null, "p").build())
        .hasMessageContaining("username=null");
    assertThatThrownBy(
            () -> new TlsSettings(dir.resolve("missing.crt"), null, null, null, null, null))
        .hasMessageContaining("tls.ca_file=" + dir.resolve("missing.crt"));
  }

  @Test
  void shouldRequireCertAndKeyTogether() throws Exception {
    Path cert = Files.writeString(dir.resolve("c.pem"), "x");
    assertThatThrownBy(() -> new TlsSettings(null, cert, null, null, null, null))
        .hasMessageContaining("tls.key_file=null");
    assertThatThrownBy(
            () -> MqttSettings.builder("tcp://h:1", "c").tls(TlsSettings.trusting(cert)).build())
        .hasMessageContaining("ssl://");
  }

  @Test
  void shouldExplainAKeyFormatItCannotRead() throws Exception {
    Path key =
        Files.writeString(
            dir.resolve("k.pem"),
            "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n");
    assertThatThrownBy(() -> SslSocketFactories.privateKey(key))
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt")
        .hasMessageContaining("tls.key_file=" + key);
    Path none = Files.writeString(dir.resolve("n.pem"), "not a key");
    assertThatThrownBy(() -> SslSocketFactories.privateKey(none))
        .hasMessageContaining("holds no PEM private key");
  }
}
