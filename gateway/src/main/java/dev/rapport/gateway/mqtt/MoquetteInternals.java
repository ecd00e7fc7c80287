package dev.rapport.gateway.mqtt;

import io.moquette.broker.Server;
import io.netty.channel.EventLoopGroup;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks into Moquette 0.17's private state, for a stop that loses nothing and does not idle.
 *
 * <p>Why reflection: Moquette acknowledges a QoS 1 publish as soon as it has routed it, and keeps
 * the copies it has sent to connected subscribers but not yet seen acknowledged in a per-session
 * in-memory window; {@code stopServer()} discards that window. A stop that must lose nothing has to
 * wait until those windows are empty, and Moquette offers no public way to ask. The layout read
 * here is that of 0.17 (the version the build pins); if it differs, {@link #of} returns empty and
 * the caller falls back to a fixed grace period. Reads are racy by nature and only used to poll.
 *
 * <p>Also: Moquette closes its Netty event loops with Netty's default two-second quiet period, on
 * every stop; {@link #shutdownNetworkQuickly} starts that shutdown first without the quiet period
 * (nothing is left to send once the broker has drained).
 */
final class MoquetteInternals {
  private static final Logger LOG = LoggerFactory.getLogger(MoquetteInternals.class);

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

  private MoquetteInternals(
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

  static Optional<MoquetteInternals> of(Server server) {
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
          new MoquetteInternals(
              (Map<?, ?>) poolField.get(registry), inflight, queue, connected, isEmpty));
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot see Moquette's session state (not version 0.17?): {}", e.toString());
      return Optional.empty();
    }
  }

  /**
   * Closes Moquette's network event loops at once; its own {@code stopServer()} then finds them
   * terminating and does not wait. Best effort: on another layout the normal stop still works.
   */
  static void shutdownNetworkQuickly(Server server) {
    try {
      Field acceptorField = Server.class.getDeclaredField("acceptor");
      acceptorField.setAccessible(true);
      Object acceptor = acceptorField.get(server);
      for (String name : new String[] {"workerGroup", "bossGroup"}) {
        Field group = acceptor.getClass().getDeclaredField(name);
        group.setAccessible(true);
        ((EventLoopGroup) group.get(acceptor)).shutdownGracefully(0, 1, TimeUnit.SECONDS);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("Moquette network shutdown left to Moquette: {}", e.toString());
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
