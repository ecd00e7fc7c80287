package dev.rapport.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The overflow proof in practice: the largest window the engine accepts (2^15 samples) with signals
 * pinned at the ends of the input range, checked against the double reference on every window.
 */
class ExtremeValueTest {
  private static final int W = SyncConfig.MAX_WINDOW_SAMPLES;
  private static final int L = 16;
  private static final int HOP = W / 4;

  private static RecordingListener run(TestSignals x, TestSignals y, int n) {
    SyncConfig config =
        SyncConfig.builder()
            .windowSamples(W)
            .maxLagSamples(L)
            .hopSamples(HOP)
            .surrogatePool(0)
            .build();
    RecordingListener out = new RecordingListener();
    RoomEngine engine =
        RoomEngine.builder(config)
            .badges(List.of("x", "y"))
            .modalities(EnumSet.of(Modality.MOVEMENT))
            .listener(out)
            .build();
    TickFeatures tick = engine.newTickFeatures();
    for (int t = 0; t < n; t++) {
      tick.clear().timeMs(t);
      if (x.valid[t]) {
        tick.motion(0, x.values[t]);
      }
      if (y.valid[t]) {
        tick.motion(1, y.values[t]);
      }
      engine.onTick(tick);
    }
    engine.flush();
    return out;
  }

  private static void assertMatchesReference(TestSignals x, TestSignals y, int n) {
    RecordingListener out = run(x, y, n);
    SyncConfig config =
        SyncConfig.builder().windowSamples(W).maxLagSamples(L).hopSamples(HOP).build();
    assertThat(out.rows).hasSize((n - W) / HOP + 1);
    for (RecordingListener.Row row : out.rows) {
      int t = (int) row.timeMs();
      double[] r =
          DoubleReferenceWcc.correlations(
              x.values, x.valid, y.values, y.valid, t, W, L, config.minValidPairs());
      int peak = DoubleReferenceWcc.peakIndex(r, L);
      assertThat(row.movement().present()).as("t=%d", t).isEqualTo(peak >= 0);
      if (peak >= 0) {
        assertThat(Math.abs(FixedPoint.q30ToDouble(row.movement().rQ30()) - r[peak]))
            .as("t=%d", t)
            .isLessThan(1e-6);
        if (DoubleReferenceWcc.peakMargin(r, peak) > 0.01) {
          assertThat(row.movement().lag()).isEqualTo(peak - L);
        }
      }
    }
  }

  @Test
  void shouldStayExactWithSaturatedSignalsInTheLargestWindow() {
    int n = W + 3 * HOP + 100;
    TestSignals x = TestSignals.of(TestSignals.saturated(51, n));
    TestSignals y = TestSignals.of(TestSignals.saturated(52, n));
    System.arraycopy(TestSignals.randomMissing(53, n, 0.1), 0, y.valid, 0, n);
    assertMatchesReference(x, y, n);
  }

  @Test
  void shouldStayExactWithFullRangeNoiseInTheLargestWindow() {
    int n = W + 2 * HOP;
    TestSignals x = TestSignals.of(TestSignals.noise(54, n, FixedPoint.MAX_SAMPLE));
    TestSignals y = TestSignals.of(TestSignals.noise(55, n, FixedPoint.MAX_SAMPLE));
    assertMatchesReference(x, y, n);
  }

  @Test
  void shouldGiveExactlyOneAtTheSmallestLagAmongTiedPerfectPeaks() {
    int n = W + HOP;
    TestSignals x = TestSignals.of(TestSignals.alternating(n));
    RecordingListener same = run(x, TestSignals.of(TestSignals.alternating(n)), n);
    for (RecordingListener.Row row : same.rows) {
      // r = +1 at every even lag: the tie goes to lag 0.
      assertThat(row.movement().rQ30()).isEqualTo(FixedPoint.ONE_Q30);
      assertThat(row.movement().lag()).isZero();
    }
    int[] complement = new int[n];
    for (int i = 0; i < n; i++) {
      complement[i] = FixedPoint.MAX_SAMPLE - x.values[i];
    }
    RecordingListener opposite = run(x, TestSignals.of(complement), n);
    for (RecordingListener.Row row : opposite.rows) {
      // r = -1 at lag 0 and +1 at every odd lag: the tie between -1 and +1 goes to -1.
      assertThat(row.movement().rQ30()).isEqualTo(FixedPoint.ONE_Q30);
      assertThat(row.movement().lag()).isEqualTo(-1);
    }
  }
}
