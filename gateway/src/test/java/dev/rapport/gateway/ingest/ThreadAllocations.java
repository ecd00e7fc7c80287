package dev.rapport.gateway.ingest;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the current thread, from the JVM's own accounting. */
final class ThreadAllocations {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private ThreadAllocations() {}

  static long bytes() {
    if (!THREADS.isThreadAllocatedMemorySupported()) {
      throw new AssertionError("this JVM cannot measure allocation per thread");
    }
    THREADS.setThreadAllocatedMemoryEnabled(true);
    return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }
}
