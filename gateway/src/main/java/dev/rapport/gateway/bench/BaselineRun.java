package dev.rapport.gateway.bench;

import dev.rapport.gateway.sync.SyncConfig;
import dev.rapport.gateway.sync.TickFeatures;
import java.lang.management.ManagementFactory;
import org.HdrHistogram.Histogram;

/** Measures the {@link RecomputeWccBaseline} on the same synthetic room, in the same way. */
public final class BaselineRun {
  /** CPU per simulated second, tick latencies, and the peaks of the last hop run. */
  public record Result(
      int badges,
      long hops,
      double cpuMsPerSimulatedSecond,
      double cpuMsPerHop,
      Histogram tickLatencyNs,
      long lastHopTick,
      double[] movementPeakR,
      int[] movementPeakLag) {}

  private BaselineRun() {}

  /**
   * Runs up to and including the hop tick {@code lastHopTick}, measuring the last {@code
   * measuredHops} hops and the ticks between them.
   */
  public static Result run(
      SyncConfig config, SyntheticRoom room, long lastHopTick, int measuredHops) {
    int n = room.badges();
    RecomputeWccBaseline baseline = new RecomputeWccBaseline(config, n);
    TickFeatures tick = new TickFeatures(n);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Histogram latency = new Histogram(600_000_000_000L, 3);
    long measureFrom = lastHopTick - (long) measuredHops * config.hopSamples() + 1;
    long cpu0 = 0;
    long hops0 = 0;
    for (long t = 0; t <= lastHopTick; t++) {
      if (t == measureFrom) {
        cpu0 = threads.getCurrentThreadCpuTime();
        hops0 = baseline.hops();
      }
      room.fill(t, tick);
      long start = System.nanoTime();
      baseline.onTick(tick);
      if (t >= measureFrom) {
        latency.recordValue(System.nanoTime() - start);
      }
    }
    long cpu = threads.getCurrentThreadCpuTime() - cpu0;
    long hops = baseline.hops() - hops0;
    double simulatedSeconds = (lastHopTick - measureFrom + 1) / (double) config.rateHz();
    int dyads = n * (n - 1) / 2;
    double[] peakR = new double[dyads];
    int[] peakLag = new int[dyads];
    for (int d = 0; d < dyads; d++) {
      peakR[d] = baseline.peakR(d);
      peakLag[d] = baseline.peakLag(d);
    }
    return new Result(
        n,
        hops,
        cpu / 1e6 / simulatedSeconds,
        hops == 0 ? 0 : cpu / 1e6 / hops,
        latency,
        lastHopTick,
        peakR,
        peakLag);
  }

  /** The hop tick of the engine's schedule at or after {@code atLeast}. */
  public static long hopTickAtOrAfter(SyncConfig config, long atLeast) {
    long first = config.windowSamples() - 1;
    if (atLeast <= first) {
      return first;
    }
    long k = (atLeast - first + config.hopSamples() - 1) / config.hopSamples();
    return first + k * config.hopSamples();
  }
}
