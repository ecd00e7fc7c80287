package dev.rapport.badge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class SimulatedRoomAllocationTest {

  /** Counts samples without allocating, so that any allocation measured is the room's. */
  private static final class CountingSink implements SampleSink {
    long accel;
    long mic;
    long checksum;

    @Override
    public void onAccel(int badgeId, long trueTimeUs, int xMg, int yMg, int zMg) {
      accel++;
      checksum += xMg + yMg + zMg;
    }

    @Override
    public void onMicLevel(int badgeId, long trueTimeUs, int energy) {
      mic++;
      checksum += energy;
    }
  }

  @Test
  void shouldAllocateNothingPerSampleInSteadyState() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long threadId = Thread.currentThread().getId();
    SimulatedRoom room = SimulatedRoom.create(SimConfig.builder().badgeCount(16).build());
    CountingSink sink = new CountingSink();
    room.advanceTo(120_000_000L, sink); // warm up: JIT, first turns, every code path

    long before = threads.getThreadAllocatedBytes(threadId);
    room.advanceTo(240_000_000L, sink);
    long allocated = threads.getThreadAllocatedBytes(threadId) - before;

    assertThat(sink.accel).isEqualTo(16L * 50 * 240);
    assertThat(sink.mic).isEqualTo(16L * 25 * 240);
    // 2 minutes of 16 badges is 144,000 samples; nothing at all may be allocated for them.
    assertThat(allocated).isZero();
  }
}
