package dev.rapport.hardware;

/**
 * The event-marker button. A debounced press calls the listener once, on the hardware thread: the
 * listener must hand the marker on (e.g. offer it to the engine's queue) and return.
 */
public interface MarkerButton {

  /** Replaces the listener; null removes it (presses are still counted). */
  void onPress(PressListener listener);

  /** Debounced presses since start. */
  long pressCount();

  @FunctionalInterface
  interface PressListener {
    /**
     * @param pressedAtMs when the press began, on the {@link HardwareScheduler#nowMs()} clock
     *     (monotonic, not wall time)
     */
    void pressed(long pressedAtMs);
  }
}
