package dev.rapport.gateway.sync;

/**
 * Receives the engine's output on the engine thread. The result object is reused for the dyad's
 * next window: copy what you keep, and hand work to another thread through a bounded queue rather
 * than blocking here.
 */
public interface DyadResultListener {
  void onDyadResult(DyadResult result);

  /** Every dyad of the window ending at {@code timeMs} has been delivered. */
  default void onWindowComplete(long timeMs) {}
}
