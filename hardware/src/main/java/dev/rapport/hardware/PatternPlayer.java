package dev.rapport.hardware;

/**
 * Plays {@link OnOffTimings} on a {@link BinaryOutput} from an injected time: each {@link #tick}
 * sets the level due at {@code nowMs} and returns when the next change is due. The level is
 * computed from the start time, not by counting ticks, so a late tick never shifts the rhythm, and
 * the output is written only when the level changes. Hardware thread only; allocates nothing.
 */
public final class PatternPlayer {
  /** Returned by {@link #tick} when the level will not change again. */
  public static final long NEVER = Long.MAX_VALUE;

  private static final int UNKNOWN = -1;
  private static final int OFF = 0;
  private static final int ON = 1;

  private final BinaryOutput output;
  private OnOffTimings timings = OnOffTimings.alwaysOff();
  private long startMs;
  private int appliedLevel = UNKNOWN;
  private long nextChangeMs = NEVER;

  public PatternPlayer(BinaryOutput output) {
    this.output = output;
  }

  /** Starts {@code timings} at phase 0 as of {@code nowMs}; call {@link #tick} to apply it. */
  public void start(OnOffTimings timings, long nowMs) {
    this.timings = timings;
    this.startMs = nowMs;
  }

  /** Applies the level due at {@code nowMs}; returns the time of the next change, or NEVER. */
  public long tick(long nowMs) {
    boolean on = levelAt(nowMs);
    int level = on ? ON : OFF;
    if (level != appliedLevel) {
      output.set(on);
      appliedLevel = level;
    }
    return nextChangeMs;
  }

  /** Forces the output off and forgets the pattern, e.g. on shutdown. */
  public void stop() {
    timings = OnOffTimings.alwaysOff();
    if (appliedLevel != OFF) {
      output.set(false);
      appliedLevel = OFF;
    }
    nextChangeMs = NEVER;
  }

  /** The level last written to the output. */
  public boolean on() {
    return appliedLevel == ON;
  }

  private boolean levelAt(long nowMs) {
    if (timings.steady()) {
      nextChangeMs = NEVER;
      return timings.steadyOn();
    }
    long elapsedMs = Math.max(0, nowMs - startMs);
    long periodMs = timings.periodMs();
    if (!timings.repeats() && elapsedMs >= periodMs) {
      nextChangeMs = NEVER;
      return false;
    }
    long cycleStartMs = nowMs - elapsedMs % periodMs;
    long intoCycleMs = elapsedMs % periodMs;
    long phaseEndMs = 0;
    int phase = 0;
    for (; phase < timings.phaseCount(); phase++) {
      phaseEndMs += timings.phaseMs(phase);
      if (intoCycleMs < phaseEndMs) {
        break;
      }
    }
    nextChangeMs = cycleStartMs + phaseEndMs;
    return phase % 2 == 0;
  }
}
