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
  // Generous: on a loaded machine (or a Pi still starting its services) Netty can take seconds.
  private static final long BIND_REPORT_TIMEOUT_MS = 30_000;

  private final BrokerSettings settings;
  private Server server;
  private WriteGate gate;
  private int port = -1;

  public EmbeddedBroker(BrokerSettings settings) {
    this.settings = settings;
  }

  /** Moquette's configuration keys, as version 0.17 spells them (see its BrokerConstants). */
  Properties moquetteProperties() {
    Properties p = new Properties();
    p.setProperty(IConfig.HOST_PROPERTY_NAME, settings.host());
    p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(settings.port()));
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
    Server s = new Server();
    WriteGate g = new WriteGate();
    try {
      s.startServer(new MemoryConfig(moquetteProperties()), null, null, null, g);
    } catch (RuntimeException e) {
      MoquetteInternals.shutdownNetworkQuickly(s);
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
    port = settings.port() != 0 ? settings.port() : boundPort(s);
    LOG.info(
        "embedded MQTT broker listening on {}:{} (data in {}; subscribe with: mosquitto_sub -h {}"
            + " -p {} -t 'rapport/#' -v)",
        settings.host(),
        port,
        settings.dataDirectory(),
        settings.host().equals("0.0.0.0") ? "127.0.0.1" : settings.host(),
        port);
    return port;
  }

  /**
   * Moquette records the port it bound from a Netty listener that runs just after {@code
   * startServer} returns; until then {@code getPort()} answers 0.
   */
  private static int boundPort(Server s) throws IOException {
    long deadlineNs = System.nanoTime() + BIND_REPORT_TIMEOUT_MS * 1_000_000;
    int bound = s.getPort();
    while (bound == 0 && System.nanoTime() - deadlineNs < 0) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      bound = s.getPort();
    }
    if (bound == 0) {
      s.stopServer();
      throw new IOException(
          "embedded broker did not report its port within " + BIND_REPORT_TIMEOUT_MS + " ms");
    }
    return bound;
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
