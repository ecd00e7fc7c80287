package dev.rapport.hardware;

/**
 * Turns a bouncing contact into clean presses. A level counts only once it has held for {@code
 * debounceMs} without another edge; a press is the settled change from released to pressed, so a
 * burst of bounces yields one press, and a button held down across start-up yields none until it
 * has been released. Edges arrive with their own timestamps; {@link #settle} is called at {@link
 * #settleDueMs()} (by a scheduler, or a test stepping time). Single-threaded; allocates nothing.
 */
public final class Debouncer {
  /** Returned by {@link #settleDueMs()} when nothing is pending. */
  public static final long NOTHING_DUE = Long.MAX_VALUE;

  private final long debounceMs;
  private boolean rawPressed;
  private boolean stablePressed;
  private long lastEdgeMs;
  private long pressStartedMs;
  private long presses;
  private long glitches;

  public Debouncer(long debounceMs, boolean initiallyPressed, long nowMs) {
    if (debounceMs <= 0) {
      throw new IllegalArgumentException("debounceMs must be > 0, debounceMs=" + debounceMs);
    }
    this.debounceMs = debounceMs;
    this.rawPressed = initiallyPressed;
    this.stablePressed = initiallyPressed;
    this.lastEdgeMs = nowMs;
  }

  /**
   * Feeds the contact level seen at {@code atMs}. Returns true when the level held before this edge
   * completes a press (its settle deadline passed but had not been processed yet).
   */
  public boolean edge(boolean pressed, long atMs) {
    boolean completedPress = settle(atMs);
    if (pressed != rawPressed) {
      if (rawPressed != stablePressed) {
        // The contact went back before the last change could settle: a bounce or a glitch.
        glitches++;
      }
      rawPressed = pressed;
      lastEdgeMs = atMs;
    }
    return completedPress;
  }

  /** Settles the current level if it has held long enough; returns true for a new press. */
  public boolean settle(long nowMs) {
    if (rawPressed == stablePressed || nowMs - lastEdgeMs < debounceMs) {
      return false;
    }
    stablePressed = rawPressed;
    if (stablePressed) {
      presses++;
      pressStartedMs = lastEdgeMs;
      return true;
    }
    return false;
  }

  /** When {@link #settle} should run next, or {@link #NOTHING_DUE}. */
  public long settleDueMs() {
    return rawPressed == stablePressed ? NOTHING_DUE : lastEdgeMs + debounceMs;
  }

  /**
   * The time of the last edge before the latest press settled: within one bounce (a few ms) of the
   * moment the person pressed, and independent of when the settle deadline was processed.
   */
  public long pressStartedMs() {
    return pressStartedMs;
  }

  public boolean pressed() {
    return stablePressed;
  }

  public long presses() {
    return presses;
  }

  /** Changes that reverted before settling; a rising count hints at a worn or noisy contact. */
  public long glitches() {
    return glitches;
  }
}
