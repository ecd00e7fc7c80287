package dev.rapport.gateway.ingest;

import java.util.Arrays;

/**
 * Places badge samples, already on gateway time, onto the common grid and emits the grid tick by
 * tick once no more data for a tick can arrive.
 *
 * <p>Grid tick {@code k} covers gateway time {@code [k * period, (k + 1) * period)}. Its
 * acceleration is the mean of the samples whose time falls inside, rounded half away from zero. Its
 * microphone level is the mean of the periods covering the tick's centre (a period shorter than the
 * grid that covers no centre counts for the tick holding its own centre). A tick with nothing is
 * marked missing; nothing is interpolated or zero-filled.
 *
 * <p>The <b>watermark</b> is the newest gateway time seen in the event stream minus the allowed
 * lateness; tick {@code k} is emitted when the watermark reaches its end. All time comes from the
 * arguments, so the same calls always produce the same grid, bit for bit. A sample for a tick
 * already emitted is {@link Placement#LATE}; one further ahead than the open ticks reach is {@link
 * Placement#TOO_FAR_AHEAD}; both are returned for the caller to count against its badge.
 *
 * <p>Engine thread only; allocation-free after construction.
 */
public final class GridResampler {
  private final int slots;
  private final long periodNs;
  private final long allowedLatenessNs;
  private final int openTicks;
  private final GridTickListener listener;
  private final GridTick tick;

  // Accumulators, indexed [ring * slots + slot], ring = tickIndex mod openTicks.
  private final long[] sumX;
  private final long[] sumY;
  private final long[] sumZ;
  private final int[] accelCount;
  private final long[] micSum;
  private final int[] micCount;

  private boolean started;
  private long nextTick;
  private long newestNs = Long.MIN_VALUE;
  private long ticksEmitted;
  private long samplesPlaced;
  private long samplesLate;
  private long samplesTooFarAhead;

  public GridResampler(int slots, IngestConfig config, GridTickListener listener) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be positive, slots=" + slots);
    }
    this.slots = slots;
    this.periodNs = config.gridPeriodNs();
    this.allowedLatenessNs = config.allowedLatenessNs();
    this.openTicks = config.openTicks();
    this.listener = listener;
    this.tick = new GridTick(slots);
    final int cells = openTicks * slots;
    sumX = new long[cells];
    sumY = new long[cells];
    sumZ = new long[cells];
    accelCount = new int[cells];
    micSum = new long[cells];
    micCount = new int[cells];
  }

  /**
   * Moves gateway time on to nowNs (the receive time of the newest event, or a clock event) and
   * emits every tick the watermark {@code nowNs - allowedLateness} has passed. Earlier times than
   * already seen are ignored: the watermark never goes back.
   */
  public void advanceTo(long nowNs) {
    if (started && nowNs <= newestNs) {
      return;
    }
    newestNs = nowNs;
    final long watermarkNs = nowNs - allowedLatenessNs;
    final long firstOpen = Math.floorDiv(watermarkNs, periodNs);
    if (!started) {
      started = true;
      nextTick = firstOpen;
      return;
    }
    while (nextTick < firstOpen) {
      emit(nextTick);
      nextTick++;
    }
  }

  public Placement placeAccel(int slot, long gatewayNs, int xMg, int yMg, int zMg) {
    final long k = Math.floorDiv(gatewayNs, periodNs);
    final Placement p = classify(k);
    if (p != Placement.PLACED) {
      count(p);
      return p;
    }
    final int cell = cell(k, slot);
    sumX[cell] += xMg;
    sumY[cell] += yMg;
    sumZ[cell] += zMg;
    accelCount[cell]++;
    samplesPlaced++;
    return Placement.PLACED;
  }

  /**
   * Places one microphone period [startNs, endNs) with its level. Returns LATE only if every tick
   * it would have reached is already emitted.
   */
  public Placement placeMicPeriod(int slot, long startNs, long endNs, int level) {
    // Ticks whose centre k * P + P / 2 lies in [start, end).
    long first = ceilDiv(startNs - periodNs / 2, periodNs);
    long last = ceilDiv(endNs - periodNs / 2, periodNs) - 1;
    if (last < first) {
      // Shorter than the grid and covering no centre: it counts where its own centre is.
      first = Math.floorDiv(startNs + (endNs - startNs) / 2, periodNs);
      last = first;
    }
    Placement result = Placement.LATE;
    for (long k = first; k <= last; k++) {
      final Placement p = classify(k);
      if (p == Placement.PLACED) {
        final int cell = cell(k, slot);
        micSum[cell] += level;
        micCount[cell]++;
        result = Placement.PLACED;
      } else if (p == Placement.TOO_FAR_AHEAD) {
        if (result != Placement.PLACED) {
          result = Placement.TOO_FAR_AHEAD;
        }
        break;
      }
    }
    count(result);
    return result;
  }

  private Placement classify(long k) {
    if (!started) {
      throw new IllegalStateException("advanceTo must be called before placing samples");
    }
    if (k < nextTick) {
      return Placement.LATE;
    }
    if (k >= nextTick + openTicks) {
      return Placement.TOO_FAR_AHEAD;
    }
    return Placement.PLACED;
  }

  private void count(Placement p) {
    switch (p) {
      case PLACED:
        samplesPlaced++;
        break;
      case LATE:
        samplesLate++;
        break;
      default:
        samplesTooFarAhead++;
    }
  }

  private void emit(long k) {
    tick.begin(k, periodNs);
    final int base = ring(k) * slots;
    for (int slot = 0; slot < slots; slot++) {
      final int cell = base + slot;
      final int n = accelCount[cell];
      if (n > 0) {
        tick.setAccel(
            slot,
            n,
            roundedMean(sumX[cell], n),
            roundedMean(sumY[cell], n),
            roundedMean(sumZ[cell], n));
      } else {
        tick.setAccel(slot, 0, 0, 0, 0);
      }
      final int m = micCount[cell];
      tick.setMic(slot, m > 0, m > 0 ? roundedMean(micSum[cell], m) : 0);
    }
    Arrays.fill(sumX, base, base + slots, 0L);
    Arrays.fill(sumY, base, base + slots, 0L);
    Arrays.fill(sumZ, base, base + slots, 0L);
    Arrays.fill(accelCount, base, base + slots, 0);
    Arrays.fill(micSum, base, base + slots, 0L);
    Arrays.fill(micCount, base, base + slots, 0);
    ticksEmitted++;
    listener.onTick(tick);
  }

  private int cell(long k, int slot) {
    if (slot < 0 || slot >= slots) {
      throw new IndexOutOfBoundsException("slot=" + slot + ", slots=" + slots);
    }
    return ring(k) * slots + slot;
  }

  private int ring(long k) {
    return (int) Math.floorMod(k, (long) openTicks);
  }

  /** Mean rounded half away from zero: the same integer on every platform and in every replay. */
  static int roundedMean(long sum, int count) {
    final long half = count / 2;
    final long q = sum >= 0 ? (sum + half) / count : -((-sum + half) / count);
    return (int) q;
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  /** The next tick to be emitted; every tick before it has been. */
  public long nextTick() {
    return nextTick;
  }

  public long periodNs() {
    return periodNs;
  }

  public long ticksEmitted() {
    return ticksEmitted;
  }

  public long samplesPlaced() {
    return samplesPlaced;
  }

  public long samplesLate() {
    return samplesLate;
  }

  public long samplesTooFarAhead() {
    return samplesTooFarAhead;
  }

  public int slots() {
    return slots;
  }
}
