package dev.rapport.gateway.mqtt;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.nio.file.Files;
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
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

  private final BrokerSettings settings;
  private Server server;
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
    p.setProperty(IConfig.PERSISTENT_QUEUE_TYPE_PROPERTY_NAME, "segmented");
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
    try {
      s.startServer(new MemoryConfig(moquetteProperties()));
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
    // Moquette 0.17 reports the bound port only when it chose it (port 0).
    port = settings.port() != 0 ? settings.port() : s.getPort();
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

  /** Stops the broker; clients see the connection drop. Safe to call twice. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.stopServer();
    server = null;
    port = -1;
    LOG.info("embedded MQTT broker stopped");
  }

  @Override
  public void close() {
    stop();
  }
}
