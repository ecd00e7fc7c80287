package dev.rapport.gateway.ingest;

import dev.rapport.badge.protocol.MicEnergyFrame;

/**
 * Puts every badge's samples, already on gateway time, onto the common grid: tick {@code k} covers
 * gateway time {@code [k * periodNs, (k + 1) * periodNs)}. Accelerometer samples falling into a
 * tick are averaged; a tick's microphone level is the mean of the periods covering the tick's
 * centre (a period shorter than the grid that covers no centre counts where its own centre is).
 * Means are rounded half away from zero. Nothing is invented or zero-filled: a tick without an
 * accelerometer sample is not present for that badge (values 0, meaning nothing); a present tick
 * without a microphone period carries {@link MicEnergyFrame#LEVEL_NOT_MEASURED}, the protocol's "no
 * measurement", so the features keep its movement and skip only its voice.
 *
 * <p>Ticks close only when {@link #closeUpTo} is told that no more data for them can arrive (the
 * watermark minus the allowed lateness), so the grid depends only on the events and never on when
 * the engine happened to run. Samples for a closed tick are counted as late; samples too far ahead
 * of the open ticks (a clock that jumped) are counted and dropped. Engine thread only; allocation
 * free.
 */
public final class GridAccumulator {

  private final int maxBadges;
  private final long periodNs;
  private final int ringTicks;
  private final long[] accelSumX;
  private final long[] accelSumY;
  private final long[] accelSumZ;
  private final int[] accelCount;
  private final long[] micSum;
  private final int[] micCount;
  private final boolean[] present;
  private final int[] axMg;
  private final int[] ayMg;
  private final int[] azMg;
  private final int[] micCentiDb;

  // Optional (null in production): per open tick, the largest stamp of the frames that filled it.
  private long[] tickStamps;
  private long stamp = Long.MIN_VALUE;
  private long closingTickStamp = Long.MIN_VALUE;

  private boolean started;
  private long nextTickToClose;
  private long samplesLate;
  private long samplesTooEarly;
  private long ticksClosed;

  /**
   * @param ringTicks how many ticks can be open at once: covers the allowed lateness plus the
   *     largest batch and clock correction (e.g. 10 s of ticks)
   */
  public GridAccumulator(int maxBadges, long periodNs, int ringTicks) {
    if (maxBadges < 1 || periodNs < 1 || ringTicks < 2) {
      throw new IllegalArgumentException(
          "bad grid, maxBadges=" + maxBadges + " periodNs=" + periodNs + " ringTicks=" + ringTicks);
    }
    this.maxBadges = maxBadges;
    this.periodNs = periodNs;
    this.ringTicks = ringTicks;
    int cells = maxBadges * ringTicks;
    accelSumX = new long[cells];
    accelSumY = new long[cells];
    accelSumZ = new long[cells];
    accelCount = new int[cells];
    micSum = new long[cells];
    micCount = new int[cells];
    present = new boolean[maxBadges];
    axMg = new int[maxBadges];
    ayMg = new int[maxBadges];
    azMg = new int[maxBadges];
    micCentiDb = new int[maxBadges];
  }

  public long periodNs() {
    return periodNs;
  }

  public int maxBadges() {
    return maxBadges;
  }

  /**
   * Turns on stamping: each tick remembers the largest {@link #stamp} of the samples placed in it,
   * so a latency measurement can tell which frame completed a tick. Off, it costs one null check
   * per placed sample. Call before the first sample.
   */
  public void enableStamps() {
    tickStamps = new long[ringTicks];
    java.util.Arrays.fill(tickStamps, Long.MIN_VALUE);
  }

  /** The stamp (e.g. the intake time of the frame being placed) given to the next samples. */
  public void stamp(long value) {
    this.stamp = value;
  }

  /**
   * During {@link GridTickSink#onGridTick}: the largest stamp among the samples of the tick being
   * closed, or {@link Long#MIN_VALUE} if stamping is off or the tick is empty.
   */
  public long closingTickStamp() {
    return closingTickStamp;
  }

  /** Tick index of a gateway time. */
  public long tickOf(long gatewayNs) {
    return Math.floorDiv(gatewayNs, periodNs);
  }

  /**
   * @return true if accepted, false if late or too early (counted)
   */
  public boolean addAccel(int slot, long gatewayNs, int xMg, int yMg, int zMg) {
    int cell = cellFor(slot, gatewayNs);
    if (cell < 0) {
      return false;
    }
    accelSumX[cell] += xMg;
    accelSumY[cell] += yMg;
    accelSumZ[cell] += zMg;
    accelCount[cell]++;
    return true;
  }

  /**
   * Places one microphone period {@code [startNs, endNs)} on gateway time.
   *
   * @return true if it reached at least one open tick; false if late or too early (counted)
   */
  public boolean addMicPeriod(int slot, long startNs, long endNs, int levelCentiDb) {
    // Ticks whose centre k * P + P / 2 lies in [start, end).
    long first = ceilDiv(startNs - periodNs / 2, periodNs);
    long last = ceilDiv(endNs - periodNs / 2, periodNs) - 1;
    if (last < first) {
      first = Math.floorDiv(startNs + (endNs - startNs) / 2, periodNs);
      last = first;
    }
    boolean placed = false;
    for (long tick = first; tick <= last; tick++) {
      int cell = cellFor(slot, tick * periodNs);
      if (cell >= 0) {
        micSum[cell] += levelCentiDb;
        micCount[cell]++;
        placed = true;
      }
    }
    return placed;
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  /**
   * Closes every tick that ends at or before {@code safeNs} and hands each to the sink, in order.
   * The first call only fixes where the grid starts.
   *
   * @return ticks closed
   */
  public int closeUpTo(long safeNs, GridTickSink sink) {
    long lastClosable = Math.floorDiv(safeNs, periodNs) - 1;
    if (!started) {
      started = true;
      nextTickToClose = lastClosable + 1;
      return 0;
    }
    int closed = 0;
    while (nextTickToClose <= lastClosable) {
      emit(nextTickToClose, sink);
      nextTickToClose++;
      closed++;
    }
    ticksClosed += closed;
    return closed;
  }

  public boolean started() {
    return started;
  }

  public long nextTickToClose() {
    return nextTickToClose;
  }

  public long samplesLate() {
    return samplesLate;
  }

  public long samplesTooEarly() {
    return samplesTooEarly;
  }

  public long ticksClosed() {
    return ticksClosed;
  }

  private int cellFor(int slot, long gatewayNs) {
    if (slot < 0 || slot >= maxBadges) {
      throw new IllegalArgumentException("slot out of range, slot=" + slot);
    }
    if (!started) {
      samplesLate++;
      return -1;
    }
    long tick = Math.floorDiv(gatewayNs, periodNs);
    if (tick < nextTickToClose) {
      samplesLate++;
      return -1;
    }
    if (tick >= nextTickToClose + ringTicks) {
      samplesTooEarly++;
      return -1;
    }
    int ring = (int) Math.floorMod(tick, (long) ringTicks);
    if (tickStamps != null && stamp > tickStamps[ring]) {
      tickStamps[ring] = stamp;
    }
    return ring * maxBadges + slot;
  }

  private void emit(long tick, GridTickSink sink) {
    int ring = (int) Math.floorMod(tick, (long) ringTicks);
    int base = ring * maxBadges;
    for (int slot = 0; slot < maxBadges; slot++) {
      int cell = base + slot;
      int n = accelCount[cell];
      int m = micCount[cell];
      boolean here = n > 0;
      present[slot] = here;
      axMg[slot] = here ? divideRounded(accelSumX[cell], n) : 0;
      ayMg[slot] = here ? divideRounded(accelSumY[cell], n) : 0;
      azMg[slot] = here ? divideRounded(accelSumZ[cell], n) : 0;
      micCentiDb[slot] = m > 0 ? divideRounded(micSum[cell], m) : MicEnergyFrame.LEVEL_NOT_MEASURED;
      accelSumX[cell] = 0;
      accelSumY[cell] = 0;
      accelSumZ[cell] = 0;
      accelCount[cell] = 0;
      micSum[cell] = 0;
      micCount[cell] = 0;
    }
    if (tickStamps != null) {
      closingTickStamp = tickStamps[ring];
      tickStamps[ring] = Long.MIN_VALUE;
    }
    sink.onGridTick(tick, (tick + 1) * periodNs, present, axMg, ayMg, azMg, micCentiDb);
    closingTickStamp = Long.MIN_VALUE;
  }

  /** Integer mean rounded half away from zero, the same on every platform. */
  static int divideRounded(long sum, int count) {
    long half = count / 2;
    return (int) (sum >= 0 ? (sum + half) / count : -((-sum + half) / count));
  }

  /** Clears all open ticks of one slot, e.g. when its badge rebooted and its clock is unknown. */
  public void clearSlot(int slot) {
    for (int t = 0; t < ringTicks; t++) {
      int cell = t * maxBadges + slot;
      accelSumX[cell] = 0;
      accelSumY[cell] = 0;
      accelSumZ[cell] = 0;
      accelCount[cell] = 0;
      micSum[cell] = 0;
      micCount[cell] = 0;
    }
  }
}
