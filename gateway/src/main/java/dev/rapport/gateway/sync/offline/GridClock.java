package dev.rapport.gateway.sync.offline;

/**
 * Places row times on the sample grid of a file: tick k is at t0 + k * 1000 / rate ms, t0 being the
 * first row's time. A time counts as tick k when it is within half a millisecond of it, so files
 * written with times rounded to whole milliseconds (33, 67, 100 at 30 Hz) are accepted; anything
 * further off is an error rather than a silent re-gridding.
 */
final class GridClock {
  private final int rateHz;
  private final long originMs;

  GridClock(int rateHz, long originMs) {
    this.rateHz = rateHz;
    this.originMs = originMs;
  }

  /** The tick of a time, or -1 when the time is not on the grid. */
  long tickOf(long timeMs) {
    long scaled = (timeMs - originMs) * rateHz;
    long tick = Math.floorDiv(scaled + 500, 1000);
    long offset = scaled - tick * 1000; // in units of 1/rate ms
    return Math.abs(offset) * 2 <= rateHz && tick >= 0 ? tick : -1;
  }

  /** Grid time of tick k, rounded to the nearest millisecond (half up). */
  long timeOf(long tick) {
    return originMs + Math.floorDiv(tick * 1000 + rateHz / 2, rateHz);
  }

  long originMs() {
    return originMs;
  }
}
