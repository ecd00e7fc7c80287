package dev.rapport.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.badge.protocol.MicEnergyFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GridAccumulatorTest {
  private static final long MS = 1_000_000L;
  private static final long P = 40 * MS;

  /** Copies every closed tick: {tick, slot, present, ax, ay, az, mic}. */
  static final class Collector implements GridTickSink {
    final List<long[]> rows = new ArrayList<>();
    final List<Long> ticks = new ArrayList<>();

    @Override
    public void onGridTick(
        long tickIndex,
        long tickEndNs,
        boolean[] present,
        int[] axMg,
        int[] ayMg,
        int[] azMg,
        int[] micCentiDb) {
      assertThat(tickEndNs).isEqualTo((tickIndex + 1) * P);
      ticks.add(tickIndex);
      for (int s = 0; s < present.length; s++) {
        rows.add(
            new long[] {
              tickIndex, s, present[s] ? 1 : 0, axMg[s], ayMg[s], azMg[s], micCentiDb[s]
            });
      }
    }

    long[] row(long tick, int slot) {
      for (long[] r : rows) {
        if (r[0] == tick && r[1] == slot) {
          return r;
        }
      }
      throw new AssertionError("no row for tick=" + tick + " slot=" + slot);
    }
  }

  @Test
  void shouldAverageTheSamplesFallingIntoATickExactly() {
    final Collector out = new Collector();
    final GridAccumulator g = new GridAccumulator(2, P, 64);
    g.closeUpTo(1000 * P, out); // fixes the start: tick 1000 is the first open one
    final long t0 = 1000 * P;
    g.addAccel(0, t0, 10, -10, 1000);
    g.addAccel(0, t0 + 20 * MS, 11, -11, 1001);
    g.addAccel(0, t0 + P - 1, 13, -13, 1003); // last ns of the tick
    g.addAccel(0, t0 + P, 500, 500, 500); // first ns of the next
    g.addAccel(1, t0 + 5 * MS, -7, 7, 0);
    g.addMicPeriod(0, t0, t0 + P, 4321);
    g.closeUpTo(t0 + 2 * P, out);
    // (10+11+13)/3 = 11.3 -> 11; (1000+1001+1003)/3 = 1001.3 -> 1001
    assertThat(out.row(1000, 0)).containsExactly(1000, 0, 1, 11, -11, 1001, 4321);
    // present without sound: the level says "not measured", movement is kept
    assertThat(out.row(1000, 1))
        .containsExactly(1000, 1, 1, -7, 7, 0, MicEnergyFrame.LEVEL_NOT_MEASURED);
    assertThat(out.row(1001, 0)[3]).isEqualTo(500);
  }

  @Test
  void shouldRoundMeansHalfAwayFromZero() {
    assertThat(GridAccumulator.divideRounded(3, 2)).isEqualTo(2);
    assertThat(GridAccumulator.divideRounded(-3, 2)).isEqualTo(-2);
    assertThat(GridAccumulator.divideRounded(5, 4)).isEqualTo(1);
    assertThat(GridAccumulator.divideRounded(-7, 4)).isEqualTo(-2);
  }

  @Test
  void shouldMarkTicksWithoutSamplesMissingNotInvented() {
    final Collector out = new Collector();
    final GridAccumulator g = new GridAccumulator(2, P, 64);
    g.closeUpTo(0, out);
    g.addAccel(0, 0, 0, 0, 0); // a real zero
    g.addAccel(0, 2 * P + MS, 5, 5, 5);
    g.addMicPeriod(1, P, 2 * P, 3000); // sound but no movement at slot 1, tick 1
    g.closeUpTo(3 * P, out);
    assertThat(out.ticks).containsExactly(0L, 1L, 2L);
    assertThat(out.row(0, 0)[2]).isEqualTo(1);
    assertThat(out.row(1, 0)[2]).isZero(); // tick 1 had no sample
    assertThat(out.row(1, 1)[2]).isZero(); // sound alone does not make a tick present
    assertThat(out.row(2, 1)[2]).isZero();
  }

  @Test
  void shouldCloseATickOnlyWhenToldNoMoreDataCanArrive() {
    final Collector out = new Collector();
    final GridAccumulator g = new GridAccumulator(1, P, 64);
    g.closeUpTo(10 * P, out);
    assertThat(g.addAccel(0, 10 * P, 1, 1, 1)).isTrue();
    g.closeUpTo(11 * P - 1, out);
    assertThat(out.ticks).isEmpty();
    assertThat(g.addAccel(0, 10 * P + 30 * MS, 3, 3, 3)).isTrue(); // late but still open
    g.closeUpTo(11 * P, out);
    assertThat(out.ticks).containsExactly(10L);
    assertThat(out.row(10, 0)[3]).isEqualTo(2);
    assertThat(g.addAccel(0, 10 * P + 35 * MS, 9, 9, 9)).isFalse();
    assertThat(g.samplesLate()).isEqualTo(1);
    assertThat(g.addAccel(0, 11 * P + 64 * P, 9, 9, 9)).isFalse(); // beyond the open ring
    assertThat(g.samplesTooEarly()).isEqualTo(1);
  }

  @Test
  void shouldGiveATickTheLevelOfThePeriodCoveringItsCentre() {
    final Collector out = new Collector();
    final GridAccumulator g = new GridAccumulator(1, P, 64);
    g.closeUpTo(0, out);
    for (int k = 0; k < 4; k++) {
      g.addAccel(0, k * P + MS, 1, 1, 1);
    }
    // 40 ms periods 15 ms off the grid: [15, 55) covers centre 20 ms of tick 0, and so on
    g.addMicPeriod(0, 15 * MS, 55 * MS, 3000);
    g.addMicPeriod(0, 55 * MS, 95 * MS, 4000);
    g.addMicPeriod(0, 135 * MS, 175 * MS, 5000); // tick 2 (centre 100 ms) gets none
    g.closeUpTo(4 * P, out);
    assertThat(out.row(0, 0)[6]).isEqualTo(3000);
    assertThat(out.row(1, 0)[6]).isEqualTo(4000);
    assertThat(out.row(2, 0)[6]).isEqualTo(MicEnergyFrame.LEVEL_NOT_MEASURED);
    assertThat(out.row(3, 0)[6]).isEqualTo(5000);
  }

  @Test
  void shouldAverageShortMicPeriodsByTheirOwnCentres() {
    final Collector out = new Collector();
    final GridAccumulator g = new GridAccumulator(1, P, 64);
    g.closeUpTo(0, out);
    g.addAccel(0, MS, 1, 1, 1);
    g.addMicPeriod(0, 0, 10 * MS, 1000);
    g.addMicPeriod(0, 10 * MS, 20 * MS, 2000);
    g.addMicPeriod(0, 20 * MS, 30 * MS, 3001);
    g.addMicPeriod(0, 30 * MS, 40 * MS, 4000);
    g.closeUpTo(P, out);
    assertThat(out.row(0, 0)[6]).isEqualTo(GridAccumulator.divideRounded(10_001, 4));
  }

  @Test
  void shouldProduceIdenticalGridsForIdenticalInputs() {
    final Collector a = new Collector();
    final Collector b = new Collector();
    for (Collector c : new Collector[] {a, b}) {
      final GridAccumulator g = new GridAccumulator(3, P, 64);
      final SplittableRandom r = new SplittableRandom(5);
      long now = 0;
      g.closeUpTo(now - 200 * MS, c);
      for (int i = 0; i < 5000; i++) {
        now += r.nextLong(1, 10 * MS);
        g.closeUpTo(now - 200 * MS, c);
        final long t = now - r.nextLong(0, 250 * MS);
        g.addAccel(r.nextInt(3), t, r.nextInt(-2000, 2000), r.nextInt(-2000, 2000), 1000);
        g.addMicPeriod(r.nextInt(3), t, t + 40 * MS, r.nextInt(0, 9032));
      }
      g.closeUpTo(now + 10_000 * MS, c);
    }
    assertThat(a.rows).hasSameSizeAs(b.rows);
    for (int i = 0; i < a.rows.size(); i++) {
      assertThat(a.rows.get(i)).containsExactly(b.rows.get(i));
    }
    for (int i = 1; i < a.ticks.size(); i++) {
      assertThat(a.ticks.get(i)).isEqualTo(a.ticks.get(i - 1) + 1);
    }
  }

  @Test
  void shouldNotAllocateInSteadyState() {
    final long[] sum = new long[1];
    final GridTickSink sink = (k, end, present, ax, ay, az, mic) -> sum[0] += ax[0] + mic[1];
    final GridAccumulator g = new GridAccumulator(8, P, 256);
    g.closeUpTo(0, sink);
    long now = 0;
    for (int round = 0; round < 3; round++) {
      final long before = ThreadAllocations.bytes();
      for (int i = 0; i < 100_000; i++) {
        now += 10 * MS;
        g.addAccel(i & 7, now, i & 1023, 7, 1000);
        g.addMicPeriod((i + 3) & 7, now, now + P, 3000);
        g.closeUpTo(now - 1000 * MS, sink);
      }
      if (round == 2) {
        // One allocation per call would be megabytes; the JVM may allocate a little once.
        assertThat(ThreadAllocations.bytes() - before).isLessThan(4_000);
      }
    }
    assertThat(sum[0]).isNotZero();
  }

  @Test
  void shouldRejectABadSlotNamingIt() {
    final GridAccumulator g = new GridAccumulator(2, P, 64);
    g.closeUpTo(0, (k, e, p, x, y, z, m) -> {});
    assertThatThrownBy(() -> g.addAccel(2, 0, 1, 1, 1)).hasMessageContaining("slot=2");
  }
}
