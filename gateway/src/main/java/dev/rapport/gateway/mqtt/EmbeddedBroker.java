package dev.rapport.gateway.mqtt;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process MQTT broker (Moquette 0.17, MQTT 3.1.1 only) used when no broker is configured, so
 * {@code rapport demo} needs nothing installed. Moquette's defaults are wrong for us and are all
 * overridden here: it would bind every interface (we bind loopback unless told otherwise), send
 * telemetry to its authors (off), and write its H2 and queue files to {@code ./data} (we use the
 * gateway's data directory). Persistence stays on so that a subscriber's persistent session and
 * queued messages survive a gateway restart. Anonymous clients are allowed: keep it on loopback, or
 * put a real broker with credentials in front of a network.
 */
public final class EmbeddedBroker implements AutoCloseable {
  static final String MOQUETTE_LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.log.io.moquette";

  static {
    // Moquette logs every packet at INFO; keep its warnings and errors only, unless the operator
    // chose a level for it (slf4j-simple reads this when Moquette creates its loggers).
    if (System.getProperty(MOQUETTE_LOG_LEVEL_PROPERTY) == null) {
      System.setProperty(MOQUETTE_LOG_LEVEL_PROPERTY, "warn");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

  /** How long a stop waits for subscribers to acknowledge what is in flight to them. */
  public static final long DEFAULT_DRAIN_TIMEOUT_MS = 3_000;

  /** Used when Moquette's session state cannot be read (a different version). */
  static final long FALLBACK_GRACE_MS = 500;

  private static final long DRAIN_POLL_MS = 10;

  private final BrokerSettings settings;
  private Server server;
  private WriteGate gate;
  private int port = -1;

  public EmbeddedBroker(BrokerSettings settings) {
    this.settings = settings;
  }

  /** Moquette's configuration keys, as version 0.17 spells them (see its BrokerConstants). */
  Properties moquetteProperties() throws IOException {
    return moquetteProperties(settings.port() != 0 ? settings.port() : freePort(settings.host()));
  }

  /**
   * Moquette 0.17 does not tell which port it bound when given 0, so "any free port" is chosen
   * here: the OS picks one, it is released, and Moquette binds it a moment later.
   */
  private static int freePort(String host) throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
      socket.bind(new java.net.InetSocketAddress(host, 0));
      return socket.getLocalPort();
    }
  }

  private Properties moquetteProperties(int bindPort) {
    Properties p = new Properties();
    p.setProperty(IConfig.HOST_PROPERTY_NAME, settings.host());
    p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(bindPort));
    p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
    p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
    // mosquitto_sub and many tools connect with an empty client id (allowed by MQTT 3.1.1 with a
    // clean session); moquette refuses those unless told otherwise.
    p.setProperty(BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "true");
    p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
    p.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, settings.dataDirectory().toString());
    p.setProperty(IConfig.PERSISTENT_QUEUE_TYPE_PROPERTY_NAME, "h2");
    p.setProperty(
        IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(settings.maxMessageBytes()));
    // Flush each packet at once: scores are small and latency matters more than syscalls.
    p.setProperty(IConfig.BUFFER_FLUSH_MS_PROPERTY_NAME, "immediate");
    p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, "disabled");
    return p;
  }

  /**
   * Starts the broker and returns the port it is bound to (the free port chosen when the settings
   * say 0).
   *
   * @throws IOException when the data directory cannot be created or the port cannot be bound; the
   *     message names host and port
   */
  public synchronized int start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("embedded broker already running, port=" + port);
    }
    Files.createDirectories(settings.dataDirectory());
    Properties properties = moquetteProperties();
    Server s = new Server();
    WriteGate g = new WriteGate();
    try {
      s.startServer(new MemoryConfig(properties), null, null, null, g);
    } catch (RuntimeException e) {
      s.stopServer();
      throw new IOException(
          "embedded broker cannot start on host="
              + settings.host()
              + " port="
              + settings.port()
              + " (port in use?): "
              + e.getMessage(),
          e);
    }
    server = s;
    gate = g;
    port = Integer.parseInt(properties.getProperty(IConfig.PORT_PROPERTY_NAME));
    LOG.info(
        "embedded MQTT broker listening on {}:{} (data in {})",
        settings.host(),
        port,
        settings.dataDirectory());
    return port;
  }

  /** The bound port; -1 when not running. */
  public synchronized int port() {
    return port;
  }

  public synchronized boolean running() {
    return server != null;
  }

  /**
   * Stops the broker without losing what it has acknowledged: first it refuses new publishes (a
   * refused QoS 1 publish is not acknowledged, so its sender keeps it), then it waits up to {@link
   * #DEFAULT_DRAIN_TIMEOUT_MS} until every connected subscriber has acknowledged what is in flight
   * to it, because Moquette 0.17 keeps those copies only in memory. Messages in flight to a
   * subscriber that is offline cannot drain and are logged as lost. Safe to call twice.
   */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    gate.close();
    drain(DEFAULT_DRAIN_TIMEOUT_MS);
    MoquetteInternals.shutdownNetworkQuickly(server);
    server.stopServer();
    server = null;
    gate = null;
    port = -1;
    LOG.info("embedded MQTT broker stopped");
  }

  private void drain(long timeoutMs) {
    Optional<MoquetteInternals> sessions = MoquetteInternals.of(server);
    long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000;
    try {
      if (sessions.isEmpty()) {
        Thread.sleep(FALLBACK_GRACE_MS);
        return;
      }
      MoquetteInternals.Backlog backlog = sessions.get().backlog();
      while (!backlog.drained() && System.nanoTime() - deadlineNs < 0) {
        Thread.sleep(DRAIN_POLL_MS);
        backlog = sessions.get().backlog();
      }
      if (!backlog.drained()) {
        LOG.warn(
            "embedded broker stops with {} messages in flight to connected subscribers not"
                + " acknowledged within {} ms; they are lost",
            backlog.connectedInFlight(),
            timeoutMs);
      }
      if (backlog.offlineInFlight() > 0) {
        LOG.warn(
            "embedded broker stops with {} messages in flight to offline subscribers; Moquette"
                + " keeps those in memory only, they are lost",
            backlog.offlineInFlight());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
