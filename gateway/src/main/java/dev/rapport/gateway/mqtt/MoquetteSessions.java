package dev.rapport.gateway.mqtt;

import io.moquette.broker.Server;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks into Moquette 0.17's session registry to see what it still holds only in memory.
 *
 * <p>Why reflection: Moquette acknowledges a QoS 1 publish as soon as it has routed it, and keeps
 * the copies it has sent to connected subscribers but not yet seen acknowledged in a per-session
 * in-memory window; {@code stopServer()} discards that window. A stop that must lose nothing has to
 * wait until those windows are empty, and Moquette offers no public way to ask. The layout read
 * here is that of 0.17 (the version the build pins); if it differs, {@link #of} returns empty and
 * the caller falls back to a fixed grace period. Reads are racy by nature and only used to poll.
 */
final class MoquetteSessions {
  private static final Logger LOG = LoggerFactory.getLogger(MoquetteSessions.class);

  private final Map<?, ?> pool;
  private final Field inflightWindow;
  private final Field sessionQueue;
  private final Method connected;
  private final Method queueIsEmpty;

  /** What a stop would lose now. */
  record Backlog(int connectedInFlight, int connectedWithQueue, int offlineInFlight) {
    boolean drained() {
      return connectedInFlight == 0 && connectedWithQueue == 0;
    }
  }

  private MoquetteSessions(
      Map<?, ?> pool,
      Field inflightWindow,
      Field sessionQueue,
      Method connected,
      Method queueIsEmpty) {
    this.pool = pool;
    this.inflightWindow = inflightWindow;
    this.sessionQueue = sessionQueue;
    this.connected = connected;
    this.queueIsEmpty = queueIsEmpty;
  }

  static Optional<MoquetteSessions> of(Server server) {
    try {
      Field sessions = Server.class.getDeclaredField("sessions");
      sessions.setAccessible(true);
      Object registry = sessions.get(server);
      Field poolField = registry.getClass().getDeclaredField("pool");
      poolField.setAccessible(true);
      Class<?> session = Class.forName("io.moquette.broker.Session");
      Field inflight = session.getDeclaredField("inflightWindow");
      inflight.setAccessible(true);
      Field queue = session.getDeclaredField("sessionQueue");
      queue.setAccessible(true);
      Method connected = session.getDeclaredMethod("connected");
      connected.setAccessible(true);
      Method isEmpty =
          Class.forName("io.moquette.broker.SessionMessageQueue").getDeclaredMethod("isEmpty");
      return Optional.of(
          new MoquetteSessions(
              (Map<?, ?>) poolField.get(registry), inflight, queue, connected, isEmpty));
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot see Moquette's session state (not version 0.17?): {}", e.toString());
      return Optional.empty();
    }
  }

  Backlog backlog() {
    int connectedInFlight = 0;
    int connectedWithQueue = 0;
    int offlineInFlight = 0;
    try {
      for (Object s : pool.values()) {
        int inFlight = ((Map<?, ?>) inflightWindow.get(s)).size();
        if ((Boolean) connected.invoke(s)) {
          connectedInFlight += inFlight;
          if (!(Boolean) queueIsEmpty.invoke(sessionQueue.get(s))) {
            connectedWithQueue++;
          }
        } else {
          offlineInFlight += inFlight;
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // A session changed under us (the map is live); the next poll looks again.
      LOG.debug("Moquette session state changed while reading it: {}", e.toString());
      return new Backlog(-1, -1, -1);
    }
    return new Backlog(connectedInFlight, connectedWithQueue, offlineInFlight);
  }
}
