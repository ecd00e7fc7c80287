package dev.rapport.gateway.bench;

import dev.rapport.gateway.sync.DyadResult;
import dev.rapport.gateway.sync.DyadResultListener;
import dev.rapport.gateway.sync.RoomEngine;
import dev.rapport.gateway.sync.SyncConfig;
import dev.rapport.gateway.sync.TickFeatures;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Measures the {@link RoomEngine} on a {@link SyntheticRoom}: thread CPU time per simulated second
 * (so "% of one core" does not depend on how busy the rest of the machine is), wall-clock latency
 * of every tick in an HdrHistogram, and bytes allocated per tick. The listener keeps the peaks of
 * one chosen window so they can be checked against the baseline.
 */
public final class EngineRun {
  /** What one run measured. */
  public record Result(
      int badges,
      int dyads,
      SyncConfig config,
      long ticks,
      double cpuMsPerSimulatedSecond,
      Histogram tickLatencyNs,
      double allocatedBytesPerTick,
      double[] movementPeakR,
      int[] movementPeakLag) {

    public double corePercent() {
      return cpuMsPerSimulatedSecond / 10.0;
    }
  }

  private EngineRun() {}

  /**
   * @param warmUpTicks ticks run before measuring (JIT, surrogate pools)
   * @param measuredTicks ticks measured
   * @param captureTick the hop tick whose movement peaks are kept (or -1)
   */
  public static Result run(
      SyncConfig config,
      SyntheticRoom room,
      long warmUpTicks,
      long measuredTicks,
      long captureTick) {
    int n = room.badges();
    List<String> ids = new ArrayList<>();
    for (int b = 0; b < n; b++) {
      ids.add(badgeName(b));
    }
    int dyads = n * (n - 1) / 2;
    double[] peakR = new double[dyads];
    int[] peakLag = new int[dyads];
    int[] index = new int[1];
    long captureTimeMs = captureTick * 1000L / config.rateHz();
    DyadResultListener listener =
        new DyadResultListener() {
          @Override
          public void onDyadResult(DyadResult r) {
            if (r.timeMs() == captureTimeMs) {
              int i = index[0]++;
              peakR[i] =
                  r.movement().present()
                      ? r.movement().rPeakQ30() / (double) (1 << 30)
                      : Double.NEGATIVE_INFINITY;
              peakLag[i] = r.movement().peakLagSamples();
            }
          }
        };
    RoomEngine engine =
        RoomEngine.builder(config).maxBadges(n).badges(ids).listener(listener).build();
    TickFeatures tick = engine.newTickFeatures();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Histogram latency = new Histogram(60_000_000_000L, 3);
    long t = 0;
    for (; t < warmUpTicks; t++) {
      step(engine, room, tick, t, config);
    }
    long cpu0 = threads.getCurrentThreadCpuTime();
    long alloc0 = threads.getCurrentThreadAllocatedBytes();
    for (long end = t + measuredTicks; t < end; t++) {
      room.fill(t, tick);
      tick.timeMs(t * 1000L / config.rateHz());
      long start = System.nanoTime();
      engine.onTick(tick);
      latency.recordValue(System.nanoTime() - start);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - alloc0;
    long cpu = threads.getCurrentThreadCpuTime() - cpu0;
    for (long end = Math.max(t, captureTick + config.hopSamples() + 1); t < end; t++) {
      step(engine, room, tick, t, config);
    }
    double simulatedSeconds = measuredTicks / (double) config.rateHz();
    return new Result(
        n,
        engine.dyadCount(),
        config,
        measuredTicks,
        cpu / 1e6 / simulatedSeconds,
        latency,
        allocated / (double) measuredTicks,
        peakR,
        peakLag);
  }

  private static void step(
      RoomEngine engine, SyntheticRoom room, TickFeatures tick, long t, SyncConfig config) {
    room.fill(t, tick);
    tick.timeMs(t * 1000L / config.rateHz());
    engine.onTick(tick);
  }

  static String badgeName(int b) {
    return String.format("b%03d", b);
  }
}
