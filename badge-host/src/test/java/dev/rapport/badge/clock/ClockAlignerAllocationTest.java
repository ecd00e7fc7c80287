package dev.rapport.badge.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The aligner runs on the engine thread for every exchange and every sample: it must not allocate.
 */
class ClockAlignerAllocationTest {
  private static final long MS = 1_000_000L;

  @Test
  void shouldNotAllocateInSteadyState() {
    final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
    threads.setThreadAllocatedMemoryEnabled(true);
    final SimulatedBadgeClock badge = new SimulatedBadgeClock(32768, 40, (1L << 32) - 327_680);
    final ClockAligner aligner =
        new ClockAligner(ClockAlignerConfig.builder(32768).windowExchanges(256).build());
    final TimeSyncScheduler scheduler = new TimeSyncScheduler();
    final SplittableRandom random = new SplittableRandom(3);
    final long[] sink = new long[1];
    // Warm up (and fill the window, so eviction runs too), then measure the same loop.
    run(aligner, scheduler, badge, random, 0, 3000, sink);
    // Three measured rounds of 3000 exchanges and 15000 conversions: one object per exchange would
    // show as tens of KB in every round. The JVM itself occasionally charges a few bytes to the
    // thread (seen once as 88 bytes on a loaded machine, while the JIT was still compiling), so a
    // round may be above zero, but not all of them, and none by more than that noise.
    final long threadId = Thread.currentThread().getId();
    long fewest = Long.MAX_VALUE;
    for (int round = 1; round <= 3; round++) {
      final long before = threads.getThreadAllocatedBytes(threadId);
      run(aligner, scheduler, badge, random, round * 3000, round * 3000 + 3000, sink);
      final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
      assertThat(allocated).as("bytes allocated in round %d", round).isLessThan(1024);
      fewest = Math.min(fewest, allocated);
    }
    assertThat(fewest).isZero();
    assertThat(sink[0]).isNotZero();
  }

  private static void run(
      ClockAligner aligner,
      TimeSyncScheduler scheduler,
      SimulatedBadgeClock badge,
      SplittableRandom random,
      int from,
      int to,
      long[] sink) {
    for (int i = from; i < to; i++) {
      final long t1 = i * 100 * MS;
      final long arrival = t1 + (long) (random.nextDouble() * 50 * MS);
      final long t4 = arrival + MS + (long) (random.nextDouble() * 50 * MS);
      scheduler.onRequestSent(t1, aligner.state(), aligner.estimatedErrorNanosAt(t1));
      aligner.onSyncExchange(t1, badge.ticksU32At(arrival), badge.ticksU32At(arrival + MS), t4);
      scheduler.onAlignerUpdated(t4, aligner.state(), aligner.estimatedErrorNanos());
      for (int k = 0; k < 5; k++) {
        sink[0] += aligner.toGatewayNanos(badge.ticksU32At(t1 + k * 20 * MS));
      }
    }
  }
}
