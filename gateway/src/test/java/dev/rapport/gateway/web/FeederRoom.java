package dev.rapport.gateway.web;

import dev.rapport.badge.protocol.BadgeId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link DashboardServer} fed by a {@link RoomFeed} on one thread, as the gateway's sink thread
 * would feed it: a hop every {@code hopMs}, badge health every second, markers from the browser
 * echoed back as marker events. On start it plays the last {@code backfillMs} of the room at once,
 * as a gateway that has been running for a while holds that history, then continues in real time.
 */
final class FeederRoom implements LiveRoom {
  private static final String HOST = "127.0.0.1";
  private static final int HISTORY_PER_DYAD = 600;
  private static final long GATEWAY_STATUS_EVERY_MS = 5_000;

  private final DashboardServer server;
  private final ScheduledExecutorService feeder;
  private final List<String> badges;
  private final List<String> markersReceived = new CopyOnWriteArrayList<>();
  private final AtomicReference<Throwable> feederFailure = new AtomicReference<>();

  private FeederRoom(int port, int badgeCount, long hopMs, long backfillMs, long seed)
      throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= badgeCount; i++) {
      ids.add(BadgeId.format(i));
    }
    this.badges = List.copyOf(ids);
    RoomFeed feed = new RoomFeed(badges, "gw-test", seed, hopMs);
    this.feeder =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dashboard-feeder");
              t.setDaemon(true);
              return t;
            });
    AtomicReference<DashboardServer> self = new AtomicReference<>();
    this.server =
        new DashboardServer(
            HOST,
            port,
            new DashboardState(HISTORY_PER_DYAD),
            label -> {
              markersReceived.add(label);
              feeder.execute(
                  () -> self.get().publish(feed.marker(label, System.currentTimeMillis())));
            });
    self.set(server);
    long startedMs = System.currentTimeMillis();
    long firstHopMs = startedMs - backfillMs;
    server.publish(feed.gatewayStatus(startedMs, startedMs));
    long[] nextHopMs = {firstHopMs};
    long[] lastStatusMs = {startedMs};
    feeder.scheduleAtFixedRate(
        () -> {
          try {
            long nowMs = System.currentTimeMillis();
            while (nextHopMs[0] <= nowMs) {
              feed.hop(nextHopMs[0]).forEach(server::publish);
              nextHopMs[0] += hopMs;
            }
            if (nowMs - lastStatusMs[0] >= GATEWAY_STATUS_EVERY_MS) {
              lastStatusMs[0] = nowMs;
              server.publish(feed.gatewayStatus(startedMs, nowMs));
            }
          } catch (RuntimeException | Error e) {
            // Rethrowing would silently cancel the schedule; keep it for the test to report.
            feederFailure.compareAndSet(null, e);
            throw e;
          }
        },
        0,
        hopMs,
        TimeUnit.MILLISECONDS);
  }

  /** Six badges, a hop every 200 ms, the last minute already played. */
  static FeederRoom start(int port) throws Exception {
    return new FeederRoom(port, 6, 200, 60_000, 7);
  }

  @Override
  public String url() {
    return server.url();
  }

  @Override
  public int port() {
    return server.port();
  }

  @Override
  public List<String> badges() {
    return badges;
  }

  @Override
  public List<String> markersReceived() {
    return List.copyOf(markersReceived);
  }

  @Override
  public void assertHealthy() {
    Throwable failure = feederFailure.get();
    if (failure != null) {
      throw new AssertionError("the dashboard feeder failed", failure);
    }
  }

  @Override
  public void close() throws InterruptedException {
    feeder.shutdownNow();
    if (!feeder.awaitTermination(5, TimeUnit.SECONDS)) {
      throw new IllegalStateException("dashboard feeder did not stop within 5 s");
    }
    server.close();
  }
}
