package dev.rapport.badge.clock;

/**
 * Estimates the line {@code offset(x) = offsetAtRef + slope * (x - xRef)} from one-way bounds, the
 * way convex-hull clock synchronisation does (Duda et al. 1987; Moon, Skelly and Towsley 1999).
 *
 * <p>Each TIME_SYNC exchange gives two half-planes: the request cannot arrive before it was sent (a
 * lower bound on the offset) and the response cannot arrive before it was sent (an upper bound).
 * Transport delay only ever loosens a bound, so the fastest packet in each direction decides,
 * independently of how slow the packet in the other direction was. This is why the method copes
 * with 0-50 ms random delays where averaging NTP-style midpoints (error up to half the round trip)
 * cannot reach millisecond accuracy.
 *
 * <p>The feasible set of lines is convex. The solver finds the slope range in which a line fits
 * between the bounds, and the range of offsets at xRef any such line can have; the estimate is the
 * centre of both ranges and their half-widths are a guaranteed error bound as long as every bound
 * is true. Bounds that contradict the rest (a stamping glitch, a mismatched response) make the set
 * empty; the solver then removes the single point whose removal relaxes the contradiction most, a
 * few per solve and at most a fixed fraction of the window, and if the set is still empty it widens
 * all bounds by the contradiction and reports the result as inconsistent, with a bound to match.
 *
 * <p>Exact and cheap: as functions of the slope, the tightest lower bound is convex and the
 * tightest upper bound concave, both piecewise linear with breakpoints at the hulls' edge slopes,
 * so every extremum and zero crossing is found by evaluating at those few breakpoints.
 *
 * <p>Allocation-free after construction. Used by one {@link ClockAligner} on the engine thread.
 */
final class OffsetDriftSolver {
  private static final int MAX_REMOVALS_PER_SOLVE = 8;

  /** Forward (request) points: lower bounds on the offset. */
  private final BoundPointSet lowerBounds;

  /** Backward (response) points: upper bounds on the offset. */
  private final BoundPointSet upperBounds;

  private final double maxAbsSlope;
  private final double maxRemovedFraction;

  /** Sorted candidate slopes (hull edge slopes and the search limits) and the gap at each. */
  private final double[] breakpoints;

  private final double[] gaps;
  private int breakpointCount;

  /** Working reference of the solve in progress. */
  private double xRef;

  /** Reference of the published line (kept apart so removal can judge by the previous line). */
  private double lineXRef;

  private double relaxHalf;
  private long outliersRemoved;

  /** x of every removed point still inside the window: removals are budgeted per window. */
  private final double[] removedXs;

  private int removedInWindow;

  private boolean solved;
  private boolean consistent;
  private double offsetAtRef;
  private double slope;
  private double offsetHalfWidth;
  private double slopeHalfWidth;

  OffsetDriftSolver(int capacity, double maxAbsSlope, double maxRemovedFraction) {
    if (!(maxAbsSlope > 0 && maxAbsSlope < 0.5)) {
      throw new IllegalArgumentException(
          "maxAbsSlope must be in (0, 0.5), maxAbsSlope=" + maxAbsSlope);
    }
    this.lowerBounds = new BoundPointSet(capacity, true);
    this.upperBounds = new BoundPointSet(capacity, false);
    this.maxAbsSlope = maxAbsSlope;
    this.maxRemovedFraction = maxRemovedFraction;
    this.breakpoints = new double[2 * capacity + 2];
    this.gaps = new double[2 * capacity + 2];
    this.removedXs = new double[(int) Math.ceil(maxRemovedFraction * capacity) + 1];
  }

  void clear() {
    lowerBounds.clear();
    upperBounds.clear();
    removedInWindow = 0;
    solved = false;
  }

  /**
   * @param fwdX gateway time the request was sent
   * @param fwdY lower bound on the offset at fwdX
   * @param bwdX gateway time the response was received
   * @param bwdY upper bound on the offset at bwdX
   */
  void add(double fwdX, double fwdY, double bwdX, double bwdY) {
    lowerBounds.add(fwdX, fwdY);
    upperBounds.add(bwdX, bwdY);
  }

  /** Forgets bounds older than minX. */
  void evictBefore(double minX) {
    lowerBounds.evictBefore(minX);
    upperBounds.evictBefore(minX);
  }

  /** Removals of points that have since left the window no longer count against the budget. */
  private void forgetRemovalsBefore(double windowStartX) {
    int kept = 0;
    for (int i = 0; i < removedInWindow; i++) {
      if (removedXs[i] >= windowStartX) {
        removedXs[kept++] = removedXs[i];
      }
    }
    removedInWindow = kept;
  }

  int size() {
    return Math.min(lowerBounds.size(), upperBounds.size());
  }

  /** Solves for the current points; returns false when there is nothing to solve from. */
  boolean solve() {
    if (lowerBounds.size() == 0 || upperBounds.size() == 0) {
      solved = false;
      return false;
    }
    xRef = Math.max(lowerBounds.maxX(), upperBounds.maxX());
    forgetRemovalsBefore(Math.min(lowerBounds.x(0), upperBounds.x(0)));
    relaxHalf = 0;
    int best = findWidestBreakpoint();
    int removals = 0;
    while (gaps[best] < 0
        && removals < MAX_REMOVALS_PER_SOLVE
        && removedInWindow < removedXs.length - 1
        && removedInWindow < maxRemovedFraction * size()
        && lowerBounds.size() > 1
        && upperBounds.size() > 1) {
      removeWorstContradiction(best);
      removals++;
      best = findWidestBreakpoint();
    }
    consistent = gaps[best] >= 0;
    if (!consistent) {
      // Widen every bound so the widest point of the set is as wide as the contradiction: the
      // estimate stays central and the reported bound grows with the inconsistency.
      relaxHalf = -gaps[best];
      for (int i = 0; i < breakpointCount; i++) {
        gaps[i] += 2 * relaxHalf;
      }
    }
    final double slopeLow = zeroCrossing(best, -1);
    final double slopeHigh = zeroCrossing(best, +1);
    double minLower = lower(slopeLow);
    double maxUpper = upper(slopeLow);
    for (int i = 0; i < breakpointCount; i++) {
      final double s = breakpoints[i];
      if (s > slopeLow && s < slopeHigh) {
        minLower = Math.min(minLower, lower(s));
        maxUpper = Math.max(maxUpper, upper(s));
      }
    }
    minLower = Math.min(minLower, lower(slopeHigh));
    maxUpper = Math.max(maxUpper, upper(slopeHigh));
    slope = 0.5 * (slopeLow + slopeHigh);
    slopeHalfWidth = 0.5 * (slopeHigh - slopeLow);
    offsetAtRef = 0.5 * (minLower + maxUpper);
    offsetHalfWidth = 0.5 * (maxUpper - minLower);
    lineXRef = xRef;
    solved = true;
    return true;
  }

  /** Rebuilds the sorted breakpoints and their gaps; returns the index of the widest. */
  private int findWidestBreakpoint() {
    int n = 0;
    breakpoints[n++] = -maxAbsSlope;
    breakpoints[n++] = maxAbsSlope;
    n = lowerBounds.collectEdgeSlopes(breakpoints, n, -maxAbsSlope, maxAbsSlope);
    n = upperBounds.collectEdgeSlopes(breakpoints, n, -maxAbsSlope, maxAbsSlope);
    for (int i = 1; i < n; i++) {
      final double v = breakpoints[i];
      int j = i - 1;
      while (j >= 0 && breakpoints[j] > v) {
        breakpoints[j + 1] = breakpoints[j];
        j--;
      }
      breakpoints[j + 1] = v;
    }
    breakpointCount = n;
    int best = 0;
    for (int i = 0; i < n; i++) {
      gaps[i] = upper(breakpoints[i]) - lower(breakpoints[i]);
      if (gaps[i] > gaps[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * Walks from the widest breakpoint in one direction to where the gap (linear between breakpoints)
   * falls to zero: the end of the feasible slope range, or the search limit.
   */
  private double zeroCrossing(int from, int direction) {
    int inside = from;
    for (int i = from + direction; i >= 0 && i < breakpointCount; i += direction) {
      if (gaps[i] < 0) {
        final double s0 = breakpoints[inside];
        final double s1 = breakpoints[i];
        return s0 + (s1 - s0) * gaps[inside] / (gaps[inside] - gaps[i]);
      }
      inside = i;
    }
    return breakpoints[inside];
  }

  /**
   * Removes the point most likely to be false: of the points that bind where the contradiction is
   * smallest (the vertices active on either side of the widest breakpoint), the one whose removal
   * leaves the widest feasible set. A single false bound conflicts with many true ones, so taking
   * it out relaxes the set most; trusting the previous line instead would let one early false point
   * lock the model onto a wrong drift for good.
   */
  private void removeWorstContradiction(int best) {
    final double left =
        best > 0 ? 0.5 * (breakpoints[best - 1] + breakpoints[best]) : breakpoints[0];
    final double right =
        best < breakpointCount - 1
            ? 0.5 * (breakpoints[best] + breakpoints[best + 1])
            : breakpoints[breakpointCount - 1];
    final int lowerLeft = lowerBounds.supportIndex(left, xRef);
    final int lowerRight = lowerBounds.supportIndex(right, xRef);
    final int upperLeft = upperBounds.supportIndex(left, xRef);
    final int upperRight = upperBounds.supportIndex(right, xRef);
    boolean bestFromLower = true;
    int bestIndex = lowerLeft;
    double bestGap = gapWithout(lowerBounds, lowerLeft);
    if (lowerRight != lowerLeft) {
      final double g = gapWithout(lowerBounds, lowerRight);
      if (g > bestGap) {
        bestGap = g;
        bestIndex = lowerRight;
      }
    }
    final double gUpperLeft = gapWithout(upperBounds, upperLeft);
    if (gUpperLeft > bestGap) {
      bestGap = gUpperLeft;
      bestIndex = upperLeft;
      bestFromLower = false;
    }
    if (upperRight != upperLeft && gapWithout(upperBounds, upperRight) > bestGap) {
      bestIndex = upperRight;
      bestFromLower = false;
    }
    removePoint(bestFromLower, bestIndex);
  }

  /** Widest gap of the set with one point taken out; the point is put back. */
  private double gapWithout(BoundPointSet set, int index) {
    final double x = set.x(index);
    final double y = set.y(index);
    set.removeAt(index);
    final double gap = gaps[findWidestBreakpoint()];
    set.add(x, y);
    return gap;
  }

  private void removePoint(boolean fromLower, int index) {
    final BoundPointSet set = fromLower ? lowerBounds : upperBounds;
    removedXs[removedInWindow++] = set.x(index);
    set.removeAt(index);
    outliersRemoved++;
  }

  /** Tightest lower bound on the offset at xRef for lines of slope s (relaxed if inconsistent). */
  private double lower(double s) {
    return lowerBounds.support(s, xRef) - relaxHalf;
  }

  /** Tightest upper bound on the offset at xRef for lines of slope s (relaxed if inconsistent). */
  private double upper(double s) {
    return upperBounds.support(s, xRef) + relaxHalf;
  }

  boolean solved() {
    return solved;
  }

  /** False when the bounds contradicted each other even after outlier removal. */
  boolean consistent() {
    return consistent;
  }

  /** Gateway time (relative) at which {@link #offsetAtRef()} applies. */
  double xRef() {
    return lineXRef;
  }

  double offsetAtRef() {
    return offsetAtRef;
  }

  double slope() {
    return slope;
  }

  double offsetHalfWidth() {
    return offsetHalfWidth;
  }

  double slopeHalfWidth() {
    return slopeHalfWidth;
  }

  long outliersRemoved() {
    return outliersRemoved;
  }

  /** Offset predicted at x by the current line; only meaningful when {@link #solved()}. */
  double offsetAt(double x) {
    return offsetAtRef + slope * (x - lineXRef);
  }

  /** Guaranteed error of {@link #offsetAt} when all bounds hold. */
  double errorBoundAt(double x) {
    return offsetHalfWidth + slopeHalfWidth * Math.abs(x - lineXRef);
  }
}
