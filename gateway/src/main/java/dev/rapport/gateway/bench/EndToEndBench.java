package dev.rapport.gateway.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.config.GatewayConfig;
import dev.rapport.gateway.mqtt.MqttSettings;
import dev.rapport.gateway.runtime.GatewayRuntime;
import dev.rapport.gateway.runtime.RuntimeOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * {@code rapport bench e2e}: the real gateway ({@link GatewayRuntime} wired as {@code rapport demo}
 * wires it: simulated badges paced in wall time, ingestion, engine, sink thread, MQTT publisher
 * with its durable outbox, dashboard) publishing to the embedded broker or a given one, and a Paho
 * subscriber in the same JVM, so that one {@link System#nanoTime()} times a score from the frame
 * that completed its window to its arrival. An {@link EndToEndProbe} collects the stamps; {@link
 * EndToEndAnalysis} joins them; {@link EndToEndReport} prints Markdown.
 */
public final class EndToEndBench {
  private static final long FIRST_WINDOW_GRACE_MS = 120_000;
  private static final long DRAIN_TIMEOUT_MS = 60_000;

  /**
   * What to run.
   *
   * @param brokerUrl an external broker ({@code tcp://host:port}); null for the embedded one
   * @param warmupMs measured time starts this long after the first full window was scored
   * @param dataDir where the outbox lives; null for a temporary directory removed afterwards
   */
  public record Options(
      int badges,
      long seed,
      long warmupMs,
      long durationMs,
      String brokerUrl,
      long windowMs,
      long maxLagMs,
      long hopMs,
      long allowedLatenessMs,
      String fsync,
      int maxInflight,
      Path dataDir) {

    public static Options defaults() {
      return new Options(
          64,
          1,
          10_000,
          60_000,
          null,
          ConfigLoader.DEFAULT_WINDOW_MS,
          ConfigLoader.DEFAULT_MAX_LAG_MS,
          ConfigLoader.DEFAULT_HOP_MS,
          ConfigLoader.DEFAULT_ALLOWED_LATENESS_MS,
          "batch",
          MqttSettings.DEFAULT_INFLIGHT_WINDOW,
          null);
    }
  }

  private final Options options;
  private final PrintWriter progress;

  /**
   * @param progress where to say what the run is doing (stderr on the command line)
   */
  public EndToEndBench(Options options, PrintWriter progress) {
    this.options = options;
    this.progress = progress;
  }

  public EndToEndResult run() throws IOException, InterruptedException, MqttException {
    Path dir =
        options.dataDir() != null
            ? Files.createDirectories(options.dataDir())
            : Files.createTempDirectory("rapport-bench-e2e-");
    try {
      return run(dir);
    } finally {
      if (options.dataDir() == null) {
        deleteTree(dir);
      }
    }
  }

  private EndToEndResult run(Path dir) throws IOException, InterruptedException, MqttException {
    GatewayConfig config = ConfigLoader.parse(yaml(dir), name -> null);
    double loadAtStart = load();
    EndToEndProbe probe = new EndToEndProbe();
    GatewayRuntime runtime = new GatewayRuntime(config, RuntimeOptions.defaults("bench"), probe);
    EndToEndSubscriber subscriber = null;
    boolean closed = false;
    try {
      runtime.start();
      subscriber = new EndToEndSubscriber(runtime.brokerUrl());
      subscriber.connect();
      say(
          "gateway up, %d simulated badges, broker %s; waiting for the first full window (%d ms)",
          options.badges(), runtime.brokerUrl(), options.windowMs());
      long firstEmitNs = awaitFirstEmit(probe);
      long fromNs = firstEmitNs + options.warmupMs() * 1_000_000L;
      long toNs = fromNs + options.durationMs() * 1_000_000L;
      say(
          "first window scored; warm-up %d ms, then measuring %d ms",
          options.warmupMs(), options.durationMs());
      sleepUntil(fromNs);
      long cpuFromNs = processCpuNs();
      sleepUntil(toNs);
      long cpuNs = processCpuNs() - cpuFromNs;
      double loadAtEnd = load();
      drain(probe, subscriber, toNs);
      // The subscriber leaves first, so that the broker stopping is not reported as a lost link.
      EndToEndSubscriber done = subscriber;
      subscriber = null;
      done.close();
      runtime.close();
      closed = true;
      if (done.connectionLost() != null) {
        say("note: the subscriber lost its connection: %s", done.connectionLost());
      }
      if (runtime.engineQueueDrops() > 0) {
        say("note: %d engine events dropped (queue full)", runtime.engineQueueDrops());
      }
      EndToEndSetup setup =
          new EndToEndSetup(
              options.badges(),
              options.badges() * (options.badges() - 1) / 2,
              config.grid().rateHz(),
              options.windowMs(),
              options.maxLagMs(),
              options.hopMs(),
              options.allowedLatenessMs(),
              options.fsync(),
              options.maxInflight(),
              options.brokerUrl() == null ? "embedded Moquette 0.17" : options.brokerUrl(),
              Files.getFileStore(dir).type(),
              options.warmupMs(),
              options.durationMs(),
              loadAtStart,
              loadAtEnd,
              runtime.gridSamplesLate());
      return EndToEndAnalysis.analyse(
          setup, probe, done.arrivals(), done.unreadable(), fromNs, toNs, cpuNs);
    } finally {
      if (!closed) {
        runtime.close();
      }
      if (subscriber != null) {
        subscriber.close();
      }
    }
  }

  private String yaml(Path dir) {
    StringBuilder y = new StringBuilder();
    y.append("site: bench\ngateway: gw1\n")
        .append("data_dir: '")
        .append(dir.toAbsolutePath())
        .append("'\n")
        .append("grid:\n  allowed_lateness: ")
        .append(options.allowedLatenessMs())
        .append("ms\n")
        .append("engine:\n  window: ")
        .append(options.windowMs())
        .append("ms\n  max_lag: ")
        .append(options.maxLagMs())
        .append("ms\n  hop: ")
        .append(options.hopMs())
        .append("ms\n")
        .append("badges:\n  simulated:\n    count: ")
        .append(options.badges())
        .append("\n    seed: ")
        .append(options.seed())
        .append("\nmqtt:\n");
    if (options.brokerUrl() == null) {
      y.append("  embedded:\n    port: 0\n");
    } else {
      y.append("  url: ").append(options.brokerUrl()).append('\n');
    }
    y.append("  max_inflight: ").append(options.maxInflight()).append('\n');
    y.append("  outbox:\n    fsync: ")
        .append(options.fsync())
        .append('\n')
        // As the demo: the dashboard serves (no browser connected); no GPIO on a bench machine.
        .append("dashboard:\n  port: 0\n")
        .append("hardware:\n  mode: 'off'\n");
    return y.toString();
  }

  private long awaitFirstEmit(EndToEndProbe probe) throws InterruptedException {
    long deadlineNs = System.nanoTime() + (options.windowMs() + FIRST_WINDOW_GRACE_MS) * 1_000_000L;
    while (probe.firstEmitNs() == Long.MIN_VALUE) {
      if (System.nanoTime() > deadlineNs) {
        throw new IllegalStateException(
            "no dyad score within the first window plus "
                + FIRST_WINDOW_GRACE_MS
                + " ms, badges="
                + options.badges());
      }
      Thread.sleep(50);
    }
    return probe.firstEmitNs();
  }

  /**
   * Waits until the last measured hop's results (spread over the following hop) have all left the
   * engine, then until the subscriber has every one of them.
   */
  private void drain(EndToEndProbe probe, EndToEndSubscriber subscriber, long toNs)
      throws InterruptedException {
    long periodNs = 1_000_000_000L / ConfigLoader.DEFAULT_GRID_RATE_HZ;
    long evaluatedNs = toNs + options.hopMs() * 1_000_000L + 3 * periodNs;
    long deadlineNs = System.nanoTime() + DRAIN_TIMEOUT_MS * 1_000_000L;
    while (probe.latestTickProcessingNs() < evaluatedNs && System.nanoTime() < deadlineNs) {
      Thread.sleep(50);
    }
    java.util.Set<EndToEndProbe.DyadKey> waiting = new java.util.HashSet<>();
    for (var d : probe.dyads().entrySet()) {
      EndToEndProbe.Tick tick = probe.ticks().get(d.getKey().timeMs());
      if (tick != null && tick.processingNs() < toNs) {
        waiting.add(d.getKey());
      }
    }
    int seen = 0;
    while (!waiting.isEmpty() && System.nanoTime() < deadlineNs) {
      java.util.List<EndToEndSubscriber.Arrival> arrivals = subscriber.arrivals();
      for (int i = seen; i < arrivals.size(); i++) {
        waiting.remove(arrivals.get(i).key());
      }
      seen = arrivals.size();
      if (!waiting.isEmpty()) {
        Thread.sleep(100);
      }
    }
    if (!waiting.isEmpty()) {
      say("%d measured messages did not arrive within %d ms", waiting.size(), DRAIN_TIMEOUT_MS);
    }
  }

  private static void sleepUntil(long ns) throws InterruptedException {
    long leftNs;
    while ((leftNs = ns - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, Math.min(1_000, leftNs / 1_000_000L)));
    }
  }

  private void say(String format, Object... args) {
    progress.printf(java.util.Locale.ROOT, "bench e2e: " + format + "%n", args);
    progress.flush();
  }

  static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static long processCpuNs() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
