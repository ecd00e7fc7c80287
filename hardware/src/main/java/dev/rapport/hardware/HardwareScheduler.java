package dev.rapport.hardware;

/**
 * The one thread and the one clock that drive all gateway hardware: LED pattern steps, debounce
 * deadlines and button listeners run here, in order, so the hardware classes need no locks. Tests
 * use a manual implementation whose time only moves when the test says so, which makes pattern
 * timing and debouncing deterministic without sleeping.
 */
public interface HardwareScheduler {

  /** Monotonic milliseconds; only differences are meaningful. */
  long nowMs();

  /** Runs {@code task} on the hardware thread as soon as possible, after tasks already queued. */
  void execute(Runnable task);

  /**
   * Runs {@code task} on the hardware thread once {@link #nowMs()} has reached {@code atMs}; a
   * deadline already passed runs as soon as possible. There is no cancellation: owners compare a
   * generation number instead, which keeps this interface trivial to implement.
   */
  void schedule(long atMs, Runnable task);
}
