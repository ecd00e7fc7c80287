package dev.rapport.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The steady state allocates nothing per tick: sliding, evaluation, surrogates, scoring. */
class AllocationTest {

  private static long allocatedBytes() {
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    return bean.getCurrentThreadAllocatedBytes();
  }

  /** What reading the counter itself allocates (0 on current JDKs, but never assume). */
  private static long measurementOverhead() {
    long first = allocatedBytes();
    return allocatedBytes() - first;
  }

  @Test
  void shouldAllocateNothingPerTickInSteadyState() {
    int badges = 16;
    int warmUp = 1500;
    int measured = 500;
    int n = warmUp + measured;
    int[][] motion = new int[badges][];
    int[][] voice = new int[badges][];
    boolean[][] lost = new boolean[badges][];
    List<String> ids = new ArrayList<>();
    for (int b = 0; b < badges; b++) {
      ids.add(String.format("b%02d", b));
      motion[b] = TestSignals.movement(60 + b, n);
      voice[b] = TestSignals.vocal(90 + b, n);
      lost[b] = TestSignals.randomMissing(120 + b, n, 0.02);
    }
    long[] delivered = new long[1];
    RoomEngine engine =
        RoomEngine.builder(SyncConfig.defaults())
            .badges(ids)
            .listener(r -> delivered[0] += r.movement().present() ? 1 : 0)
            .build();
    TickFeatures tick = engine.newTickFeatures();
    long before = 0;
    for (int t = 0; t < n; t++) {
      if (t == warmUp) {
        before = allocatedBytes();
      }
      tick.clear().timeMs(t * 40L);
      for (int b = 0; b < badges; b++) {
        if (lost[b][t]) {
          tick.motion(b, motion[b][t]).vocal(b, voice[b][t], voice[b][t] > 5000);
        }
      }
      engine.onTick(tick);
    }
    long allocated = allocatedBytes() - before - measurementOverhead();
    assertThat(delivered[0]).isGreaterThan(0);
    assertThat(engine.surrogateValues()).isGreaterThan(0);
    assertThat(allocated).as("bytes allocated in %d ticks", measured).isZero();
  }
}
