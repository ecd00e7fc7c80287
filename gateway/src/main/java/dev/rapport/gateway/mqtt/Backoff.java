package dev.rapport.gateway.mqtt;

import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter: the n-th consecutive failure waits a random 50-100% of
 * {@code min(max, initial * 2^n)}. The jitter keeps several gateways that lost the same broker from
 * reconnecting in lock-step; the cap keeps a long outage from stretching the retries to hours. Used
 * by the publisher thread only.
 */
final class Backoff {
  private final long initialMs;
  private final long maxMs;
  private final DoubleSupplier random;
  private int failures;

  /**
   * @param random uniform in [0, 1); injected so tests can pin the jitter
   */
  Backoff(long initialMs, long maxMs, DoubleSupplier random) {
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.random = random;
  }

  long nextDelayMs() {
    long base = initialMs << Math.min(failures, 30);
    if (base <= 0 || base > maxMs) {
      base = maxMs;
    }
    failures++;
    return Math.max(1, (long) (base * (0.5 + 0.5 * random.getAsDouble())));
  }

  int failures() {
    return failures;
  }

  void reset() {
    failures = 0;
  }
}
