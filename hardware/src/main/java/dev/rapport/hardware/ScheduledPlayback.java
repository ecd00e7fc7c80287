package dev.rapport.hardware;

/**
 * Drives a {@link PatternPlayer} from a {@link HardwareScheduler}: one scheduled step per level
 * change, none while the level is steady. Each new playback bumps a generation number, and steps
 * scheduled for an older one find it stale and stop. Hardware thread only.
 */
final class ScheduledPlayback {
  private final HardwareScheduler scheduler;
  private final PatternPlayer player;
  private long generation;

  ScheduledPlayback(BinaryOutput output, HardwareScheduler scheduler) {
    this.scheduler = scheduler;
    this.player = new PatternPlayer(output);
  }

  void play(OnOffTimings timings) {
    long current = ++generation;
    player.start(timings, scheduler.nowMs());
    step(current);
  }

  void stop() {
    generation++;
    player.stop();
  }

  private void step(long stepGeneration) {
    if (stepGeneration != generation) {
      return;
    }
    long nextChangeMs = player.tick(scheduler.nowMs());
    if (nextChangeMs != PatternPlayer.NEVER) {
      scheduler.schedule(nextChangeMs, () -> step(stepGeneration));
    }
  }
}
