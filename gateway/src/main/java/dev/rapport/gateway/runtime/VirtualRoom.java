package dev.rapport.gateway.runtime;

import dev.rapport.badge.sim.BadgeFleet;
import dev.rapport.gateway.engine.EngineEvent;
import dev.rapport.gateway.engine.EngineOutput;
import dev.rapport.gateway.engine.EngineSettings;
import dev.rapport.gateway.engine.GatewayEngine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A simulated room run through the real ingestion path on simulated time, on one thread: the
 * fleet's bytes go through each link's decoder, the engine asks for time syncs that the fleet
 * answers, and watermarks advance the grid every grid period. Hours of a room take seconds, and the
 * run is deterministic, which tests, `rapport simulate` and the benchmarks rely on.
 */
public final class VirtualRoom {
  /** Simulated gateway time when the room's session time is 0; any positive origin works. */
  public static final long ORIGIN_NS = 1_000_000_000_000L;

  private static final long STEP_NS = 10_000_000L;
  private static final long EPOCH_ORIGIN_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private final SimulatedBadgeLinks links;
  private final List<FrameIntake> intakes = new ArrayList<>();
  private final ArrayDeque<EngineEvent> queue = new ArrayDeque<>();
  private final GatewayEngine engine;
  private final BadgeCommands commands;
  private final Consumer<EngineEvent> recorder;
  private final long watermarkIntervalNs;
  private long nowNs = ORIGIN_NS;
  private long nextWatermarkNs = ORIGIN_NS;
  private long events;

  /**
   * @param recorder sees every event the engine processes, in order (a recording)
   */
  public VirtualRoom(
      BadgeFleet fleet,
      EngineSettings settings,
      EngineOutput output,
      Consumer<EngineEvent> recorder) {
    this.recorder = recorder;
    this.links = new SimulatedBadgeLinks(fleet, ORIGIN_NS, () -> nowNs);
    this.commands = new BadgeCommands(() -> nowNs);
    this.watermarkIntervalNs = settings.gridPeriodNs();
    EngineOutputs.TimeSyncRequester timeSync =
        (badgeId, link, correlationId) ->
            commands.sendTimeSync(
                links.links().get(link),
                badgeId,
                correlationId,
                (b, c, sentNs) -> queue.add(EngineEvent.syncRequestSent(b, c, sentNs)));
    this.engine =
        new GatewayEngine(
            settings, EngineOutputs.split(output, timeSync), b -> true, l -> "sim", null);
    for (int i = 0; i < links.links().size(); i++) {
      FrameIntake intake = new FrameIntake(i, queue::add, commands::onReply);
      intakes.add(intake);
      links.links().get(i).start(intake);
    }
  }

  /** Runs the room for {@code durationMs} more of simulated time. */
  public void runFor(long durationMs) {
    long endNs = nowNs + durationMs * 1_000_000L;
    while (nowNs < endNs) {
      nowNs += STEP_NS;
      links.pump(nowNs);
      drain();
      while (nextWatermarkNs <= nowNs) {
        queue.add(
            EngineEvent.watermark(
                nextWatermarkNs, EPOCH_ORIGIN_MS + (nextWatermarkNs - ORIGIN_NS) / 1_000_000L));
        nextWatermarkNs += watermarkIntervalNs;
        drain();
      }
    }
  }

  /** Adds a marker now, as the button or the CLI would. */
  public void mark(String label) {
    queue.add(EngineEvent.marker(nowNs, label));
    drain();
  }

  /** Starts (or with null ends) a session now, through the event stream as the gateway does. */
  public void session(String sessionId) {
    queue.add(
        EngineEvent.session(nowNs, EPOCH_ORIGIN_MS + (nowNs - ORIGIN_NS) / 1_000_000L, sessionId));
    drain();
  }

  public GatewayEngine engine() {
    return engine;
  }

  public BadgeFleet fleet() {
    return links.fleet();
  }

  public long nowNs() {
    return nowNs;
  }

  public long events() {
    return events;
  }

  public List<FrameIntake> intakes() {
    return intakes;
  }

  private void drain() {
    EngineEvent event;
    while ((event = queue.poll()) != null) {
      events++;
      recorder.accept(event);
      engine.onEvent(event);
    }
  }
}
