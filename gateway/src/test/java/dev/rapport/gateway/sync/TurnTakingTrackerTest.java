package dev.rapport.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.gateway.features.AllocationMeter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TurnTakingTrackerTest {
  private static final int RATE_HZ = 25;

  /** Feeds "A" / "B" / "AB" / "-" (silence) / "x" (b missing) strings, one tick per character. */
  private static void feed(TurnTakingTracker tracker, String... runs) {
    for (String run : runs) {
      String[] parts = run.split("\\*");
      String state = parts[0];
      int count = Integer.parseInt(parts[1]);
      for (int i = 0; i < count; i++) {
        tracker.onTick(true, state.contains("A"), !state.equals("x"), state.contains("B"));
      }
    }
  }

  @Test
  void shouldCountAHandBuiltConversation() {
    TurnTakingTracker tracker = new TurnTakingTracker(40, 0, RATE_HZ);
    feed(
        tracker, "A*5", // 0-4   a talks
        "-*2", // 5-6   gap of 2
        "B*5", // 7-11  b answers: a->b at 7, latency 7 - 5 = +2
        "AB*2", // 12-13 a starts over b
        "A*4", // 14-17 b stopped at 14: b->a at 14, latency 12 - 14 = -2
        "-*3", // 18-20
        "A*3", // 21-23 a again: same holder, no transition
        "-*3", // 24-26
        "B*4", // 27-30 a->b at 27, latency 27 - 24 = +3
        "-*9"); // 31-39
    assertThat(tracker.present()).isTrue();
    assertThat(tracker.validSamples()).isEqualTo(40);
    assertThat(tracker.speakingSamplesA()).isEqualTo(14);
    assertThat(tracker.speakingSamplesB()).isEqualTo(11);
    assertThat(tracker.overlapSamples()).isEqualTo(2);
    assertThat(tracker.mutualSilenceSamples()).isEqualTo(17);
    assertThat(tracker.transitionsAToB()).isEqualTo(2);
    assertThat(tracker.transitionsBToA()).isEqualTo(1);
    assertThat(tracker.meanResponseLatencyMsB()).isEqualTo(100); // (2 + 3) / 2 ticks * 40 ms
    assertThat(tracker.meanResponseLatencyMsA()).isEqualTo(-80); // -2 ticks
    assertThat(tracker.meanResponseLatencyMs()).isEqualTo(40); // (2 + 3 - 2) / 3 ticks
    assertThat(tracker.speakingShareAQ14()).isEqualTo(9175); // 14 / 25 * 16384 = 9175.04
    assertThat(tracker.speakingFractionBQ14()).isEqualTo(4506); // 11 / 40 * 16384 = 4505.6

    // Slide 10 ticks of silence in: ticks 0-9 leave, taking a->b at 7 (and 5 of a's ticks).
    feed(tracker, "-*10");
    assertThat(tracker.transitionsAToB()).isEqualTo(1);
    assertThat(tracker.meanResponseLatencyMsB()).isEqualTo(120);
    assertThat(tracker.speakingSamplesA()).isEqualTo(9);
    assertThat(tracker.speakingSamplesB()).isEqualTo(8);
  }

  @Test
  void shouldNotCountAResponseWhenAThirdPersonTookTheFloorInBetween() {
    TurnTakingTracker dyadic = new TurnTakingTracker(30, 0, RATE_HZ);
    TurnTakingTracker grouped = new TurnTakingTracker(30, 0, RATE_HZ);
    for (int t = 0; t < 30; t++) {
      boolean a = t < 10;
      boolean c = t >= 12 && t < 20; // a third person of the same table
      boolean b = t >= 22;
      dyadic.onTick(true, a, true, b);
      grouped.onTick(true, a, true, b, c);
    }
    assertThat(dyadic.transitionsAToB()).isEqualTo(1);
    assertThat(dyadic.meanResponseLatencyMsB()).isEqualTo(12 * 40);
    assertThat(grouped.transitionsAToB()).isZero();
    assertThat(grouped.mutualSilenceSamples()).isEqualTo(dyadic.mutualSilenceSamples());
  }

  @Test
  void shouldNeverCountATransitionAcrossAGap() {
    TurnTakingTracker tracker = new TurnTakingTracker(30, 5, RATE_HZ);
    feed(tracker, "A*10", "x*2", "B*10", "-*8");
    assertThat(tracker.present()).isTrue();
    assertThat(tracker.missingSamples()).isEqualTo(2);
    assertThat(tracker.transitionsAToB() + tracker.transitionsBToA()).isZero();
    assertThat(tracker.hasResponseLatency()).isFalse();
    feed(tracker, "A*1");
    assertThat(tracker.transitionsBToA()).isEqualTo(1);
    assertThat(tracker.meanResponseLatencyMsA()).isEqualTo(8 * 40);
  }

  @Test
  void shouldBeAbsentUntilTheWindowFillsAndWhenTooMuchIsMissing() {
    TurnTakingTracker tracker = new TurnTakingTracker(50, 10, RATE_HZ);
    feed(tracker, "A*39");
    assertThat(tracker.present()).isFalse();
    feed(tracker, "A*1");
    assertThat(tracker.present()).isTrue();
    feed(tracker, "x*10");
    assertThat(tracker.present()).isTrue();
    feed(tracker, "x*1");
    assertThat(tracker.present()).isFalse();
    assertThat(tracker.hasSpeakingShare()).isTrue();
    feed(tracker, "-*50");
    assertThat(tracker.present()).isTrue();
    assertThat(tracker.hasSpeakingShare()).isFalse();
  }

  @Test
  void shouldMatchAStraightforwardRecomputationOfEveryWindow() {
    SplittableRandom random = new SplittableRandom(99);
    int length = 4000;
    int window = 125;
    boolean[] valid = new boolean[length];
    boolean[] a = new boolean[length];
    boolean[] b = new boolean[length];
    boolean[] others = new boolean[length];
    generate(random, valid, a, b);
    boolean third = false;
    for (int t = 0; t < length; t++) {
      if (random.nextInt(30) == 0) {
        third = !third;
      }
      others[t] = third;
    }
    TurnTakingTracker tracker = new TurnTakingTracker(window, 30, RATE_HZ);
    int windowsWithTransitions = 0;
    for (int t = 0; t < length; t++) {
      tracker.onTick(valid[t] || random.nextBoolean(), a[t], valid[t], b[t], others[t]);
      Reference ref = Reference.of(valid, a, b, others, t, window);
      assertThat(tracker.validSamples()).isEqualTo(ref.valid);
      assertThat(tracker.speakingSamplesA()).isEqualTo(ref.speakA);
      assertThat(tracker.speakingSamplesB()).isEqualTo(ref.speakB);
      assertThat(tracker.overlapSamples()).isEqualTo(ref.overlap);
      assertThat(tracker.mutualSilenceSamples()).isEqualTo(ref.silence);
      assertThat(tracker.transitionsAToB()).as("tick %d", t).isEqualTo(ref.countAToB);
      assertThat(tracker.transitionsBToA()).as("tick %d", t).isEqualTo(ref.countBToA);
      assertThat(tracker.latencySumTicksB()).isEqualTo(ref.latencyAToB);
      assertThat(tracker.latencySumTicksA()).isEqualTo(ref.latencyBToA);
      assertThat(tracker.present()).isEqualTo(window - ref.valid <= 30);
      if (ref.countAToB > 0 && ref.countBToA > 0) {
        windowsWithTransitions++;
      }
    }
    assertThat(windowsWithTransitions).isGreaterThan(length / 4);
  }

  @Test
  void shouldStayExactOverHoursOfTicks() {
    SplittableRandom random = new SplittableRandom(5);
    int length = 360_000; // 4 hours at 25 Hz
    boolean[] valid = new boolean[length];
    boolean[] a = new boolean[length];
    boolean[] b = new boolean[length];
    generate(random, valid, a, b);
    int window = 250;
    TurnTakingTracker tracker = new TurnTakingTracker(window, 50, RATE_HZ);
    for (int t = 0; t < length; t++) {
      tracker.onTick(valid[t], a[t], valid[t], b[t]);
      if (t % 40_000 == 39_999) {
        Reference ref = Reference.of(valid, a, b, new boolean[length], t, window);
        assertThat(tracker.speakingSamplesA()).isEqualTo(ref.speakA);
        assertThat(tracker.transitionsAToB()).isEqualTo(ref.countAToB);
        assertThat(tracker.latencySumTicksA()).isEqualTo(ref.latencyBToA);
      }
    }
  }

  @Test
  void shouldAllocateNothingPerTick() {
    TurnTakingTracker tracker = new TurnTakingTracker(250, 50, RATE_HZ);
    SplittableRandom random = new SplittableRandom(1);
    int length = 20_000;
    boolean[] valid = new boolean[length];
    boolean[] a = new boolean[length];
    boolean[] b = new boolean[length];
    generate(random, valid, a, b);
    long[] sink = new long[1];
    Runnable work =
        () -> {
          for (int t = 0; t < length; t++) {
            tracker.onTick(valid[t], a[t], valid[t], b[t]);
            sink[0] += tracker.meanResponseLatencyMs() + tracker.speakingShareAQ14();
          }
        };
    work.run();
    assertThat(AllocationMeter.minAllocatedBytes(work, 3)).isZero();
  }

  @Test
  void shouldRejectBadParametersNamingThem() {
    assertThatThrownBy(() -> new TurnTakingTracker(1, 0, RATE_HZ))
        .hasMessageContaining("windowSamples=1");
    assertThatThrownBy(() -> new TurnTakingTracker(10, 10, RATE_HZ))
        .hasMessageContaining("maxMissingSamples=10");
    assertThatThrownBy(() -> new TurnTakingTracker(10, 1, 0)).hasMessageContaining("gridRateHz=0");
  }

  /**
   * Two-state speakers with turns of a few seconds, backchannels, overlaps and missing stretches.
   */
  private static void generate(SplittableRandom random, boolean[] valid, boolean[] a, boolean[] b) {
    boolean sa = false;
    boolean sb = false;
    int missing = 0;
    for (int t = 0; t < valid.length; t++) {
      if (random.nextInt(20) == 0) {
        sa = !sa;
      }
      if (random.nextInt(20) == 0) {
        sb = !sb;
      }
      if (missing > 0) {
        missing--;
      } else if (random.nextInt(300) == 0) {
        missing = random.nextInt(1, 40);
      }
      valid[t] = missing == 0;
      a[t] = sa;
      b[t] = sb;
    }
  }

  /**
   * The definitions of the tracker's Javadoc applied literally, by scanning backwards from every
   * tick of the window: no running state shared with the tracker.
   */
  private static final class Reference {
    int valid;
    int speakA;
    int speakB;
    int overlap;
    int silence;
    int countAToB;
    int countBToA;
    long latencyAToB;
    long latencyBToA;

    static Reference of(
        boolean[] valid, boolean[] a, boolean[] b, boolean[] others, int end, int window) {
      Reference r = new Reference();
      for (int s = Math.max(0, end - window + 1); s <= end; s++) {
        if (!valid[s]) {
          continue;
        }
        r.valid++;
        r.speakA += a[s] ? 1 : 0;
        r.speakB += b[s] ? 1 : 0;
        r.overlap += a[s] && b[s] ? 1 : 0;
        r.silence += !a[s] && !b[s] ? 1 : 0;
        if (a[s] == b[s]) {
          continue;
        }
        boolean[] now = a[s] ? a : b;
        boolean[] other = a[s] ? b : a;
        int p = s - 1;
        while (p >= 0 && valid[p] && a[p] == b[p] && !(!a[p] && others[p])) {
          p--;
        }
        if (p < 0 || !valid[p] || a[p] == b[p] || now[p]) {
          // Nobody held the floor since the last gap or the last third-party turn, or the same
          // speaker did.
          continue;
        }
        int start = s;
        while (start - 1 >= 0 && valid[start - 1] && now[start - 1]) {
          start--;
        }
        int lastOther = s - 1;
        while (!other[lastOther]) {
          lastOther--;
        }
        long latency = start - (lastOther + 1L);
        if (a[s]) {
          r.countBToA++;
          r.latencyBToA += latency;
        } else {
          r.countAToB++;
          r.latencyAToB += latency;
        }
      }
      return r;
    }
  }
}
