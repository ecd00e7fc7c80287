package dev.rapport.gateway.bench;

import dev.rapport.gateway.sync.SyncConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The scenarios of {@code rapport bench}, printed as Markdown tables: the headline room (64 badges,
 * defaults, movement and vocal) against the Java recompute baseline and numpy in the same run; then
 * scaling with badges, window and lag range. CPU figures are thread CPU time, so they hold on a
 * busy machine; latencies are wall clock and do not.
 */
public final class BenchSuite {
  /** What to run. */
  public record Options(
      boolean quick,
      List<Integer> badgeCounts,
      boolean numpy,
      String python,
      Path numpyScript,
      long seed) {}

  private static final int LOSS_PERCENT = 1;

  private final Options options;
  private final PrintWriter out;

  public BenchSuite(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  public void run() throws IOException, InterruptedException {
    machine();
    headline();
    badgeScaling();
    if (!options.quick()) {
      windowScaling();
      lagScaling();
    }
    out.printf(Locale.ROOT, "%nload average at the end: %.2f%n", load());
    out.flush();
  }

  private void machine() throws IOException {
    String cpu = "unknown";
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      for (String line : Files.readAllLines(cpuinfo)) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).strip();
          break;
        }
      }
    }
    out.println("## Machine");
    out.println();
    out.printf(
        Locale.ROOT,
        "- CPU: %s, %d cores available to the JVM%n- JVM: %s %s%n- load average at the start: %.2f%n"
            + "- synthetic room: every odd badge follows its neighbour, %d%% of samples lost%n",
        cpu,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        load(),
        LOSS_PERCENT);
    out.println();
    out.flush();
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private SyncConfig.Builder defaults() {
    return SyncConfig.builder();
  }

  private void headline() throws IOException, InterruptedException {
    int badges = 64;
    SyncConfig withSignificance = defaults().build();
    SyncConfig without = defaults().surrogatePool(0).build();
    long warm = options.quick() ? 750 : 1500;
    long measured = options.quick() ? 750 : 3000;
    int baselineHops = options.quick() ? 3 : 6;
    SyntheticRoom room = new SyntheticRoom(badges, 6000, LOSS_PERCENT, options.seed());
    long lastHop = BaselineRun.hopTickAtOrAfter(withSignificance, warm + measured);

    out.println(
        "## Headline: 64 badges (2016 dyads), 25 Hz, W = 10 s, L = 2 s, hop 1 s, movement + vocal");
    out.println();
    out.flush();
    EngineRun.Result full = EngineRun.run(withSignificance, room, warm, measured, lastHop);
    EngineRun.Result bare = EngineRun.run(without, room, warm, measured / 2, -1);
    BaselineRun.Result base = BaselineRun.run(withSignificance, room, lastHop, baselineHops);
    NumpyRun.Result numpy = numpy(withSignificance, room, lastHop + 1, baselineHops);

    out.println(
        "| implementation | CPU ms per simulated s | % of one core | speed-up vs Java recompute | tick latency p50 / p99 / p99.9 / max (µs) | bytes allocated per tick |");
    out.println("|---|---:|---:|---:|---|---:|");
    engineRow("engine, with significance (default)", full, base);
    engineRow("engine, without significance", bare, base);
    out.printf(
        Locale.ROOT,
        "| Java double recompute each hop (baseline) | %.1f | %.2f | 1.0 | %s | - |%n",
        base.cpuMsPerSimulatedSecond(),
        base.cpuMsPerSimulatedSecond() / 10,
        latency(base.tickLatencyNs()));
    if (numpy.ran()) {
      double perSecond =
          numpy.cpuMsPerHop() * withSignificance.rateHz() / withSignificance.hopSamples();
      out.printf(
          Locale.ROOT,
          "| numpy %s recompute each hop (BLAS 1 thread) | %.1f | %.2f | %.2f | hop: %.0f ms | - |%n",
          numpy.numpyVersion(),
          perSecond,
          perSecond / 10,
          base.cpuMsPerSimulatedSecond() / perSecond,
          numpy.wallMsPerHop());
    } else {
      out.println("| numpy | skipped: " + numpy.reason() + " | | | | |");
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "Engine vs baseline on the window ending at tick %d: %s%n",
        lastHop,
        agreement(
            full.movementPeakR(),
            full.movementPeakLag(),
            base.movementPeakR(),
            base.movementPeakLag()));
    if (numpy.ran() && numpy.lastHopTick() == lastHop) {
      out.printf(
          Locale.ROOT,
          "numpy vs baseline on the same window: %s%n",
          agreement(
              numpy.movementPeakR(),
              numpy.movementPeakLag(),
              base.movementPeakR(),
              base.movementPeakLag()));
    }
    out.println();
    out.flush();
  }

  private void engineRow(String name, EngineRun.Result r, BaselineRun.Result base) {
    out.printf(
        Locale.ROOT,
        "| %s | %.1f | %.2f | %.1f | %s | %.1f |%n",
        name,
        r.cpuMsPerSimulatedSecond(),
        r.corePercent(),
        base.cpuMsPerSimulatedSecond() / r.cpuMsPerSimulatedSecond(),
        latency(r.tickLatencyNs()),
        r.allocatedBytesPerTick());
    out.flush();
  }

  private void badgeScaling() throws IOException, InterruptedException {
    List<Integer> counts = options.badgeCounts();
    out.println("## Scaling with badges (defaults, with significance)");
    out.println();
    out.println(
        "| badges | dyads | engine CPU ms per s | engine % core | tick p99 / max (µs) | baseline CPU ms per s | speed-up | numpy CPU ms per s |");
    out.println("|---:|---:|---:|---:|---|---:|---:|---:|");
    out.flush();
    for (int badges : counts) {
      SyncConfig config = defaults().build();
      scalingRow(Integer.toString(badges), config, badges, true);
    }
    out.println();
    out.flush();
  }

  private void windowScaling() throws IOException, InterruptedException {
    out.println("## Scaling with the window (32 badges, L = 2 s)");
    out.println();
    out.println(
        "| W | dyads | engine CPU ms per s | engine % core | tick p99 / max (µs) | baseline CPU ms per s | speed-up | numpy CPU ms per s |");
    out.println("|---:|---:|---:|---:|---|---:|---:|---:|");
    for (long windowMs : new long[] {5_000, 10_000, 20_000, 40_000}) {
      SyncConfig config = defaults().windowMs(windowMs).build();
      scalingRow(windowMs / 1000 + " s", config, 32, false);
    }
    out.println();
    out.flush();
  }

  private void lagScaling() throws IOException, InterruptedException {
    out.println("## Scaling with the lag range (32 badges, W = 10 s)");
    out.println();
    out.println(
        "| L | dyads | engine CPU ms per s | engine % core | tick p99 / max (µs) | baseline CPU ms per s | speed-up | numpy CPU ms per s |");
    out.println("|---:|---:|---:|---:|---|---:|---:|---:|");
    for (long lagMs : new long[] {520, 1_000, 2_000, 4_000}) {
      SyncConfig config = defaults().maxLagMs(lagMs).build();
      scalingRow(lagMs + " ms", config, 32, false);
    }
    out.println();
    out.flush();
  }

  private void scalingRow(String label, SyncConfig config, int badges, boolean withNumpy)
      throws IOException, InterruptedException {
    long surrogateWarmUp = 2L * config.windowSamples() + 3L * config.maxLagSamples();
    long warm = Math.max(options.quick() ? 500 : 750, surrogateWarmUp + 100);
    long measured = options.quick() ? 500 : 750;
    int hops = badges >= 128 ? 2 : 3;
    SyntheticRoom room = new SyntheticRoom(badges, 6000, LOSS_PERCENT, options.seed());
    EngineRun.Result engine = EngineRun.run(config, room, warm, measured, -1);
    long lastHop =
        BaselineRun.hopTickAtOrAfter(
            config,
            config.windowSamples() + config.maxLagSamples() + (long) hops * config.hopSamples());
    BaselineRun.Result base = BaselineRun.run(config, room, lastHop, hops);
    String numpyCell = "-";
    if (withNumpy) {
      NumpyRun.Result numpy = numpy(config, room, lastHop + 1, hops);
      numpyCell =
          numpy.ran()
              ? String.format(
                  Locale.ROOT, "%.1f", numpy.cpuMsPerHop() * config.rateHz() / config.hopSamples())
              : "skipped";
    }
    out.printf(
        Locale.ROOT,
        "| %s | %d | %.1f | %.2f | %s | %.1f | %.1f | %s |%n",
        label,
        engine.dyads(),
        engine.cpuMsPerSimulatedSecond(),
        engine.corePercent(),
        p99Max(engine.tickLatencyNs()),
        base.cpuMsPerSimulatedSecond(),
        base.cpuMsPerSimulatedSecond() / engine.cpuMsPerSimulatedSecond(),
        numpyCell);
    out.flush();
  }

  private NumpyRun.Result numpy(SyncConfig config, SyntheticRoom room, long ticks, int hops)
      throws IOException, InterruptedException {
    if (!options.numpy()) {
      return NumpyRun.Result.skipped("--no-numpy");
    }
    return NumpyRun.run(options.python(), options.numpyScript(), config, room, ticks, hops + 1);
  }

  private static String latency(Histogram h) {
    return String.format(
        Locale.ROOT,
        "%.0f / %.0f / %.0f / %.0f",
        h.getValueAtPercentile(50) / 1e3,
        h.getValueAtPercentile(99) / 1e3,
        h.getValueAtPercentile(99.9) / 1e3,
        h.getMaxValue() / 1e3);
  }

  private static String p99Max(Histogram h) {
    return String.format(
        Locale.ROOT, "%.0f / %.0f", h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3);
  }

  /** How closely two implementations' peaks agree on one window. */
  static String agreement(double[] r1, int[] lag1, double[] r2, int[] lag2) {
    int both = 0;
    int sameLag = 0;
    int presenceDiffers = 0;
    double maxDelta = 0;
    for (int i = 0; i < Math.min(r1.length, r2.length); i++) {
      boolean p1 = r1[i] != Double.NEGATIVE_INFINITY;
      boolean p2 = r2[i] != Double.NEGATIVE_INFINITY;
      if (p1 != p2) {
        presenceDiffers++;
        continue;
      }
      if (!p1) {
        continue;
      }
      both++;
      maxDelta = Math.max(maxDelta, Math.abs(r1[i] - r2[i]));
      if (lag1[i] == lag2[i]) {
        sameLag++;
      }
    }
    return String.format(
        Locale.ROOT,
        "%d dyads with a value, same peak lag for %d, max |delta r| = %.2e, presence differs for %d",
        both,
        sameLag,
        maxDelta,
        presenceDiffers);
  }
}
