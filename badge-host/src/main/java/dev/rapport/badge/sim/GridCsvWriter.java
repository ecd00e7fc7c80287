package dev.rapport.badge.sim;

import dev.rapport.badge.protocol.BadgeId;
import java.io.IOException;
import java.io.Writer;
import java.util.Objects;

/**
 * Turns a room's samples into the grid CSV {@value #HEADER}: one row per badge per grid tick, in
 * tick order then badge order. Tick k covers [k * gridPeriod, (k + 1) * gridPeriod) and is stamped
 * {@code time_ms = k * gridPeriodMs}. Each value is the mean of the samples stamped inside the
 * tick, rounded to the nearest integer (ties towards +infinity); a cell with no sample in its tick
 * is left empty (only possible when a sensor is slower than the grid).
 *
 * <p>Use as the room's {@link SampleSink} and call {@link #writeTicksBefore(long)} with {@link
 * SimulatedRoom#deliveredBeforeUs()} after each advance. Writing a row allocates nothing.
 * Single-threaded.
 */
public final class GridCsvWriter implements SampleSink {
  public static final String HEADER = "time_ms,badge,ax_mg,ay_mg,az_mg,mic";

  private final Writer out;
  private final int badgeCount;
  private final long gridPeriodUs;
  private final int gridPeriodMs;
  private final int slots;
  private final String[] badgeText;
  private final long[] sumX;
  private final long[] sumY;
  private final long[] sumZ;
  private final int[] accelCount;
  private final long[] sumMic;
  private final int[] micCount;
  private final StringBuilder row = new StringBuilder(64);
  private char[] rowChars = new char[64];
  private long nextTickToWrite;
  private long rowsWritten;

  /**
   * @param micPeriodMs the room's microphone period: its values arrive one period late, so that
   *     many ticks are kept open
   */
  public GridCsvWriter(Writer out, int badgeCount, int gridPeriodMs, int micPeriodMs) {
    this.out = Objects.requireNonNull(out, "out");
    if (badgeCount < 1) {
      throw new IllegalArgumentException("badgeCount must be >= 1, badgeCount=" + badgeCount);
    }
    if (gridPeriodMs < 1) {
      throw new IllegalArgumentException("gridPeriodMs must be >= 1, gridPeriodMs=" + gridPeriodMs);
    }
    this.badgeCount = badgeCount;
    this.gridPeriodMs = gridPeriodMs;
    this.gridPeriodUs = gridPeriodMs * 1000L;
    this.slots = micPeriodMs / gridPeriodMs + 3;
    this.badgeText = new String[badgeCount];
    for (int b = 0; b < badgeCount; b++) {
      badgeText[b] = BadgeId.format(b + 1);
    }
    int cells = slots * badgeCount;
    sumX = new long[cells];
    sumY = new long[cells];
    sumZ = new long[cells];
    accelCount = new int[cells];
    sumMic = new long[cells];
    micCount = new int[cells];
  }

  public void writeHeader() throws IOException {
    out.write(HEADER);
    out.write('\n');
  }

  @Override
  public void onAccel(int badgeId, long trueTimeUs, int xMg, int yMg, int zMg) {
    int cell = cell(badgeId, trueTimeUs);
    sumX[cell] += xMg;
    sumY[cell] += yMg;
    sumZ[cell] += zMg;
    accelCount[cell]++;
  }

  @Override
  public void onMicLevel(int badgeId, long trueTimeUs, int levelCentiDb) {
    int cell = cell(badgeId, trueTimeUs);
    sumMic[cell] += MicScale.amplitudeFromCentiDb(levelCentiDb);
    micCount[cell]++;
  }

  /** Writes every tick that ends at or before {@code timeUs}, i.e. whose samples are all in. */
  public void writeTicksBefore(long timeUs) throws IOException {
    while ((nextTickToWrite + 1) * gridPeriodUs <= timeUs) {
      int slot = (int) (nextTickToWrite % slots);
      long timeMs = nextTickToWrite * gridPeriodMs;
      for (int b = 0; b < badgeCount; b++) {
        int cell = slot * badgeCount + b;
        row.setLength(0);
        row.append(timeMs).append(',').append(badgeText[b]).append(',');
        appendMean(sumX[cell], accelCount[cell]);
        row.append(',');
        appendMean(sumY[cell], accelCount[cell]);
        row.append(',');
        appendMean(sumZ[cell], accelCount[cell]);
        row.append(',');
        appendMean(sumMic[cell], micCount[cell]);
        row.append('\n');
        writeRow();
        sumX[cell] = 0;
        sumY[cell] = 0;
        sumZ[cell] = 0;
        accelCount[cell] = 0;
        sumMic[cell] = 0;
        micCount[cell] = 0;
        rowsWritten++;
      }
      nextTickToWrite++;
    }
  }

  public long rowsWritten() {
    return rowsWritten;
  }

  private int cell(int badgeId, long trueTimeUs) {
    if (badgeId < 1 || badgeId > badgeCount) {
      throw new IllegalArgumentException(
          "badge id outside the grid, badgeId=" + badgeId + " badgeCount=" + badgeCount);
    }
    long tick = trueTimeUs / gridPeriodUs;
    if (tick < nextTickToWrite || tick >= nextTickToWrite + slots) {
      throw new IllegalStateException(
          "sample outside the open ticks, trueTimeUs="
              + trueTimeUs
              + " tick="
              + tick
              + " firstOpenTick="
              + nextTickToWrite);
    }
    return (int) (tick % slots) * badgeCount + (badgeId - 1);
  }

  private void appendMean(long sum, int count) {
    if (count > 0) {
      row.append(Math.floorDiv(2 * sum + count, 2L * count));
    }
  }

  private void writeRow() throws IOException {
    int length = row.length();
    if (rowChars.length < length) {
      rowChars = new char[length * 2];
    }
    row.getChars(0, length, rowChars, 0);
    out.write(rowChars, 0, length);
  }
}
