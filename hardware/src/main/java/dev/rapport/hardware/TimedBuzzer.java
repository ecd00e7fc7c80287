package dev.rapport.hardware;

import java.util.Objects;

/** A {@link Buzzer} over any {@link BinaryOutput}, timed like {@link TimedStatusLight}. */
public final class TimedBuzzer implements Buzzer, AutoCloseable {
  private final HardwareScheduler scheduler;
  private final ScheduledPlayback playback;

  public TimedBuzzer(BinaryOutput output, HardwareScheduler scheduler) {
    this.scheduler = scheduler;
    this.playback = new ScheduledPlayback(output, scheduler);
  }

  @Override
  public void beep(BeepPattern pattern) {
    Objects.requireNonNull(pattern, "pattern");
    scheduler.execute(() -> playback.play(pattern.timings()));
  }

  /** Silences the buzzer and stops pending steps. */
  @Override
  public void close() {
    scheduler.execute(playback::stop);
  }
}
