package dev.rapport.gateway.sync;

import dev.rapport.gateway.features.FixedMath;

/**
 * Posture mirroring of one dyad: how similar the two people's posture changes are over a sliding
 * window of W grid ticks.
 *
 * <p><b>Definition</b> (docs/features.md). With p(t) a badge's unit gravity direction (Q14) and S
 * the change span, the change vector is d(t) = p(t) - p(t - S), defined when the badge is present
 * at both ticks. Over the ticks t of the window where both changes are defined,
 *
 * <pre>
 *   similarity = sum(da . db) / sqrt(sum |da|^2 * sum |db|^2)
 * </pre>
 *
 * the cosine similarity of the two change series (an uncentred correlation): +1 when both change
 * posture at the same moments in the same direction, about 0 for independent changes, -1 for
 * opposite ones. Taking changes over S rather than per tick tolerates a copying delay of up to
 * about S. Optionally one axis of b's change is negated first, to score mirror-image rather than
 * same-side imitation. There is no value when too many ticks lack a change, or when either person's
 * RMS change is below a minimum (nobody moved: nothing to compare).
 *
 * <p>Sliding sums are exact longs (O(1) per tick, no allocation after construction); the square
 * roots are taken separately so no product exceeds 62 bits. Engine thread only.
 */
public final class PostureMirroringTracker {
  /** Default change span: posture shifts take a second or two. */
  public static final int DEFAULT_CHANGE_SPAN_MS = 2000;

  /** Default minimum RMS change, Q14: 328 / 16384 = 0.02 rad (about 1.1 degrees). */
  public static final int DEFAULT_MIN_RMS_CHANGE_Q14 = 328;

  /** Which component of b's change is negated before comparison. */
  public enum MirrorAxis {
    /** Compare changes as they are: same-side imitation in the badge frame. */
    NONE,
    X,
    Y,
    Z
  }

  private static final int SIMILARITY_ROOT_BITS = 15;
  private static final int HISTORY_STRIDE = 8;
  private static final int WINDOW_STRIDE = 3;
  private static final long NO_CHANGE = -1;

  private final int windowSamples;
  private final int changeSpanSamples;
  private final int maxMissingSamples;
  private final long minRmsChangeSquaredQ28;
  private final int signXB;
  private final int signYB;
  private final int signZB;

  /**
   * Posture history, S + 1 slots of {@value #HISTORY_STRIDE} ints: xA, yA, zA, xB, yB, zB, then
   * presence of a and b (0 or 1). Interleaved so a tick touches one or two cache lines per dyad,
   * not one per array: a room has thousands of dyads.
   */
  private final int[] history;

  /**
   * Per window tick, {@value #WINDOW_STRIDE} longs: da.db, |da|^2, |db|^2; |da|^2 = -1 marks a tick
   * without a change.
   */
  private final long[] window;

  private long tick;
  private int validChanges;
  private long sumAB;
  private long sumAA;
  private long sumBB;

  /**
   * @param windowSamples W, window length in grid ticks
   * @param changeSpanSamples S, the span of each posture change in ticks (>= 1)
   * @param maxMissingSamples no value when more than this many window ticks lack a change (ticks
   *     before the first S + 1 calls lack one)
   * @param minRmsChangeQ14 each person's RMS change over the window must reach this (Q14, >= 1)
   * @param mirrorAxis component of b's change to negate, or NONE
   */
  public PostureMirroringTracker(
      int windowSamples,
      int changeSpanSamples,
      int maxMissingSamples,
      int minRmsChangeQ14,
      MirrorAxis mirrorAxis) {
    if (windowSamples < 2) {
      throw new IllegalArgumentException(
          "windowSamples must be >= 2, windowSamples=" + windowSamples);
    }
    if (changeSpanSamples < 1 || changeSpanSamples >= windowSamples) {
      throw new IllegalArgumentException(
          "changeSpanSamples out of range [1, windowSamples - 1], changeSpanSamples="
              + changeSpanSamples
              + ", windowSamples="
              + windowSamples);
    }
    if (maxMissingSamples < 0 || maxMissingSamples >= windowSamples) {
      throw new IllegalArgumentException(
          "maxMissingSamples out of range [0, windowSamples - 1], maxMissingSamples="
              + maxMissingSamples
              + ", windowSamples="
              + windowSamples);
    }
    if (minRmsChangeQ14 < 1 || minRmsChangeQ14 > 2 * FixedMath.ONE_Q14) {
      throw new IllegalArgumentException(
          "minRmsChangeQ14 out of range [1, 32768], minRmsChangeQ14=" + minRmsChangeQ14);
    }
    if (mirrorAxis == null) {
      throw new IllegalArgumentException("mirrorAxis must not be null, mirrorAxis=null");
    }
    this.windowSamples = windowSamples;
    this.changeSpanSamples = changeSpanSamples;
    this.maxMissingSamples = maxMissingSamples;
    this.minRmsChangeSquaredQ28 = (long) minRmsChangeQ14 * minRmsChangeQ14;
    this.signXB = mirrorAxis == MirrorAxis.X ? -1 : 1;
    this.signYB = mirrorAxis == MirrorAxis.Y ? -1 : 1;
    this.signZB = mirrorAxis == MirrorAxis.Z ? -1 : 1;

    history = new int[(changeSpanSamples + 1) * HISTORY_STRIDE];
    window = new long[windowSamples * WINDOW_STRIDE];
    for (int slot = 0; slot < windowSamples; slot++) {
      window[slot * WINDOW_STRIDE + 1] = NO_CHANGE;
    }
  }

  /**
   * Advances by one grid tick with both badges' posture (unit vectors, Q14, components within
   * [-16384, 16384]); the components of an absent badge are ignored.
   */
  public void onTick(
      boolean presentA,
      int xAQ14,
      int yAQ14,
      int zAQ14,
      boolean presentB,
      int xBQ14,
      int yBQ14,
      int zBQ14) {
    int historyLength = changeSpanSamples + 1;
    int nowSlot = (int) (tick % historyLength);
    // The slot written S ticks ago is the one after `now` in the ring.
    int now = nowSlot * HISTORY_STRIDE;
    int then = nowSlot + 1 == historyLength ? 0 : now + HISTORY_STRIDE;
    int at = (int) (tick % windowSamples) * WINDOW_STRIDE;

    if (window[at + 1] != NO_CHANGE) {
      validChanges--;
      sumAB -= window[at];
      sumAA -= window[at + 1];
      sumBB -= window[at + 2];
    }

    int[] h = history;
    boolean valid = presentA && presentB && h[then + 6] != 0 && h[then + 7] != 0;
    if (valid) {
      long dxA = clampUnit(xAQ14) - h[then];
      long dyA = clampUnit(yAQ14) - h[then + 1];
      long dzA = clampUnit(zAQ14) - h[then + 2];
      long dxB = signXB * (clampUnit(xBQ14) - h[then + 3]);
      long dyB = signYB * (clampUnit(yBQ14) - h[then + 4]);
      long dzB = signZB * (clampUnit(zBQ14) - h[then + 5]);
      long ab = dxA * dxB + dyA * dyB + dzA * dzB;
      long aa = dxA * dxA + dyA * dyA + dzA * dzA;
      long bb = dxB * dxB + dyB * dyB + dzB * dzB;
      window[at] = ab;
      window[at + 1] = aa;
      window[at + 2] = bb;
      validChanges++;
      sumAB += ab;
      sumAA += aa;
      sumBB += bb;
    } else {
      window[at + 1] = NO_CHANGE;
    }

    h[now + 6] = presentA ? 1 : 0;
    h[now + 7] = presentB ? 1 : 0;
    if (presentA) {
      h[now] = clampUnit(xAQ14);
      h[now + 1] = clampUnit(yAQ14);
      h[now + 2] = clampUnit(zAQ14);
    }
    if (presentB) {
      h[now + 3] = clampUnit(xBQ14);
      h[now + 4] = clampUnit(yBQ14);
      h[now + 5] = clampUnit(zBQ14);
    }
    tick++;
  }

  /** Keeps the overflow bound of docs/features.md true even for out-of-contract inputs. */
  private static int clampUnit(int componentQ14) {
    return Math.max(-FixedMath.ONE_Q14, Math.min(FixedMath.ONE_Q14, componentQ14));
  }

  /**
   * True when the window has a similarity: enough ticks with both changes defined, and both
   * people's RMS change at least the minimum.
   */
  public boolean present() {
    return validChanges > 0
        && windowSamples - validChanges <= maxMissingSamples
        && sumAA >= validChanges * minRmsChangeSquaredQ28
        && sumBB >= validChanges * minRmsChangeSquaredQ28;
  }

  /**
   * Cosine similarity of the two change series, Q14 in [-16384, 16384], rounded; 0 when {@link
   * #present()} is false.
   */
  public int similarityQ14() {
    if (!present()) {
      return 0;
    }
    int bitsA = FixedMath.rootScaleBits(sumAA, SIMILARITY_ROOT_BITS);
    int bitsB = FixedMath.rootScaleBits(sumBB, SIMILARITY_ROOT_BITS);
    long rootA = FixedMath.isqrtScaled(sumAA, bitsA);
    long rootB = FixedMath.isqrtScaled(sumBB, bitsB);
    // rootA * rootB < 2^62; |sumAB| * 2^(bitsA + bitsB) <= rootA * rootB (Cauchy-Schwarz).
    long denominator = (rootA * rootB) >> 14;
    if (denominator <= 0) {
      return 0;
    }
    long similarity = FixedMath.roundDiv(sumAB << (bitsA + bitsB), denominator);
    return (int) Math.max(-FixedMath.ONE_Q14, Math.min(FixedMath.ONE_Q14, similarity));
  }

  /** Window ticks where both changes are defined. */
  public int validChanges() {
    return validChanges;
  }

  public int windowSamples() {
    return windowSamples;
  }

  public int changeSpanSamples() {
    return changeSpanSamples;
  }

  /** Exact sum over the window of da . db, Q28. */
  public long sumChangeProduct() {
    return sumAB;
  }

  /** Exact sum over the window of |da|^2, Q28. */
  public long sumChangeSquaredA() {
    return sumAA;
  }

  public long sumChangeSquaredB() {
    return sumBB;
  }
}
