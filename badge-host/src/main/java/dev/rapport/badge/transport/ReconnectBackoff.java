package dev.rapport.badge.transport;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The running state of a {@link BackoffPolicy} for one link. Not thread-safe: each link uses its
 * own instance from the one thread that reconnects it.
 */
public final class ReconnectBackoff {
  private final BackoffPolicy policy;
  private final RandomGenerator random;
  private long nextBaseDelayNs;
  private int attempts;

  ReconnectBackoff(BackoffPolicy policy, RandomGenerator random) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.random = Objects.requireNonNull(random, "random");
    this.nextBaseDelayNs = policy.initialDelayNs();
  }

  /** The delay before the next attempt; each call doubles the base delay up to the cap. */
  public long nextDelayNs() {
    final long baseNs = nextBaseDelayNs;
    // Doubling saturates at the cap; comparing before doubling avoids overflow near Long.MAX.
    nextBaseDelayNs =
        baseNs > policy.maxDelayNs() / 2 ? policy.maxDelayNs() : Math.max(1, baseNs * 2);
    attempts++;
    final double jitter = policy.jitterFraction() * random.nextDouble();
    return Math.max(1, baseNs - (long) (baseNs * jitter));
  }

  /** After a connection succeeded: the next loss starts again from the initial delay. */
  public void reset() {
    nextBaseDelayNs = policy.initialDelayNs();
    attempts = 0;
  }

  /** Delays handed out since the last reset. */
  public int attempts() {
    return attempts;
  }
}
