package dev.rapport.gateway.ingest;

/**
 * Measures a rate (samples per second) over a sliding window of whole seconds of gateway time.
 * Counts go into one-second buckets by event time, so the figure depends only on the events, never
 * on when it is read. Allocation-free.
 */
final class RateMeter {
  private static final long SECOND_NS = 1_000_000_000L;

  private final long[] bucketSecond;
  private final long[] bucketCount;
  private long firstSecond = Long.MIN_VALUE;

  RateMeter(long windowNs) {
    final int seconds = (int) Math.max(1, windowNs / SECOND_NS);
    bucketSecond = new long[seconds + 1];
    bucketCount = new long[seconds + 1];
    java.util.Arrays.fill(bucketSecond, Long.MIN_VALUE);
  }

  void add(long atNs, int count) {
    final long second = Math.floorDiv(atNs, SECOND_NS);
    if (firstSecond == Long.MIN_VALUE) {
      firstSecond = second;
    }
    final int b = (int) Math.floorMod(second, (long) bucketSecond.length);
    if (bucketSecond[b] != second) {
      bucketSecond[b] = second;
      bucketCount[b] = 0;
    }
    bucketCount[b] += count;
  }

  /**
   * Mean rate in milli-Hz over the complete seconds of the window before nowNs (the current,
   * incomplete second is left out); 0 before one complete second was seen.
   */
  long rateMilliHz(long nowNs) {
    if (firstSecond == Long.MIN_VALUE) {
      return 0;
    }
    final long current = Math.floorDiv(nowNs, SECOND_NS);
    final long from = Math.max(firstSecond, current - (bucketSecond.length - 1));
    final long seconds = current - from;
    if (seconds <= 0) {
      return 0;
    }
    long total = 0;
    for (int b = 0; b < bucketSecond.length; b++) {
      if (bucketSecond[b] >= from && bucketSecond[b] < current) {
        total += bucketCount[b];
      }
    }
    return total * 1000 / seconds;
  }
}
