package dev.rapport.hardware;

import java.util.Arrays;

/**
 * An on/off sequence in milliseconds: phase 0 is on, phase 1 off, and so on. It either repeats
 * forever (a status light) or plays once and ends off (a beep). Immutable; the phase array is
 * copied in and never handed out, so players can read it without copying.
 */
public final class OnOffTimings {
  /** Longest allowed phase: one minute is far beyond anything a person reads as a pattern. */
  public static final int MAX_PHASE_MS = 60_000;

  private static final OnOffTimings ALWAYS_OFF = new OnOffTimings(new int[0], false, false);
  private static final OnOffTimings ALWAYS_ON = new OnOffTimings(new int[0], false, true);

  private final int[] phasesMs;
  private final boolean repeats;
  private final boolean steadyOn;
  private final long periodMs;

  private OnOffTimings(int[] phasesMs, boolean repeats, boolean steadyOn) {
    this.phasesMs = phasesMs;
    this.repeats = repeats;
    this.steadyOn = steadyOn;
    long sum = 0;
    for (int phaseMs : phasesMs) {
      sum += phaseMs;
    }
    this.periodMs = sum;
  }

  public static OnOffTimings alwaysOff() {
    return ALWAYS_OFF;
  }

  public static OnOffTimings alwaysOn() {
    return ALWAYS_ON;
  }

  /**
   * A sequence that repeats forever. It needs an even number of phases so that each period ends off
   * and the next starts on: an odd count would merge the last and first phases into one.
   */
  public static OnOffTimings repeating(int... onOffMs) {
    check(onOffMs);
    if (onOffMs.length % 2 != 0) {
      throw new IllegalArgumentException(
          "repeating timings need on/off pairs, phases=" + Arrays.toString(onOffMs));
    }
    return new OnOffTimings(onOffMs.clone(), true, false);
  }

  /** A sequence played once; the output is off after it. */
  public static OnOffTimings once(int... onOffMs) {
    check(onOffMs);
    return new OnOffTimings(onOffMs.clone(), false, false);
  }

  private static void check(int[] onOffMs) {
    if (onOffMs.length == 0) {
      throw new IllegalArgumentException("timings need at least one phase, phases=[]");
    }
    for (int i = 0; i < onOffMs.length; i++) {
      if (onOffMs[i] <= 0 || onOffMs[i] > MAX_PHASE_MS) {
        throw new IllegalArgumentException(
            "phase out of range, phasesMs["
                + i
                + "]="
                + onOffMs[i]
                + " (allowed 1.."
                + MAX_PHASE_MS
                + ")");
      }
    }
  }

  public boolean repeats() {
    return repeats;
  }

  /** True for a constant level: always on or always off. */
  public boolean steady() {
    return phasesMs.length == 0;
  }

  public boolean steadyOn() {
    return steadyOn;
  }

  public int phaseCount() {
    return phasesMs.length;
  }

  public int phaseMs(int index) {
    return phasesMs[index];
  }

  /** Sum of all phases; 0 for a steady level. */
  public long periodMs() {
    return periodMs;
  }

  @Override
  public String toString() {
    if (steady()) {
      return steadyOn ? "always-on" : "always-off";
    }
    return (repeats ? "repeating" : "once") + Arrays.toString(phasesMs);
  }
}
