package dev.rapport.gateway.runtime;

import dev.rapport.badge.sim.BadgeFleet;
import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.engine.EngineEvent;
import dev.rapport.gateway.engine.EngineSettings;
import dev.rapport.gateway.engine.GatewayEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the ingestion figures of docs/ingestion.md: a {@link RoomScenario} room run through the
 * real ingestion path on simulated time, then the first minutes' recorded events replayed through a
 * fresh engine to time the gateway alone. Prints Markdown to stdout, progress to stderr.
 *
 * <pre>
 * java -cp gateway/target/rapport.jar dev.rapport.gateway.runtime.RoomFiguresMain \
 *     [--badges 64] [--minutes 60] [--seed 1] [--replay-minutes 2] [--replays 3]
 * </pre>
 */
public final class RoomFiguresMain {
  private static final long SETTLE_NS = 30_000_000_000L;
  private static final long BUCKET_NS = 60_000_000_000L;

  private RoomFiguresMain() {}

  public static void main(String[] args) {
    int badges = 64;
    long minutes = 60;
    long seed = 1;
    long replayMinutes = 2;
    int replays = 3;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option without a value, option=" + args[i]);
      }
      long value = Long.parseLong(args[i + 1]);
      switch (args[i]) {
        case "--badges" -> badges = (int) value;
        case "--minutes" -> minutes = value;
        case "--seed" -> seed = value;
        case "--replay-minutes" -> replayMinutes = value;
        case "--replays" -> replays = (int) value;
        default -> throw new IllegalArgumentException("unknown option, option=" + args[i]);
      }
    }
    if (badges < 2 || minutes < 1 || replayMinutes < 0 || replays < 0) {
      throw new IllegalArgumentException(
          "need badges >= 2, minutes >= 1, replay-minutes >= 0, replays >= 0, badges="
              + badges
              + " minutes="
              + minutes
              + " replayMinutes="
              + replayMinutes
              + " replays="
              + replays);
    }
    System.out.print(
        measure(
            badges,
            minutes,
            seed,
            Math.min(minutes, replayMinutes),
            replayMinutes == 0 ? 0 : replays));
  }

  /**
   * Runs the room and returns the figures as Markdown.
   *
   * @param replays how often the first {@code replayMinutes} are replayed to time the engine alone;
   *     the fastest counts (on a shared machine, contention only ever adds CPU time)
   */
  public static String measure(
      int badges, long minutes, long seed, long replayMinutes, int replays) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    EngineSettings settings = EngineSettings.from(ConfigLoader.defaults());
    BadgeFleet fleet = RoomScenario.fleet(badges, seed);
    RoomFigures figures = new RoomFigures(fleet, VirtualRoom.ORIGIN_NS, SETTLE_NS, BUCKET_NS);
    long replayEndNs = VirtualRoom.ORIGIN_NS + replayMinutes * 60_000_000_000L;
    List<EngineEvent> recording = new ArrayList<>();
    VirtualRoom room =
        new VirtualRoom(
            fleet,
            settings,
            figures.output(),
            event -> {
              figures.probe().accept(event);
              if (event.timeNs() < replayEndNs) {
                recording.add(event);
              }
            });
    figures.attach(room);

    long wallStartNs = System.nanoTime();
    long cpuStartNs = threads.getCurrentThreadCpuTime();
    for (long second = 1; second <= minutes * 60; second++) {
      room.runFor(1_000);
      figures.observe(room.nowNs());
      if (second % 60 == 0) {
        System.err.printf(
            "minute %d of %d, %.0f s wall%n",
            second / 60, minutes, (System.nanoTime() - wallStartNs) / 1e9);
      }
    }
    long cpuNs = threads.getCurrentThreadCpuTime() - cpuStartNs;
    long wallNs = System.nanoTime() - wallStartNs;

    long[] engineCpuNs = new long[replays];
    for (int r = 0; r < replays; r++) {
      GatewayEngine replay =
          new GatewayEngine(settings, new EngineOutputs.Ignoring(), b -> true, l -> "replay", null);
      long replayStartNs = threads.getCurrentThreadCpuTime();
      for (EngineEvent event : recording) {
        replay.onEvent(event);
      }
      engineCpuNs[r] = threads.getCurrentThreadCpuTime() - replayStartNs;
      System.err.printf("replay %d of %d: %.1f s CPU%n", r + 1, replays, engineCpuNs[r] / 1e9);
    }
    return figures.markdown(cpuNs, engineCpuNs, replayMinutes * 60_000_000_000L)
        + String.format(
            java.util.Locale.ROOT,
            "Wall time %.1f s for the run (%d engine events); %d available processors.%n",
            wallNs / 1e9,
            room.events(),
            Runtime.getRuntime().availableProcessors());
  }
}
