package dev.rapport.hardware;

import java.util.Objects;

/**
 * A {@link StatusLight} that plays patterns on any {@link BinaryOutput} using a {@link
 * HardwareScheduler}: the Pi4J pin and the tests share this class, so what the tests prove about
 * timing is what runs on the Pi.
 */
public final class TimedStatusLight implements StatusLight, AutoCloseable {
  private final HardwareScheduler scheduler;
  private final ScheduledPlayback playback;
  private volatile LightPattern requested = LightPattern.OFF;

  // Hardware thread only.
  private LightPattern playing;

  public TimedStatusLight(BinaryOutput output, HardwareScheduler scheduler) {
    this.scheduler = scheduler;
    this.playback = new ScheduledPlayback(output, scheduler);
  }

  @Override
  public void show(LightPattern pattern) {
    Objects.requireNonNull(pattern, "pattern");
    requested = pattern;
    scheduler.execute(() -> play(pattern));
  }

  @Override
  public LightPattern pattern() {
    return requested;
  }

  /** Turns the LED off and stops all pending steps. */
  @Override
  public void close() {
    scheduler.execute(
        () -> {
          playing = null;
          playback.stop();
        });
  }

  private void play(LightPattern pattern) {
    // The gateway re-asserts its state every hop; restarting the rhythm each time would make a
    // slow blink never reach its off phase.
    if (pattern == playing) {
      return;
    }
    playing = pattern;
    playback.play(pattern.timings());
  }
}
