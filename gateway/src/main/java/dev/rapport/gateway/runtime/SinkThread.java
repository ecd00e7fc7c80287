package dev.rapport.gateway.runtime;

import dev.rapport.gateway.engine.EngineOutput;
import dev.rapport.gateway.mqtt.BadgeStatusMessage;
import dev.rapport.gateway.mqtt.DyadScoreMessage;
import dev.rapport.gateway.mqtt.EventMessage;
import dev.rapport.gateway.mqtt.MqttPublisher;
import dev.rapport.gateway.mqtt.PayloadCodec;
import dev.rapport.gateway.web.DashboardServer;
import dev.rapport.gateway.web.DashboardState;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's results on their way out: the engine thread offers them (never blocking; a full
 * queue is counted and reported), this thread hands them to the MQTT outbox (which persists before
 * it acknowledges), the dashboard and the terminal summary.
 */
final class SinkThread implements EngineOutput, Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(SinkThread.class);
  private static final int QUEUE_CAPACITY = 65_536;

  private record Hop(long timeMs, Map<String, Double> speaking) {}

  private record Marker(long timeMs, String label) {}

  private record SessionChange(long timeMs, String sessionId, String previousId) {}

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final MqttPublisher publisher;
  private final DashboardServer dashboard;
  private final RoomSummary summary;
  private final PayloadCodec codec;
  private final EngineOutputs.TimeSyncRequester timeSync;
  private final LatencyProbe probe;
  // Sink thread only: follows the engine's session switches in result order, for the events.
  private String session;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong publishFailures = new AtomicLong();
  private volatile boolean running = true;
  private final Thread thread;

  SinkThread(
      MqttPublisher publisher,
      DashboardServer dashboard,
      RoomSummary summary,
      String gateway,
      EngineOutputs.TimeSyncRequester timeSync,
      String session) {
    this(publisher, dashboard, summary, gateway, timeSync, session, null);
  }

  /**
   * @param probe told when each dyad result is taken off the queue and when the outbox holds it;
   *     null for none
   */
  SinkThread(
      MqttPublisher publisher,
      DashboardServer dashboard,
      RoomSummary summary,
      String gateway,
      EngineOutputs.TimeSyncRequester timeSync,
      String session,
      LatencyProbe probe) {
    this.probe = probe;
    this.publisher = publisher;
    this.dashboard = dashboard;
    this.summary = summary;
    this.codec = new PayloadCodec(gateway);
    this.timeSync = timeSync;
    this.session = session;
    this.thread = new Thread(this, "rapport-sinks");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  long dropped() {
    return dropped.get();
  }

  @Override
  public void onDyad(DyadScoreMessage message) {
    offer(message);
  }

  @Override
  public void onHop(long timeMs, Map<String, Double> speakingFraction) {
    offer(new Hop(timeMs, speakingFraction));
  }

  @Override
  public void onBadgeStatus(BadgeStatusMessage status) {
    offer(status);
  }

  @Override
  public void onMarker(long timeMs, String label) {
    offer(new Marker(timeMs, label));
  }

  @Override
  public void onSession(long timeMs, String sessionId, String previousId) {
    offer(new SessionChange(timeMs, sessionId, previousId));
  }

  @Override
  public void requestTimeSync(int badgeId, int link, long correlationId) {
    timeSync.requestTimeSync(badgeId, link, correlationId);
  }

  private void offer(Object item) {
    if (!queue.offer(item)) {
      long n = dropped.incrementAndGet();
      if (Long.bitCount(n) == 1) {
        LOG.warn("output queue full: {} results dropped so far (sinks too slow)", n);
      }
    }
  }

  /** Delivers what is queued, then stops; waits at most {@code timeoutMs}. */
  void stop(long timeoutMs) {
    running = false;
    try {
      thread.join(timeoutMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void run() {
    while (running || !queue.isEmpty()) {
      Object item;
      try {
        item = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (item == null) {
        continue;
      }
      try {
        deliver(item);
      } catch (Exception e) {
        long n = publishFailures.incrementAndGet();
        if (Long.bitCount(n) == 1) {
          LOG.error("could not hand a result to the outbox ({} so far): {}", n, e.toString());
        }
      }
    }
  }

  private void deliver(Object item) throws Exception {
    if (item instanceof DyadScoreMessage) {
      DyadScoreMessage m = (DyadScoreMessage) item;
      if (probe != null) {
        probe.onDyadDequeued(m, System.nanoTime());
      }
      long seq = publisher == null ? 0 : publisher.publishDyad(m);
      if (probe != null) {
        probe.onDyadOutboxed(m, System.nanoTime());
      }
      summary.onDyad(m);
      if (dashboard != null) {
        dashboard.publish(
            new DashboardState.Update(
                DashboardState.Kind.DYAD, m.badgeA() + "/" + m.badgeB(), json(codec.dyad(m, seq))));
      }
    } else if (item instanceof BadgeStatusMessage) {
      BadgeStatusMessage m = (BadgeStatusMessage) item;
      if (publisher != null) {
        publisher.publishBadgeStatus(m);
      }
      summary.onBadge(m);
      if (dashboard != null) {
        dashboard.publish(
            new DashboardState.Update(
                DashboardState.Kind.BADGE, m.badge(), json(codec.badgeStatus(m))));
      }
    } else if (item instanceof Hop) {
      Hop h = (Hop) item;
      if (dashboard != null) {
        StringBuilder speaking =
            new StringBuilder("{\"time_ms\":").append(h.timeMs()).append(",\"speaking\":{");
        boolean first = true;
        for (Map.Entry<String, Double> e : h.speaking().entrySet()) {
          speaking
              .append(first ? "" : ",")
              .append('"')
              .append(e.getKey())
              .append("\":")
              .append(e.getValue());
          first = false;
        }
        speaking.append("}}");
        dashboard.publish(
            new DashboardState.Update(DashboardState.Kind.ROOM, "room", speaking.toString()));
      }
    } else if (item instanceof Marker) {
      Marker mk = (Marker) item;
      EventMessage event =
          EventMessage.builder(EventMessage.MARKER)
              .timeMs(mk.timeMs())
              .label(mk.label())
              .session(session)
              .build();
      if (publisher != null) {
        publisher.publishEvent(event);
      }
      if (dashboard != null) {
        dashboard.publish(
            new DashboardState.Update(
                DashboardState.Kind.MARKER, "marker", json(codec.event(event))));
      }
    } else if (item instanceof SessionChange) {
      SessionChange c = (SessionChange) item;
      session = c.sessionId();
      if (c.previousId() != null && publisher != null) {
        publisher.publishEvent(
            EventMessage.builder(EventMessage.SESSION_STOPPED)
                .timeMs(c.timeMs())
                .session(c.previousId())
                .source("gateway")
                .build());
      }
      if (c.sessionId() != null && publisher != null) {
        publisher.publishEvent(
            EventMessage.builder(EventMessage.SESSION_STARTED)
                .timeMs(c.timeMs())
                .session(c.sessionId())
                .source("gateway")
                .build());
      }
    }
  }

  private static String json(byte[] payload) {
    return new String(payload, StandardCharsets.UTF_8);
  }
}
