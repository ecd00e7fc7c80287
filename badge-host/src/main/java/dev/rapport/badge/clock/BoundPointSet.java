package dev.rapport.badge.clock;

/**
 * A fixed-capacity set of one-way timing bounds (x = gateway time, y = clock offset bound), kept
 * sorted by x, with the convex hull that is the only part of the set an offset/drift line can
 * touch.
 *
 * <p>Forward bounds (request host->badge) are lower bounds on the offset, so a line must pass above
 * all of them: only their <em>upper</em> hull matters. Backward bounds (response badge->host) are
 * upper bounds: only their <em>lower</em> hull matters. Evaluating the support function over the
 * hull (usually a dozen vertices) rather than all points keeps the solver cheap.
 *
 * <p>All storage is allocated up front; nothing here allocates after construction. Not thread-safe:
 * used by one {@link ClockAligner} on the engine thread.
 */
final class BoundPointSet {
  private final boolean upperHull;
  private final double[] xs;
  private final double[] ys;
  private final int[] hull;
  private final int[] tail;
  private int size;
  private int hullSize;
  private boolean hullValid;

  /**
   * @param upperHull true for lower bounds (forward points, keep the upper hull), false for upper
   *     bounds (backward points, keep the lower hull)
   */
  BoundPointSet(int capacity, boolean upperHull) {
    if (capacity < 2) {
      throw new IllegalArgumentException("capacity must be at least 2, capacity=" + capacity);
    }
    this.upperHull = upperHull;
    this.xs = new double[capacity];
    this.ys = new double[capacity];
    this.hull = new int[capacity];
    this.tail = new int[capacity];
  }

  int size() {
    return size;
  }

  double x(int index) {
    return xs[index];
  }

  double y(int index) {
    return ys[index];
  }

  /** Largest x held, or NaN when empty. */
  double maxX() {
    return size == 0 ? Double.NaN : xs[size - 1];
  }

  void clear() {
    size = 0;
    hullValid = false;
  }

  /** Adds a point in x order; when full, the point with the smallest x (the oldest) goes first. */
  void add(double x, double y) {
    if (size == xs.length) {
      removeFirst();
    }
    if (size == 0 || x >= xs[size - 1]) {
      // The usual case, a newer point: the monotone chain simply continues.
      xs[size] = x;
      ys[size] = y;
      size++;
      if (hullValid) {
        hullSize = pushOnChain(size - 1, hullSize);
      }
      return;
    }
    int i = size;
    while (i > 0 && xs[i - 1] > x) {
      xs[i] = xs[i - 1];
      ys[i] = ys[i - 1];
      i--;
    }
    xs[i] = x;
    ys[i] = y;
    size++;
    hullValid = false;
  }

  /**
   * Removes the oldest point. The leftmost point is always a hull vertex, but only the stretch up
   * to the second vertex can change: every later vertex stays extreme in the smaller set, so the
   * chain is rebuilt over that stretch alone and the old tail is kept.
   */
  private void removeFirst() {
    System.arraycopy(xs, 1, xs, 0, size - 1);
    System.arraycopy(ys, 1, ys, 0, size - 1);
    size--;
    if (!hullValid) {
      return;
    }
    if (hullSize < 3 || size == 0) {
      hullValid = false;
      return;
    }
    final int tailLength = hullSize - 2;
    for (int h = 0; h < tailLength; h++) {
      tail[h] = hull[h + 2] - 1;
    }
    final int secondVertex = hull[1] - 1;
    int h = 0;
    for (int i = 0; i <= secondVertex; i++) {
      h = pushOnChain(i, h);
    }
    System.arraycopy(tail, 0, hull, h, tailLength);
    hullSize = h + tailLength;
  }

  /** Drops every point with x below minX (those older than the window). Returns how many. */
  int evictBefore(double minX) {
    int n = 0;
    while (n < size && xs[n] < minX) {
      n++;
    }
    if (n == 1) {
      removeFirst();
    } else if (n > 1) {
      System.arraycopy(xs, n, xs, 0, size - n);
      System.arraycopy(ys, n, ys, 0, size - n);
      size -= n;
      hullValid = false;
    }
    return n;
  }

  void removeAt(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index=" + index + ", size=" + size);
    }
    System.arraycopy(xs, index + 1, xs, index, size - index - 1);
    System.arraycopy(ys, index + 1, ys, index, size - index - 1);
    size--;
    hullValid = false;
  }

  /**
   * Support of the set along a line of the given slope through xRef: for an upper hull the largest
   * {@code y - slope * (x - xRef)}, for a lower hull the smallest. This is the tightest intercept
   * at xRef a line of that slope may have and still respect every bound.
   */
  double support(double slope, double xRef) {
    return valueAt(supportIndex(slope, xRef), slope, xRef);
  }

  /** Index (into the sorted points) of the vertex where {@link #support} is attained. */
  int supportIndex(double slope, double xRef) {
    ensureHull();
    int best = hull[0];
    double bestValue = valueAt(best, slope, xRef);
    for (int h = 1; h < hullSize; h++) {
      final int i = hull[h];
      final double v = valueAt(i, slope, xRef);
      if (upperHull ? v > bestValue : v < bestValue) {
        best = i;
        bestValue = v;
      }
    }
    return best;
  }

  /** The support with one point left out: how much the bound would relax without that point. */
  double supportWithout(int excludedIndex, double slope, double xRef) {
    double best = upperHull ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      if (i == excludedIndex) {
        continue;
      }
      final double v = valueAt(i, slope, xRef);
      if (upperHull ? v > best : v < best) {
        best = v;
      }
    }
    return best;
  }

  double valueAt(int index, double slope, double xRef) {
    return ys[index] - slope * (xs[index] - xRef);
  }

  /** Andrew's monotone chain over the x-sorted points, one side only. */
  private void ensureHull() {
    if (hullValid) {
      return;
    }
    if (size == 0) {
      throw new IllegalStateException("no points in the set, size=0");
    }
    int h = 0;
    for (int i = 0; i < size; i++) {
      h = pushOnChain(i, h);
    }
    hullSize = h;
    hullValid = true;
  }

  /** One step of the monotone chain: drops vertices that point i makes non-convex, pushes i. */
  private int pushOnChain(int i, int chainSize) {
    int h = chainSize;
    while (h >= 2) {
      final int o = hull[h - 2];
      final int a = hull[h - 1];
      // Relative coordinates keep the cross product well inside double precision.
      final double ax = xs[a] - xs[o];
      final double ay = ys[a] - ys[o];
      final double bx = xs[i] - xs[o];
      final double by = ys[i] - ys[o];
      final double cross = ax * by - ay * bx;
      if (upperHull ? cross >= 0 : cross <= 0) {
        h--;
      } else {
        break;
      }
    }
    hull[h] = i;
    return h + 1;
  }

  /**
   * Appends the slopes of the hull's edges that lie inside [minSlope, maxSlope] to out from offset
   * on: the support function is linear between them, so they are its only breakpoints. Returns the
   * new end offset.
   */
  int collectEdgeSlopes(double[] out, int offset, double minSlope, double maxSlope) {
    ensureHull();
    int n = offset;
    for (int h = 1; h < hullSize; h++) {
      final int a = hull[h - 1];
      final int b = hull[h];
      final double dx = xs[b] - xs[a];
      if (dx > 0) {
        final double slope = (ys[b] - ys[a]) / dx;
        if (slope > minSlope && slope < maxSlope) {
          out[n++] = slope;
        }
      }
    }
    return n;
  }
}
