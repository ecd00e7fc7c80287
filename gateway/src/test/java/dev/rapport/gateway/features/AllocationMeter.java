package dev.rapport.gateway.features;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the calling thread, from HotSpot's per-thread allocation counter. */
public final class AllocationMeter {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private AllocationMeter() {}

  /** Fails loudly when the JVM cannot count: a test that cannot measure must not pass. */
  public static long allocatedBytes() {
    if (!THREADS.isThreadAllocatedMemorySupported() || !THREADS.isThreadAllocatedMemoryEnabled()) {
      throw new IllegalStateException("this JVM cannot count allocated bytes per thread");
    }
    return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /**
   * Bytes allocated while running {@code work}, measured several times and keeping the smallest, so
   * a one-off allocation by the JIT or the measurement itself does not count against the code.
   */
  public static long minAllocatedBytes(Runnable work, int attempts) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < attempts; i++) {
      long before = allocatedBytes();
      work.run();
      long after = allocatedBytes();
      best = Math.min(best, after - before);
    }
    return best;
  }
}
