package dev.rapport.gateway.sync;

import java.util.Arrays;

/**
 * The features of every badge for one grid tick: what the feature stage hands the {@link
 * RoomEngine}. Indexed by the engine's badge slot ({@link RoomEngine#slotOf(String)}). Create one
 * with {@link RoomEngine#newTickFeatures()}, fill it, pass it to {@link RoomEngine#onTick}, and
 * reuse it for the next tick: nothing is allocated per tick.
 *
 * <p>Each channel has its own valid flag, because a badge can deliver accelerometer data while its
 * microphone batch was lost. Motion and vocal energies are unsigned 16-bit (0..65535); the engine
 * saturates anything outside and counts it. Posture is the low-passed gravity direction in whatever
 * integer unit the feature stage uses (the posture tracker documents it).
 */
public final class TickFeatures {
  private long timeMs;
  final boolean[] motionValid;
  final int[] motionEnergy;
  final boolean[] vocalValid;
  final int[] vocalEnergy;
  final boolean[] speechValid;
  final boolean[] speaking;
  final boolean[] postureValid;
  final int[] postureX;
  final int[] postureY;
  final int[] postureZ;

  public TickFeatures(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, capacity=" + capacity);
    }
    motionValid = new boolean[capacity];
    motionEnergy = new int[capacity];
    vocalValid = new boolean[capacity];
    vocalEnergy = new int[capacity];
    speechValid = new boolean[capacity];
    speaking = new boolean[capacity];
    postureValid = new boolean[capacity];
    postureX = new int[capacity];
    postureY = new int[capacity];
    postureZ = new int[capacity];
  }

  public int capacity() {
    return motionValid.length;
  }

  /** Grid time of this tick (epoch or session milliseconds; the engine only passes it through). */
  public long timeMs() {
    return timeMs;
  }

  public TickFeatures timeMs(long timeMs) {
    this.timeMs = timeMs;
    return this;
  }

  /** Marks every badge absent in every channel: the state to start filling a tick from. */
  public TickFeatures clear() {
    Arrays.fill(motionValid, false);
    Arrays.fill(vocalValid, false);
    Arrays.fill(speechValid, false);
    Arrays.fill(postureValid, false);
    return this;
  }

  /** A badge that delivered everything this tick. */
  public TickFeatures set(
      int slot,
      int motionEnergy,
      int vocalEnergy,
      boolean speaking,
      int postureX,
      int postureY,
      int postureZ) {
    motion(slot, motionEnergy);
    vocal(slot, vocalEnergy, speaking);
    posture(slot, postureX, postureY, postureZ);
    return this;
  }

  /** A badge that delivered nothing this tick. */
  public TickFeatures absent(int slot) {
    motionValid[slot] = false;
    vocalValid[slot] = false;
    speechValid[slot] = false;
    postureValid[slot] = false;
    return this;
  }

  public TickFeatures motion(int slot, int motionEnergy) {
    motionValid[slot] = true;
    this.motionEnergy[slot] = motionEnergy;
    return this;
  }

  public TickFeatures vocal(int slot, int vocalEnergy, boolean speaking) {
    vocalValid[slot] = true;
    this.vocalEnergy[slot] = vocalEnergy;
    speechValid[slot] = true;
    this.speaking[slot] = speaking;
    return this;
  }

  public TickFeatures posture(int slot, int x, int y, int z) {
    postureValid[slot] = true;
    postureX[slot] = x;
    postureY[slot] = y;
    postureZ[slot] = z;
    return this;
  }

  public boolean motionValid(int slot) {
    return motionValid[slot];
  }

  public int motionEnergy(int slot) {
    return motionEnergy[slot];
  }

  public boolean vocalValid(int slot) {
    return vocalValid[slot];
  }

  public int vocalEnergy(int slot) {
    return vocalEnergy[slot];
  }

  public boolean speechValid(int slot) {
    return speechValid[slot];
  }

  public boolean speaking(int slot) {
    return speaking[slot];
  }

  public boolean postureValid(int slot) {
    return postureValid[slot];
  }

  public int postureX(int slot) {
    return postureX[slot];
  }

  public int postureY(int slot) {
    return postureY[slot];
  }

  public int postureZ(int slot) {
    return postureZ[slot];
  }
}
