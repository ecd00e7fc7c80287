package dev.rapport.gateway.cli;

import dev.rapport.gateway.runtime.GatewayRuntime;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a started gateway in the foreground until its duration ends or the process is asked to stop
 * (SIGTERM, Ctrl-C): then shuts down cleanly, flushing what is pending and publishing the offline
 * status, before the JVM exits.
 */
final class GatewayProcess {
  private GatewayProcess() {}

  static void runUntilStopped(
      GatewayRuntime runtime,
      long durationMs,
      long summaryEveryMs,
      Runnable summary,
      PrintWriter err)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              runtime.close();
              stopped.countDown();
            },
            "rapport-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    long deadline = durationMs > 0 ? System.nanoTime() + durationMs * 1_000_000L : Long.MAX_VALUE;
    while (durationMs <= 0 || System.nanoTime() - deadline < 0) {
      long waitMs = summaryEveryMs > 0 ? summaryEveryMs : 1_000;
      if (durationMs > 0) {
        waitMs = Math.max(1, Math.min(waitMs, (deadline - System.nanoTime()) / 1_000_000L));
      }
      if (stopped.await(waitMs, TimeUnit.MILLISECONDS)) {
        return;
      }
      if (summaryEveryMs > 0) {
        summary.run();
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook closes the runtime.
      stopped.await(10, TimeUnit.SECONDS);
      return;
    }
    runtime.close();
    err.flush();
  }
}
