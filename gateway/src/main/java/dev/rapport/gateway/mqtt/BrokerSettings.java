package dev.rapport.gateway.mqtt;

import java.nio.file.Path;

/**
 * The embedded broker, started when no broker URL is configured.
 *
 * @param host interface to bind; loopback by default so a workshop laptop does not expose an
 *     anonymous broker to the venue Wi-Fi. Use {@code 0.0.0.0} to let other machines subscribe.
 * @param port TCP port, 0 for any free port
 * @param dataDirectory where the broker keeps its session and queue files (inside the gateway's
 *     data directory, never the working directory)
 * @param maxMessageBytes largest MQTT packet the broker accepts
 */
public record BrokerSettings(String host, int port, Path dataDirectory, int maxMessageBytes) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 1883;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;

  public BrokerSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("broker host is required, host=" + host);
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          "broker port not allowed (allowed: 0 to 65535, 0 = any free port), port=" + port);
    }
    if (dataDirectory == null) {
      throw new IllegalArgumentException("broker data directory is required, dataDirectory=null");
    }
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException(
          "broker message size too small (allowed: at least 1024), maxMessageBytes="
              + maxMessageBytes);
    }
  }

  public static BrokerSettings of(String host, int port, Path dataDirectory) {
    return new BrokerSettings(host, port, dataDirectory, DEFAULT_MAX_MESSAGE_BYTES);
  }

  /** Loopback, the given port, files under {@code dataDirectory}. */
  public static BrokerSettings loopback(int port, Path dataDirectory) {
    return of(DEFAULT_HOST, port, dataDirectory);
  }
}
