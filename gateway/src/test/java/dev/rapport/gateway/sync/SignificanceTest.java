package dev.rapport.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SignificanceTest {

  /** x shifted back in time by s ticks: the partner "from s ticks ago". */
  private static TestSignals delayed(TestSignals s, int shift) {
    int n = s.values.length;
    int[] v = new int[n];
    boolean[] ok = new boolean[n];
    for (int i = shift; i < n; i++) {
      v[i] = s.values[i - shift];
      ok[i] = s.valid[i - shift];
    }
    TestSignals d = TestSignals.of(v);
    System.arraycopy(ok, 0, d.valid, 0, n);
    return d;
  }

  @Test
  void shouldComputeSurrogatePeaksExactlyAsTheReferenceDoesOnTimeShiftedPartners() {
    SyncConfig config =
        SyncConfig.builder().windowSamples(80).maxLagSamples(10).hopSamples(1).build();
    int shift = 2 * 10 + 1 + 37;
    int capacity = 2 * 80 + 3 * 10 + 2 + shift;
    SignalHistory hx = new SignalHistory(capacity);
    SignalHistory hy = new SignalHistory(capacity);
    WccEvaluator evaluator = new WccEvaluator(config);
    int n = 700;
    TestSignals x = TestSignals.of(TestSignals.movement(41, n));
    TestSignals y = TestSignals.of(TestSignals.follower(x.values, 3, 0.5, 42));
    System.arraycopy(TestSignals.randomMissing(43, n, 0.04), 0, y.valid, 0, n);
    TestSignals yDelayed = delayed(y, shift);
    TestSignals xDelayed = delayed(x, shift);
    WccMeasure got = new WccMeasure();
    int compared = 0;
    for (int t = 0; t < n; t++) {
      hx.push(x.values[t], x.valid[t]);
      hy.push(y.values[t], y.valid[t]);
      for (boolean aDelayed : new boolean[] {false, true}) {
        evaluator.evaluate(hx, aDelayed ? shift : 0, hy, aDelayed ? 0 : shift, null, 0, got);
        TestSignals rx = aDelayed ? xDelayed : x;
        TestSignals ry = aDelayed ? y : yDelayed;
        double[] r =
            DoubleReferenceWcc.correlations(
                rx.values, rx.valid, ry.values, ry.valid, t, 80, 10, config.minValidPairs());
        int peak = DoubleReferenceWcc.peakIndex(r, 10);
        assertThat(got.present()).as("t=%d", t).isEqualTo(peak >= 0);
        if (peak >= 0) {
          compared++;
          assertThat(Math.abs(FixedPoint.q30ToDouble(got.rPeakQ30()) - r[peak])).isLessThan(1e-6);
          if (DoubleReferenceWcc.peakMargin(r, peak) > 0.01) {
            assertThat(got.peakLagSamples()).isEqualTo(peak - 10);
          }
        }
      }
    }
    assertThat(compared).isGreaterThan(800);
  }

  @Test
  void shouldComputeZAndEmpiricalPFromThePool() {
    SurrogatePool pool = new SurrogatePool(10, 4);
    SplittableRandom random = new SplittableRandom(44);
    double[] values = new double[10];
    for (int i = 0; i < 10; i++) {
      int q = random.nextInt(FixedPoint.ONE_Q30 / 2);
      values[i] = (q >> 15) / 32768.0;
      pool.add(q);
    }
    WccMeasure m = new WccMeasure();
    int r = (int) (0.6 * FixedPoint.ONE_Q30);
    pool.assess(r, 5, m);
    double mean = 0;
    for (double v : values) {
      mean += v / 10;
    }
    double var = 0;
    for (double v : values) {
      var += (v - mean) * (v - mean) / 10;
    }
    double z = ((r >> 15) / 32768.0 - mean) / Math.sqrt(var);
    assertThat(m.significancePresent()).isTrue();
    assertThat(m.surrogateCount()).isEqualTo(10);
    assertThat(m.surrogatesAtOrAbove()).isZero();
    assertThat(m.pValue()).isEqualTo(1.0 / 11);
    assertThat(FixedPoint.q16ToDouble(m.zQ16()))
        .isCloseTo(z, org.assertj.core.data.Offset.offset(1e-3));
    pool.assess(-FixedPoint.ONE_Q30, 5, m);
    assertThat(m.surrogatesAtOrAbove()).isEqualTo(10);
    pool.assess(r, 11, m);
    assertThat(m.significancePresent()).isFalse();
  }

  @Test
  void shouldHoldStagedSurrogatesBackUntilCommitted() {
    SurrogatePool pool = new SurrogatePool(4, 2);
    assertThat(pool.stage(5)).isTrue();
    assertThat(pool.stage(6)).isTrue();
    assertThat(pool.stage(7)).isFalse();
    assertThat(pool.size()).isZero();
    pool.commit();
    assertThat(pool.size()).isEqualTo(2);
  }

  @Test
  void shouldReportNoZWhenAllSurrogatesAreEqual() {
    SurrogatePool pool = new SurrogatePool(8, 1);
    for (int i = 0; i < 8; i++) {
      pool.add(1 << 28);
    }
    WccMeasure m = new WccMeasure();
    pool.assess(1 << 29, 8, m);
    assertThat(m.significancePresent()).isTrue();
    assertThat(m.zPresent()).isFalse();
    assertThat(m.baselineQ30()).isEqualTo(1 << 28);
  }

  @Test
  void shouldSeparateACoupledPairFromIndependentOnes() {
    int n = 3000;
    int[] a = TestSignals.movement(45, n);
    Map<String, int[]> movement = new LinkedHashMap<>();
    movement.put("a", a);
    movement.put("b", TestSignals.follower(a, 10, 0.85, 46));
    movement.put("c", TestSignals.movement(47, n));
    RecordingListener out = new RecordingListener();
    RoomEngine engine =
        RoomEngine.builder(SyncConfig.defaults())
            .badges(movement.keySet())
            .modalities(java.util.EnumSet.of(Modality.MOVEMENT))
            .listener(out)
            .build();
    TickFeatures tick = engine.newTickFeatures();
    for (int t = 0; t < n; t++) {
      tick.clear().timeMs(t * 40L);
      for (Map.Entry<String, int[]> e : movement.entrySet()) {
        tick.motion(engine.slotOf(e.getKey()), e.getValue()[t]);
      }
      engine.onTick(tick);
    }
    List<RecordingListener.Measure> coupled = withSignificance(out, "a", "b");
    List<RecordingListener.Measure> independent = withSignificance(out, "a", "c");
    independent.addAll(withSignificance(out, "b", "c"));
    assertThat(coupled).hasSizeGreaterThan(50);
    assertThat(independent).hasSizeGreaterThan(100);

    // Coupled (the quiet stretches of the leader excepted): above every surrogate (the smallest p
    // the pool allows) and far out in z.
    long coupledSignificant =
        coupled.stream().filter(m -> m.atOrAbove() == 0 && m.zQ16() > 3 << 16).count();
    // Independent, once the pool is full (M = 32, so p can reach 1/33): rarely below 0.05.
    List<RecordingListener.Measure> independentFull =
        independent.stream().filter(m -> m.surrogates() == 32).toList();
    long independentSignificant = independentFull.stream().filter(m -> p(m) < 0.05).count();
    System.out.printf(
        "coupled %d/%d significant, independent %d/%d below 0.05%n",
        coupledSignificant, coupled.size(), independentSignificant, independentFull.size());
    assertThat(coupledSignificant).isGreaterThan(coupled.size() * 8L / 10);
    assertThat(independentFull).hasSizeGreaterThan(50);
    assertThat(independentSignificant).isLessThan(independentFull.size() / 5L);
    assertThat(engine.surrogatesDropped()).isZero();
  }

  private static double p(RecordingListener.Measure m) {
    return (m.atOrAbove() + 1.0) / (m.surrogates() + 1.0);
  }

  private static List<RecordingListener.Measure> withSignificance(
      RecordingListener out, String a, String b) {
    return new java.util.ArrayList<>(
        out.rows.stream()
            .filter(r -> r.a().equals(a) && r.b().equals(b) && r.movement().significance())
            .map(RecordingListener.Row::movement)
            .toList());
  }
}
