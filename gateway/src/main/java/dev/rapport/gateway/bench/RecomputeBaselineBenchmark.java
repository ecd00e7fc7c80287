package dev.rapport.gateway.bench;

import dev.rapport.gateway.sync.SyncConfig;
import dev.rapport.gateway.sync.TickFeatures;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same room tick through {@link RecomputeWccBaseline} (double precision, every window
 * recomputed at every hop), for the ratio against {@link RoomEngineBenchmark} in the same JMH run.
 * Fewer room sizes: at 128 badges one hop takes about a second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class RecomputeBaselineBenchmark {
  @Param({"8", "32", "64"})
  public int badges;

  private RecomputeWccBaseline baseline;
  private SyntheticRoom room;
  private TickFeatures tick;
  private long t;

  @Setup(Level.Trial)
  public void setUp() {
    SyncConfig config = SyncConfig.defaults();
    room = new SyntheticRoom(badges, 6000, 1, 1);
    baseline = new RecomputeWccBaseline(config, badges);
    tick = new TickFeatures(badges);
    for (t = 0; t < 300; t++) {
      room.fill(t, tick);
      baseline.onTick(tick);
    }
  }

  @Benchmark
  public double tick() {
    room.fill(t, tick);
    baseline.onTick(tick);
    t++;
    return baseline.peakR(0);
  }
}
