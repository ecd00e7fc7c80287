package dev.rapport.hardware;

/**
 * A {@link MarkerButton} fed raw contact edges by whatever watches the pin (Pi4J's listener thread
 * in production, a test directly). Edges are stamped where they are seen, then handed to the
 * hardware thread, which owns the {@link Debouncer} and schedules its settle deadlines.
 */
public final class DebouncedButton implements MarkerButton {
  private final HardwareScheduler scheduler;
  private final Debouncer debouncer;
  private volatile PressListener listener;
  private volatile long pressCount;

  public DebouncedButton(HardwareScheduler scheduler, long debounceMs, boolean initiallyPressed) {
    this.scheduler = scheduler;
    this.debouncer = new Debouncer(debounceMs, initiallyPressed, scheduler.nowMs());
  }

  /** Reports the contact level seen at {@code atMs}; callable from any thread. */
  public void edge(boolean pressed, long atMs) {
    scheduler.execute(() -> onEdge(pressed, atMs));
  }

  @Override
  public void onPress(PressListener listener) {
    this.listener = listener;
  }

  @Override
  public long pressCount() {
    return pressCount;
  }

  /** Changes that reverted before settling (see {@link Debouncer#glitches()}). */
  public long glitches() {
    return debouncer.glitches();
  }

  private void onEdge(boolean pressed, long atMs) {
    if (debouncer.edge(pressed, atMs)) {
      firePress();
    }
    long dueMs = debouncer.settleDueMs();
    if (dueMs != Debouncer.NOTHING_DUE) {
      scheduler.schedule(dueMs, this::onSettleDue);
    }
  }

  private void onSettleDue() {
    // Settle deadlines of edges that were superseded also land here; the debouncer ignores them.
    if (debouncer.settle(scheduler.nowMs())) {
      firePress();
    }
  }

  private void firePress() {
    pressCount = debouncer.presses();
    PressListener current = listener;
    if (current != null) {
      current.pressed(debouncer.pressStartedMs());
    }
  }
}
