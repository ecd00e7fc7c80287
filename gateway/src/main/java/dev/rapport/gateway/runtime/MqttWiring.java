package dev.rapport.gateway.runtime;

import dev.rapport.gateway.config.GatewayConfig;
import dev.rapport.gateway.mqtt.MqttSettings;
import dev.rapport.gateway.mqtt.TlsSettings;
import dev.rapport.gateway.mqtt.outbox.FsyncPolicy;
import dev.rapport.gateway.mqtt.outbox.OutboxSettings;
import java.nio.file.Path;
import java.util.Locale;

/** Maps the YAML's mqtt section onto the MQTT package's settings. */
final class MqttWiring {
  private MqttWiring() {}

  static MqttSettings settings(GatewayConfig config, String serverUri) {
    GatewayConfig.Mqtt m = config.mqtt();
    String clientId =
        m.clientId() != null
            ? m.clientId()
            : MqttSettings.defaultClientId(config.site(), config.gateway());
    MqttSettings.Builder b =
        MqttSettings.builder(serverUri, clientId)
            .keepaliveMs(m.keepaliveMs())
            .inflightWindow(m.maxInflight());
    if (m.username() != null) {
      b.credentials(m.username(), m.password());
    }
    if (m.tlsCaFile() != null || m.tlsCertFile() != null) {
      b.tls(
          new TlsSettings(
              path(m.tlsCaFile()), path(m.tlsCertFile()), path(m.tlsKeyFile()), null, null, null));
    }
    return b.build();
  }

  static OutboxSettings outbox(GatewayConfig config) {
    return OutboxSettings.of(
        config.dataDir().resolve("outbox"),
        config.mqtt().outboxMaxBytes(),
        FsyncPolicy.valueOf(config.mqtt().outboxFsync().toUpperCase(Locale.ROOT)));
  }

  private static Path path(String file) {
    return file == null ? null : Path.of(file);
  }
}
