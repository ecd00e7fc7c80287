package dev.rapport.gateway.mqtt;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * How the publisher reaches its broker. Build with {@link #builder(String, String)}; every other
 * field has a named default. Validation names the field and the value.
 *
 * @param serverUri {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId must stay the same across restarts: the broker keeps the session
 *     (cleanSession=false) under this id
 * @param keepaliveMs MQTT keepalive, sent to the broker in whole seconds
 * @param connectTimeoutMs how long one connect attempt may take
 * @param reconnectInitialMs first retry delay; it doubles per failure up to {@code reconnectMaxMs},
 *     each delay jittered to 50-100% so many gateways do not reconnect in step
 * @param inflightWindow messages handed to the client and not yet acknowledged; kept below Paho's
 *     max-inflight so a burst never fails with 32202
 * @param statusIntervalMs how often the retained gateway status (with outbox metrics) is refreshed
 * @param shutdownFlushTimeoutMs how long a clean shutdown waits for pending messages
 */
public record MqttSettings(
    String serverUri,
    String clientId,
    String username,
    String password,
    long keepaliveMs,
    long connectTimeoutMs,
    long reconnectInitialMs,
    long reconnectMaxMs,
    int inflightWindow,
    long statusIntervalMs,
    long shutdownFlushTimeoutMs,
    TlsSettings tls) {
  public static final long DEFAULT_KEEPALIVE_MS = 30_000;
  public static final long DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
  public static final long DEFAULT_RECONNECT_INITIAL_MS = 500;
  public static final long DEFAULT_RECONNECT_MAX_MS = 30_000;
  public static final int DEFAULT_INFLIGHT_WINDOW = 256;
  public static final int MAX_INFLIGHT_WINDOW = 1_000;
  public static final long DEFAULT_STATUS_INTERVAL_MS = 10_000;
  public static final long DEFAULT_SHUTDOWN_FLUSH_TIMEOUT_MS = 5_000;

  /**
   * MQTT 3.1.1 allows longer ids than 23 bytes at the broker's discretion; both ours allow 65535.
   */
  public static final int MAX_CLIENT_ID_CHARS = 128;

  public MqttSettings {
    checkUri(serverUri);
    if (clientId == null || clientId.isEmpty() || clientId.length() > MAX_CLIENT_ID_CHARS) {
      throw new IllegalArgumentException(
          "client id not allowed (allowed: 1 to "
              + MAX_CLIENT_ID_CHARS
              + " characters),"
              + " clientId="
              + clientId);
    }
    if (password != null && username == null) {
      throw new IllegalArgumentException(
          "a password needs a username (allowed: both, username only, or neither), username=null");
    }
    range("keepaliveMs", keepaliveMs, 1_000, 3_600_000);
    range("connectTimeoutMs", connectTimeoutMs, 100, 300_000);
    range("reconnectInitialMs", reconnectInitialMs, 10, 600_000);
    range("reconnectMaxMs", reconnectMaxMs, reconnectInitialMs, 3_600_000);
    range("inflightWindow", inflightWindow, 1, MAX_INFLIGHT_WINDOW);
    range("statusIntervalMs", statusIntervalMs, 100, 3_600_000);
    range("shutdownFlushTimeoutMs", shutdownFlushTimeoutMs, 0, 600_000);
    if (tls == null) {
      tls = TlsSettings.NONE;
    }
    if (serverUri.startsWith("tcp://") && !tls.equals(TlsSettings.NONE)) {
      throw new IllegalArgumentException(
          "TLS settings need an ssl:// server URI, serverUri=" + serverUri);
    }
  }

  private static void checkUri(String serverUri) {
    if (serverUri == null || !(serverUri.startsWith("tcp://") || serverUri.startsWith("ssl://"))) {
      throw new IllegalArgumentException(
          "server URI not allowed (allowed: tcp://host:port or ssl://host:port), serverUri="
              + serverUri);
    }
    try {
      URI uri = new URI(serverUri);
      if (uri.getHost() == null || uri.getPort() < 1) {
        throw new IllegalArgumentException(
            "server URI needs a host and a port (e.g. tcp://127.0.0.1:1883), serverUri="
                + serverUri);
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "server URI is not a URI (" + e.getReason() + "), serverUri=" + serverUri, e);
    }
  }

  private static void range(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " out of range (allowed: " + min + " to " + max + "), " + field + "=" + value);
    }
  }

  /** The client id the gateway uses unless configured: stable, and unique per site and gateway. */
  public static String defaultClientId(String site, String gateway) {
    return "rapport-" + site + "-" + gateway;
  }

  public static Builder builder(String serverUri, String clientId) {
    return new Builder(serverUri, clientId);
  }

  public Builder toBuilder() {
    return new Builder(serverUri, clientId)
        .credentials(username, password)
        .keepaliveMs(keepaliveMs)
        .connectTimeoutMs(connectTimeoutMs)
        .reconnectMs(reconnectInitialMs, reconnectMaxMs)
        .inflightWindow(inflightWindow)
        .statusIntervalMs(statusIntervalMs)
        .shutdownFlushTimeoutMs(shutdownFlushTimeoutMs)
        .tls(tls);
  }

  /** Host and port, for messages: {@code 127.0.0.1:1883}. */
  public String address() {
    URI uri = URI.create(serverUri);
    return uri.getHost() + ":" + uri.getPort();
  }

  @Override
  public String toString() {
    return "MqttSettings{serverUri="
        + serverUri
        + ", clientId="
        + clientId
        + ", username="
        + username
        + ", password="
        + (password == null ? "null" : "***")
        + ", keepaliveMs="
        + keepaliveMs
        + ", inflightWindow="
        + inflightWindow
        + ", tls="
        + tls
        + "}";
  }

  public static final class Builder {
    private final String serverUri;
    private final String clientId;
    private String username;
    private String password;
    private long keepaliveMs = DEFAULT_KEEPALIVE_MS;
    private long connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
    private long reconnectInitialMs = DEFAULT_RECONNECT_INITIAL_MS;
    private long reconnectMaxMs = DEFAULT_RECONNECT_MAX_MS;
    private int inflightWindow = DEFAULT_INFLIGHT_WINDOW;
    private long statusIntervalMs = DEFAULT_STATUS_INTERVAL_MS;
    private long shutdownFlushTimeoutMs = DEFAULT_SHUTDOWN_FLUSH_TIMEOUT_MS;
    private TlsSettings tls = TlsSettings.NONE;

    private Builder(String serverUri, String clientId) {
      this.serverUri = serverUri;
      this.clientId = clientId;
    }

    public Builder credentials(String username, String password) {
      this.username = username;
      this.password = password;
      return this;
    }

    public Builder keepaliveMs(long keepaliveMs) {
      this.keepaliveMs = keepaliveMs;
      return this;
    }

    public Builder connectTimeoutMs(long connectTimeoutMs) {
      this.connectTimeoutMs = connectTimeoutMs;
      return this;
    }

    public Builder reconnectMs(long initialMs, long maxMs) {
      this.reconnectInitialMs = initialMs;
      this.reconnectMaxMs = maxMs;
      return this;
    }

    public Builder inflightWindow(int inflightWindow) {
      this.inflightWindow = inflightWindow;
      return this;
    }

    public Builder statusIntervalMs(long statusIntervalMs) {
      this.statusIntervalMs = statusIntervalMs;
      return this;
    }

    public Builder shutdownFlushTimeoutMs(long shutdownFlushTimeoutMs) {
      this.shutdownFlushTimeoutMs = shutdownFlushTimeoutMs;
      return this;
    }

    public Builder tls(TlsSettings tls) {
      this.tls = tls;
      return this;
    }

    public MqttSettings build() {
      return new MqttSettings(
          serverUri,
          clientId,
          username,
          password,
          keepaliveMs,
          connectTimeoutMs,
          reconnectInitialMs,
          reconnectMaxMs,
          inflightWindow,
          statusIntervalMs,
          shutdownFlushTimeoutMs,
          tls);
    }
  }
}
