package dev.rapport.badge.transport;

import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * How a link waits between reconnect attempts: the delay doubles from {@code initialDelayNs} up to
 * {@code maxDelayNs}, and each delay is shortened by a random fraction of at most {@code
 * jitterFraction}, so that badges unplugged together (a dongle, a room losing power) do not all
 * retry in the same instant, and no delay ever exceeds the cap.
 */
public record BackoffPolicy(long initialDelayNs, long maxDelayNs, double jitterFraction) {

  public static final long DEFAULT_INITIAL_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(100);
  public static final long DEFAULT_MAX_DELAY_NS = TimeUnit.SECONDS.toNanos(5);
  public static final double DEFAULT_JITTER_FRACTION = 0.2;

  public static final BackoffPolicy DEFAULT =
      new BackoffPolicy(DEFAULT_INITIAL_DELAY_NS, DEFAULT_MAX_DELAY_NS, DEFAULT_JITTER_FRACTION);

  public BackoffPolicy {
    if (initialDelayNs <= 0) {
      throw new IllegalArgumentException(
          "initial delay must be positive, initialDelayNs=" + initialDelayNs);
    }
    if (maxDelayNs < initialDelayNs) {
      throw new IllegalArgumentException(
          "max delay must be at least the initial delay, maxDelayNs="
              + maxDelayNs
              + " initialDelayNs="
              + initialDelayNs);
    }
    if (!(jitterFraction >= 0.0 && jitterFraction < 1.0)) {
      throw new IllegalArgumentException(
          "jitter fraction must be in [0, 1), jitterFraction=" + jitterFraction);
    }
  }

  public static BackoffPolicy ofMillis(long initialDelayMs, long maxDelayMs, double jitter) {
    return new BackoffPolicy(
        TimeUnit.MILLISECONDS.toNanos(initialDelayMs),
        TimeUnit.MILLISECONDS.toNanos(maxDelayMs),
        jitter);
  }

  public ReconnectBackoff newBackoff(RandomGenerator random) {
    return new ReconnectBackoff(this, random);
  }
}
