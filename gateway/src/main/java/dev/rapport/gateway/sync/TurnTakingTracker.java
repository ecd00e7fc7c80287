package dev.rapport.gateway.sync;

import dev.rapport.gateway.features.FixedMath;

/**
 * Turn-taking of one dyad (badges a and b) over a sliding window of the last W grid ticks: how much
 * each speaks, overlap, mutual silence, floor transfers in each direction and the mean response
 * latency (floor transfer offset).
 *
 * <p><b>Definitions</b> (docs/features.md has the full text). A tick is valid when both badges are
 * present. The floor holder is whoever last spoke alone; a transition a-&gt;b happens at the first
 * valid tick where b speaks alone while a holds the floor. Its latency is the start of b's current
 * speech run minus the end of a's last speech run, in ticks: positive for a gap, negative when b
 * started while a was still talking (overlap), as in Heldner and Edlund (2010). A transition
 * belongs to the window if the tick at which it was detected is inside it. A missing tick clears
 * the floor holder, so no transition or latency ever spans a gap; so does, optionally, a third
 * person of the same conversation speaking while a and b are silent.
 *
 * <p>Each tick adds the newest tick's contributions and removes those of the tick leaving the
 * window: O(1), exact integer counts and sums, no allocation after construction. Engine thread
 * only.
 */
public final class TurnTakingTracker {
  private static final int VALID = 1;
  private static final int A_SPEAKS = 2;
  private static final int B_SPEAKS = 4;
  private static final int A_TO_B = 8;
  private static final int B_TO_A = 16;
  private static final int CODE_BITS = 5;
  private static final int CODE_MASK = (1 << CODE_BITS) - 1;
  private static final int MAX_LATENCY_TICKS = (1 << (31 - CODE_BITS)) - 1;

  private static final int NOBODY = 0;
  private static final int HOLDER_A = 1;
  private static final int HOLDER_B = 2;

  private final int windowSamples;
  private final int maxMissingSamples;
  private final int gridRateHz;

  /**
   * Per window tick: the flags below in the low {@value #CODE_BITS} bits and the transition's
   * latency in ticks above them (one int per tick, so a tick touches one cache line per dyad).
   */
  private final int[] ring;

  private long tick;
  private int holder = NOBODY;
  private boolean previousValid;
  private boolean previousA;
  private boolean previousB;
  private long startA;
  private long startB;
  private long endA;
  private long endB;

  private int validSamples;
  private int speakingA;
  private int speakingB;
  private int overlap;
  private int silence;
  private int transitionsAToB;
  private int transitionsBToA;
  private long latencySumAToB;
  private long latencySumBToA;

  /**
   * @param windowSamples W, the window length in grid ticks
   * @param maxMissingSamples the window has no value when more of its ticks than this are invalid
   *     (ticks before the first call count as invalid)
   * @param gridRateHz used only to convert latencies to milliseconds
   */
  public TurnTakingTracker(int windowSamples, int maxMissingSamples, int gridRateHz) {
    if (windowSamples < 2) {
      throw new IllegalArgumentException(
          "windowSamples must be >= 2, windowSamples=" + windowSamples);
    }
    if (maxMissingSamples < 0 || maxMissingSamples >= windowSamples) {
      throw new IllegalArgumentException(
          "maxMissingSamples out of range [0, windowSamples - 1], maxMissingSamples="
              + maxMissingSamples
              + ", windowSamples="
              + windowSamples);
    }
    if (gridRateHz < 1) {
      throw new IllegalArgumentException("gridRateHz must be >= 1, gridRateHz=" + gridRateHz);
    }
    this.windowSamples = windowSamples;
    this.maxMissingSamples = maxMissingSamples;
    this.gridRateHz = gridRateHz;
    this.ring = new int[windowSamples];
  }

  /**
   * Advances by one grid tick, looking at the dyad alone: a transition a-&gt;b counts even when
   * someone else spoke in between. Speaking flags of an absent badge are ignored.
   */
  public void onTick(
      boolean presentA, boolean speakingNowA, boolean presentB, boolean speakingNowB) {
    onTick(presentA, speakingNowA, presentB, speakingNowB, false);
  }

  /**
   * Advances by one grid tick within a group conversation: {@code othersSpeaking} says whether
   * anyone else of the same conversation speaks at this tick. When a third person speaks while
   * neither a nor b does, the floor has left the dyad, so a later b after a is not a response to a.
   * Pass only people of the same group (table): in a room with several conversations someone is
   * almost always talking elsewhere.
   */
  public void onTick(
      boolean presentA,
      boolean speakingNowA,
      boolean presentB,
      boolean speakingNowB,
      boolean othersSpeaking) {
    int slot = (int) (tick % windowSamples);
    int old = ring[slot];
    remove(old & CODE_MASK, old >> CODE_BITS);

    int code = 0;
    int latency = 0;
    if (presentA && presentB) {
      code = VALID;
      boolean a = speakingNowA;
      boolean b = speakingNowB;
      if (a) {
        code |= A_SPEAKS;
      }
      if (b) {
        code |= B_SPEAKS;
      }
      trackRuns(a, b);
      if (a && !b) {
        if (holder == HOLDER_B) {
          code |= B_TO_A;
          latency = clampLatency(startA - endB);
        }
        holder = HOLDER_A;
      } else if (b && !a) {
        if (holder == HOLDER_A) {
          code |= A_TO_B;
          latency = clampLatency(startB - endA);
        }
        holder = HOLDER_B;
      } else if (!a && !b && othersSpeaking) {
        holder = NOBODY;
      }
      previousValid = true;
      previousA = a;
      previousB = b;
    } else {
      holder = NOBODY;
      previousValid = false;
    }

    ring[slot] = (latency << CODE_BITS) | code;
    add(code, latency);
    tick++;
  }

  /**
   * Run starts and ends. After an invalid tick the previous state is unknown, so a run that is
   * already going counts as starting here; the cleared floor holder keeps such unknown starts out
   * of every latency.
   */
  private void trackRuns(boolean a, boolean b) {
    boolean wasA = previousValid && previousA;
    boolean wasB = previousValid && previousB;
    if (a && !wasA) {
      startA = tick;
    }
    if (!a && wasA) {
      endA = tick;
    }
    if (b && !wasB) {
      startB = tick;
    }
    if (!b && wasB) {
      endB = tick;
    }
  }

  /** Latencies beyond +-2^26 ticks (31 days at 25 Hz) are stored at that bound. */
  private static int clampLatency(long latencyTicks) {
    return (int) Math.max(-MAX_LATENCY_TICKS, Math.min(MAX_LATENCY_TICKS, latencyTicks));
  }

  private void add(int code, int latency) {
    if ((code & VALID) == 0) {
      return;
    }
    validSamples++;
    boolean a = (code & A_SPEAKS) != 0;
    boolean b = (code & B_SPEAKS) != 0;
    if (a) {
      speakingA++;
    }
    if (b) {
      speakingB++;
    }
    if (a && b) {
      overlap++;
    }
    if (!a && !b) {
      silence++;
    }
    if ((code & A_TO_B) != 0) {
      transitionsAToB++;
      latencySumAToB += latency;
    }
    if ((code & B_TO_A) != 0) {
      transitionsBToA++;
      latencySumBToA += latency;
    }
  }

  private void remove(int code, int latency) {
    if ((code & VALID) == 0) {
      return;
    }
    validSamples--;
    boolean a = (code & A_SPEAKS) != 0;
    boolean b = (code & B_SPEAKS) != 0;
    if (a) {
      speakingA--;
    }
    if (b) {
      speakingB--;
    }
    if (a && b) {
      overlap--;
    }
    if (!a && !b) {
      silence--;
    }
    if ((code & A_TO_B) != 0) {
      transitionsAToB--;
      latencySumAToB -= latency;
    }
    if ((code & B_TO_A) != 0) {
      transitionsBToA--;
      latencySumBToA -= latency;
    }
  }

  /** True when the window holds a value: at most maxMissingSamples of its W ticks are invalid. */
  public boolean present() {
    return windowSamples - validSamples <= maxMissingSamples;
  }

  public int windowSamples() {
    return windowSamples;
  }

  /** Ticks in the window where both badges were present. */
  public int validSamples() {
    return validSamples;
  }

  public int missingSamples() {
    return windowSamples - validSamples;
  }

  /** Valid ticks in the window where a speaks (with or without b). */
  public int speakingSamplesA() {
    return speakingA;
  }

  public int speakingSamplesB() {
    return speakingB;
  }

  /** Valid ticks where both speak. */
  public int overlapSamples() {
    return overlap;
  }

  /** Valid ticks where neither speaks. */
  public int mutualSilenceSamples() {
    return silence;
  }

  /** Floor transfers from a to b detected in the window (b takes the floor after a). */
  public int transitionsAToB() {
    return transitionsAToB;
  }

  public int transitionsBToA() {
    return transitionsBToA;
  }

  /** True when someone spoke in the window, so speaking shares exist. */
  public boolean hasSpeakingShare() {
    return speakingA + speakingB > 0;
  }

  /** a's share of the dyad's speaking time, speakingA / (speakingA + speakingB), Q14. */
  public int speakingShareAQ14() {
    return shareQ14(speakingA, speakingA + speakingB);
  }

  public int speakingShareBQ14() {
    return shareQ14(speakingB, speakingA + speakingB);
  }

  /** Fraction of the valid time a speaks, Q14; 0 when no tick is valid. */
  public int speakingFractionAQ14() {
    return shareQ14(speakingA, validSamples);
  }

  public int speakingFractionBQ14() {
    return shareQ14(speakingB, validSamples);
  }

  /** True when b handed the floor to a at least once in the window. */
  public boolean hasResponseLatencyA() {
    return transitionsBToA > 0;
  }

  /**
   * Mean latency of a's responses (transitions b-&gt;a) in ms, rounded half away from zero;
   * negative when a tends to start before b has finished. 0 without such transitions.
   */
  public int meanResponseLatencyMsA() {
    return meanMs(latencySumBToA, transitionsBToA);
  }

  public boolean hasResponseLatencyB() {
    return transitionsAToB > 0;
  }

  /** Mean latency of b's responses (transitions a-&gt;b) in ms. */
  public int meanResponseLatencyMsB() {
    return meanMs(latencySumAToB, transitionsAToB);
  }

  /** True when the floor changed hands at least once in the window. */
  public boolean hasResponseLatency() {
    return transitionsAToB + transitionsBToA > 0;
  }

  /** Mean latency over both directions in ms. */
  public int meanResponseLatencyMs() {
    return meanMs(latencySumAToB + latencySumBToA, transitionsAToB + transitionsBToA);
  }

  /** Sum of the latencies of a's responses in ticks (exact, for callers that average further). */
  public long latencySumTicksA() {
    return latencySumBToA;
  }

  public long latencySumTicksB() {
    return latencySumAToB;
  }

  private static int shareQ14(int part, int whole) {
    return whole == 0 ? 0 : (int) FixedMath.roundDiv((long) part * FixedMath.ONE_Q14, whole);
  }

  private int meanMs(long sumTicks, int count) {
    return count == 0 ? 0 : (int) FixedMath.roundDiv(sumTicks * 1000L, (long) count * gridRateHz);
  }
}
