package dev.rapport.hardware;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link HardwareScheduler}: one daemon thread named {@code rapport-hardware} and
 * {@link System#nanoTime()} as the clock. A task that throws is logged with its stack trace and
 * counted, and the thread keeps serving the others: a faulty LED must not take the button down.
 */
public final class ExecutorHardwareScheduler implements HardwareScheduler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorHardwareScheduler.class);
  private static final long NANOS_PER_MS = 1_000_000L;

  private final ScheduledThreadPoolExecutor executor;
  private final AtomicLong taskFailures = new AtomicLong();

  public ExecutorHardwareScheduler() {
    executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "rapport-hardware");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public long nowMs() {
    return System.nanoTime() / NANOS_PER_MS;
  }

  @Override
  public void execute(Runnable task) {
    executor.execute(guarded(task));
  }

  @Override
  public void schedule(long atMs, Runnable task) {
    long delayMs = Math.max(0, atMs - nowMs());
    executor.schedule(guarded(task), delayMs, TimeUnit.MILLISECONDS);
  }

  /** Tasks that threw since start; each was logged with its stack trace. */
  public long taskFailures() {
    return taskFailures.get();
  }

  /** Stops the thread; tasks not yet run are dropped, which is right for blinking and debounce. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  private Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        long failures = taskFailures.incrementAndGet();
        LOG.warn("hardware task failed, taskFailures={}", failures, e);
      }
    };
  }
}
