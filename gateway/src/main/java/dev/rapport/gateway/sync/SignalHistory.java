package dev.rapport.gateway.sync;

/**
 * The recent samples of one badge in one modality, laid out so that the synchrony loops read them
 * as plain ascending arrays: {@code values()[head() + j]} is the sample j ticks before the newest
 * (a reversed ring written twice, at p and p + capacity, so no index ever wraps).
 *
 * <p>A missing sample is stored as value 0 with its valid flag clear: every cross product with it
 * is then 0, which is exactly what excluding the pair from a sum of products requires. Sums and
 * counts over any window come from cumulative sums in O(1); the cumulative longs may wrap around
 * 2^64, which is harmless because a difference of two of them is exact whenever the true window sum
 * fits in a long (it always does, docs/algorithms.md). The ticks of missing samples are kept in a
 * sorted ring so that pairwise exclusion costs O(missing), not O(window).
 *
 * <p>Before the first real sample the history is full of missing samples, so early windows simply
 * lack enough valid pairs. Engine thread only; no allocation after construction.
 */
final class SignalHistory {
  /** Set in {@link #packed()} for a valid sample. */
  static final int VALID_BIT = 1 << 16;

  private final int capacity;
  private final int[] values;
  private final double[] doubleValues;
  private final int[] packed;
  private final boolean[] valid;
  private final long[] cumCount;
  private final long[] cumSum;
  private final long[] cumSumSq;
  private final long[] missingTicks;
  private int missingFirst;
  private int missingSize;
  private int head;
  private long newestTick = -1;

  /**
   * @param capacity offsets 0..capacity-1 are readable; a window [o, o + len) needs o + len <
   *     capacity for its sums
   */
  SignalHistory(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("capacity must be >= 2, capacity=" + capacity);
    }
    this.capacity = capacity;
    this.values = new int[2 * capacity];
    this.doubleValues = new double[2 * capacity];
    this.packed = new int[2 * capacity];
    this.valid = new boolean[2 * capacity];
    this.cumCount = new long[2 * capacity];
    this.cumSum = new long[2 * capacity];
    this.cumSumSq = new long[2 * capacity];
    this.missingTicks = new long[capacity];
    for (int i = 0; i < capacity; i++) {
      push(0, false);
    }
  }

  int capacity() {
    return capacity;
  }

  /**
   * Appends the newest sample.
   *
   * @param value 0..{@link FixedPoint#MAX_SAMPLE}, ignored when not valid
   */
  void push(int value, boolean isValid) {
    int previous = head;
    head = head == 0 ? capacity - 1 : head - 1;
    newestTick++;
    int v = isValid ? value : 0;
    long count = cumCount[previous] + (isValid ? 1 : 0);
    long sum = cumSum[previous] + v;
    long sumSq = cumSumSq[previous] + (long) v * v;
    int mirror = head + capacity;
    values[head] = v;
    values[mirror] = v;
    doubleValues[head] = v;
    doubleValues[mirror] = v;
    final int p = v | (isValid ? VALID_BIT : 0);
    packed[head] = p;
    packed[mirror] = p;
    valid[head] = isValid;
    valid[mirror] = isValid;
    cumCount[head] = count;
    cumCount[mirror] = count;
    cumSum[head] = sum;
    cumSum[mirror] = sum;
    cumSumSq[head] = sumSq;
    cumSumSq[mirror] = sumSq;

    long oldestKept = newestTick - capacity + 1;
    while (missingSize > 0 && missingTicks[missingFirst] < oldestKept) {
      missingFirst = missingFirst + 1 == capacity ? 0 : missingFirst + 1;
      missingSize--;
    }
    if (!isValid) {
      int slot = missingFirst + missingSize;
      missingTicks[slot >= capacity ? slot - capacity : slot] = newestTick;
      missingSize++;
    }
  }

  /** Mirrored storage; read {@code values()[head() + offset]} for 0 <= offset < capacity. */
  int[] values() {
    return values;
  }

  /**
   * The same samples as doubles (exact: they are below 2^16), for the loops the JIT vectorizes:
   * Java 17's C2 does not vectorize int-to-long conversions or 64-bit multiplies on x86 AVX2.
   */
  double[] doubleValues() {
    return doubleValues;
  }

  /**
   * Sample and valid flag in one int, laid out like {@link #values()}: the value in the low 16 bits
   * and {@link #VALID_BIT} (= 2^16) when valid, so {@code p >>> 16} is 1 or 0. The evaluator's
   * per-lag corrections read one compact array (4 bytes a sample) without branches; three arrays of
   * longs measured no faster in the engine, their extra memory traffic eating the gain.
   */
  int[] packed() {
    return packed;
  }

  int head() {
    return head;
  }

  /** Mirrored valid flags, laid out like {@link #values()}. */
  boolean[] validFlags() {
    return valid;
  }

  int value(int offset) {
    return values[head + offset];
  }

  boolean isValid(int offset) {
    return valid[head + offset];
  }

  /** Valid samples in the window of {@code length} samples starting {@code offset} ticks back. */
  int count(int offset, int length) {
    return (int) (cumCount[head + offset] - cumCount[head + offset + length]);
  }

  long sum(int offset, int length) {
    return cumSum[head + offset] - cumSum[head + offset + length];
  }

  long sumOfSquares(int offset, int length) {
    return cumSumSq[head + offset] - cumSumSq[head + offset + length];
  }

  /** Tick number of the newest sample in this history's own numbering. */
  long newestTick() {
    return newestTick;
  }

  int missingSize() {
    return missingSize;
  }

  /** The i-th oldest missing tick still held, 0 <= i < missingSize(). */
  long missingTick(int i) {
    int slot = missingFirst + i;
    return missingTicks[slot >= capacity ? slot - capacity : slot];
  }

  /** Index of the first held missing tick >= tick (missingSize() when none). */
  int firstMissingAtOrAfter(long tick) {
    int lo = 0;
    int hi = missingSize;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (missingTick(mid) < tick) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
