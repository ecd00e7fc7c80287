package dev.rapport.gateway.bench;

import dev.rapport.gateway.sync.RoomEngine;
import dev.rapport.gateway.sync.SyncConfig;
import dev.rapport.gateway.sync.TickFeatures;
import java.util.ArrayList;
import java.util.List;
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
 * One grid tick of a whole room through the {@link RoomEngine}, movement and vocal, with or without
 * significance. An operation is one tick; the average includes the hop's evaluation and surrogates,
 * spread over the ticks as in production. At 25 Hz a tick may take 40 ms of real time, so (average
 * tick time / 40 ms) is the share of one core.
 *
 * <pre>
 * java -cp gateway/target/rapport.jar org.openjdk.jmh.Main 'RoomEngineBenchmark|RecomputeBaselineBenchmark'
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoomEngineBenchmark {
  @Param({"8", "16", "32", "64", "128"})
  public int badges;

  @Param({"true", "false"})
  public boolean significance;

  private RoomEngine engine;
  private SyntheticRoom room;
  private TickFeatures tick;
  private long t;
  private long sink;

  @Setup(Level.Trial)
  public void setUp() {
    SyncConfig config =
        SyncConfig.builder()
            .surrogatePool(significance ? SyncConfig.DEFAULT_SURROGATE_POOL : 0)
            .build();
    room = new SyntheticRoom(badges, 6000, 1, 1);
    List<String> ids = new ArrayList<>();
    for (int b = 0; b < badges; b++) {
      ids.add(EngineRun.badgeName(b));
    }
    engine =
        RoomEngine.builder(config)
            .maxBadges(badges)
            .badges(ids)
            .listener(r -> sink += r.movement().rPeakQ30())
            .build();
    tick = engine.newTickFeatures();
    // Past the first windows and the surrogates' longest shift: steady state.
    for (t = 0; t < 1000; t++) {
      step();
    }
  }

  private void step() {
    room.fill(t, tick);
    tick.timeMs(t * 40);
    engine.onTick(tick);
  }

  @Benchmark
  public long tick() {
    step();
    t++;
    return sink;
  }
}
