package dev.rapport.gateway.ingest;

import dev.rapport.badge.protocol.MicEnergyFrame;

/**
 * One tick of the common grid, for every badge slot: averaged acceleration and the microphone
 * level, each with its own presence flag. Reused by the {@link GridResampler} for every tick: valid
 * only during {@link GridTickListener#onTick}; copy what you keep.
 *
 * <p>Nothing is invented: a slot without accelerometer samples in the tick has {@code present[slot]
 * == false} and {@link #MISSING} in its acceleration cells; without a microphone period it has
 * {@code micPresent[slot] == false} and {@link MicEnergyFrame#LEVEL_NOT_MEASURED} in {@code
 * micEnergy}, the protocol's own "no measurement", which the features layer skips. The arrays plug
 * straight into {@code RoomFeatureExtractor.onTick(present, axMg, ayMg, azMg, micEnergy)}; since
 * that takes one presence flag, a tick with sound but no movement data is absent there (use {@link
 * #micPresent} to see it).
 */
public final class GridTick {
  /** Value of an acceleration cell without samples; far outside any real reading. */
  public static final int MISSING = Integer.MIN_VALUE;

  private final boolean[] present;
  private final boolean[] micPresent;
  private final int[] axMg;
  private final int[] ayMg;
  private final int[] azMg;
  private final int[] micEnergy;
  private final int[] accelSamples;
  private long tickIndex;
  private long startNs;
  private long periodNs;

  GridTick(int slots) {
    present = new boolean[slots];
    micPresent = new boolean[slots];
    axMg = new int[slots];
    ayMg = new int[slots];
    azMg = new int[slots];
    micEnergy = new int[slots];
    accelSamples = new int[slots];
  }

  void begin(long tickIndex, long periodNs) {
    this.tickIndex = tickIndex;
    this.periodNs = periodNs;
    this.startNs = tickIndex * periodNs;
  }

  void setAccel(int slot, int samples, int xMg, int yMg, int zMg) {
    present[slot] = samples > 0;
    accelSamples[slot] = samples;
    axMg[slot] = samples > 0 ? xMg : MISSING;
    ayMg[slot] = samples > 0 ? yMg : MISSING;
    azMg[slot] = samples > 0 ? zMg : MISSING;
  }

  void setMic(int slot, boolean measured, int level) {
    micPresent[slot] = measured;
    micEnergy[slot] = measured ? level : MicEnergyFrame.LEVEL_NOT_MEASURED;
  }

  /** Grid tick number: floor(gateway time / period). */
  public long tickIndex() {
    return tickIndex;
  }

  /** Gateway time the tick starts at, ns; it covers [start, start + period). */
  public long startNs() {
    return startNs;
  }

  public long periodNs() {
    return periodNs;
  }

  public int slots() {
    return present.length;
  }

  /** Per slot: at least one accelerometer sample fell into the tick. */
  public boolean[] present() {
    return present;
  }

  public boolean[] micPresent() {
    return micPresent;
  }

  public int[] axMg() {
    return axMg;
  }

  public int[] ayMg() {
    return ayMg;
  }

  public int[] azMg() {
    return azMg;
  }

  public int[] micEnergy() {
    return micEnergy;
  }

  /** How many accelerometer samples were averaged into the slot's cell. */
  public int accelSamples(int slot) {
    return accelSamples[slot];
  }
}
