package dev.rapport.gateway.runtime;

import dev.rapport.badge.transport.BadgeLink;
import dev.rapport.badge.transport.LinkListener;
import dev.rapport.badge.transport.LinkState;
import dev.rapport.gateway.engine.EngineEvent;
import dev.rapport.gateway.engine.EngineOutput;
import dev.rapport.gateway.engine.EngineSettings;
import dev.rapport.gateway.engine.GatewayEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live wiring of the gateway for tests that run in real time: links of any transport feed
 * {@link FrameIntake}s on their own threads, which offer events to one bounded queue; one engine
 * thread takes them in order, advances the watermark from {@link System#nanoTime()} every grid
 * period and sends the TIME_SYNC requests the engine asks for back over the badge's link. Read the
 * engine only after {@link #stop()} (the join makes its state visible).
 */
final class LiveEngine {
  private static final long EPOCH_ORIGIN_MS = 1_767_225_600_000L;

  private final BlockingQueue<EngineEvent> queue;
  private final List<BadgeLink> links = new ArrayList<>();
  private final List<FrameIntake> intakes = new ArrayList<>();
  private final List<CountDownLatch> connected = new ArrayList<>();
  private final BadgeCommands commands = new BadgeCommands(System::nanoTime);
  private final GatewayEngine engine;
  private final long periodNs;
  private final long originNs = System.nanoTime();
  private final AtomicLong syncEventsRefused = new AtomicLong();
  private volatile boolean running;
  private Thread thread;
  private RuntimeException failure;

  LiveEngine(EngineSettings settings, EngineOutput output, int queueCapacity) {
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.periodNs = settings.gridPeriodNs();
    EngineOutputs.TimeSyncRequester timeSync =
        (badgeId, link, correlationId) ->
            commands.sendTimeSync(
                links.get(link),
                badgeId,
                correlationId,
                (b, c, sentNs) -> {
                  if (!queue.offer(EngineEvent.syncRequestSent(b, c, sentNs))) {
                    syncEventsRefused.incrementAndGet();
                  }
                });
    this.engine =
        new GatewayEngine(
            settings, EngineOutputs.split(output, timeSync), b -> true, l -> "live", null);
  }

  /** Gateway time the engine clock started at. */
  long originNs() {
    return originNs;
  }

  /** Adds a link (its index is the order of adding) and starts it. Before {@link #start()}. */
  FrameIntake addLink(BadgeLink link) {
    FrameIntake intake = new FrameIntake(links.size(), queue::offer, commands::onReply);
    CountDownLatch up = new CountDownLatch(1);
    links.add(link);
    intakes.add(intake);
    connected.add(up);
    link.start(
        new LinkListener() {
          @Override
          public void onBytes(BadgeLink l, byte[] buffer, int offset, int length, long rxNs) {
            intake.onBytes(l, buffer, offset, length, rxNs);
          }

          @Override
          public void onStateChanged(BadgeLink l, LinkState state, String reason) {
            intake.onStateChanged(l, state, reason);
            if (state == LinkState.CONNECTED) {
              up.countDown();
            }
          }
        });
    return intake;
  }

  /** Waits until link {@code index} has connected (at least once). */
  boolean awaitConnected(int index, long timeoutMs) throws InterruptedException {
    return connected.get(index).await(timeoutMs, TimeUnit.MILLISECONDS);
  }

  void start() {
    running = true;
    thread = new Thread(this::loop, "rapport-engine");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Stops the engine thread once the queue is empty and waits for it; rethrows what it died of.
   * Stop the links first, or the queue may never empty.
   */
  void stop() throws InterruptedException {
    running = false;
    thread.join(10_000);
    if (thread.isAlive()) {
      throw new IllegalStateException("engine thread did not stop, thread=" + thread.getName());
    }
    if (failure != null) {
      throw failure;
    }
  }

  GatewayEngine engine() {
    return engine;
  }

  List<FrameIntake> intakes() {
    return intakes;
  }

  BadgeCommands commands() {
    return commands;
  }

  long syncEventsRefused() {
    return syncEventsRefused.get();
  }

  private void loop() {
    long nextWatermarkNs = originNs;
    try {
      // After stop(), what is already queued is still processed, so that counts can be compared.
      while (running || !queue.isEmpty()) {
        EngineEvent event = queue.poll(periodNs / 4, TimeUnit.NANOSECONDS);
        if (event != null) {
          engine.onEvent(event);
        }
        long nowNs = System.nanoTime();
        if (nowNs - nextWatermarkNs >= 0) {
          engine.onWatermark(nowNs, EPOCH_ORIGIN_MS + (nowNs - originNs) / 1_000_000L);
          nextWatermarkNs = nowNs + periodNs;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }
}
