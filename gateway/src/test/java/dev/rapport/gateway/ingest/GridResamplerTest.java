package dev.rapport.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.badge.protocol.MicEnergyFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GridResamplerTest {
  private static final long MS = 1_000_000L;
  private static final long P = 40 * MS;

  /** Copies every emitted tick (the resampler reuses its tick object). */
  static final class Collector implements GridTickListener {
    final List<long[]> rows = new ArrayList<>();
    final List<Long> ticks = new ArrayList<>();

    @Override
    public void onTick(GridTick t) {
      ticks.add(t.tickIndex());
      for (int s = 0; s < t.slots(); s++) {
        rows.add(
            new long[] {
              t.tickIndex(),
              s,
              t.present()[s] ? 1 : 0,
              t.axMg()[s],
              t.ayMg()[s],
              t.azMg()[s],
              t.micPresent()[s] ? 1 : 0,
              t.micEnergy()[s],
              t.accelSamples(s)
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

  private static IngestConfig config(long latenessNs) {
    return IngestConfig.builder().allowedLatenessNs(latenessNs).maxAheadNs(200 * MS).build();
  }

  @Test
  void shouldAverageTheSamplesFallingIntoATickExactly() {
    final Collector out = new Collector();
    final GridResampler g = new GridResampler(2, config(100 * MS), out);
    g.advanceTo(1000 * P);
    final long t0 = 1000 * P; // start of tick 1000
    g.placeAccel(0, t0, 10, -10, 1000);
    g.placeAccel(0, t0 + 20 * MS, 11, -11, 1001);
    g.placeAccel(0, t0 + 39_999_999, 13, -13, 1003); // last ns of the tick
    g.placeAccel(0, t0 + P, 500, 500, 500); // first ns of the next tick
    g.placeAccel(1, t0 + 5 * MS, -7, 7, 0);
    g.advanceTo(t0 + 2 * P + 100 * MS);
    // (10+11+13)/3 = 11.33 -> 11; (1000+1001+1003)/3 = 1001.33 -> 1001
    assertThat(out.row(1000, 0)).containsExactly(1000, 0, 1, 11, -11, 1001, 0, 0xFFFF, 3);
    assertThat(out.row(1000, 1)).containsExactly(1000, 1, 1, -7, 7, 0, 0, 0xFFFF, 1);
    assertThat(out.row(1001, 0)).containsExactly(1001, 0, 1, 500, 500, 500, 0, 0xFFFF, 1);
  }

  @Test
  void shouldRoundMeansHalfAwayFromZero() {
    assertThat(GridResampler.roundedMean(3, 2)).isEqualTo(2); // 1.5
    assertThat(GridResampler.roundedMean(-3, 2)).isEqualTo(-2); // -1.5
    assertThat(GridResampler.roundedMean(5, 4)).isEqualTo(1); // 1.25
    assertThat(GridResampler.roundedMean(-5, 4)).isEqualTo(-1);
    assertThat(GridResampler.roundedMean(7, 4)).isEqualTo(2); // 1.75
    assertThat(GridResampler.roundedMean(0, 3)).isZero();
  }

  @Test
  void shouldMarkTicksWithoutSamplesMissingNeverZero() {
    final Collector out = new Collector();
    final GridResampler g = new GridResampler(2, config(0), out);
    g.advanceTo(0);
    g.placeAccel(0, 0, 0, 0, 0); // a real zero reading in tick 0
    g.placeAccel(0, 2 * P + MS, 5, 5, 5); // tick 2; tick 1 stays empty
    g.advanceTo(3 * P);
    assertThat(out.ticks).containsExactly(0L, 1L, 2L);
    assertThat(out.row(0, 0)[2]).isEqualTo(1); // present, and really zero
    assertThat(out.row(0, 0)[3]).isZero();
    final long[] gap = out.row(1, 0);
    assertThat(gap[2]).isZero();
    assertThat(gap[3]).isEqualTo(GridTick.MISSING);
    assertThat(gap[4]).isEqualTo(GridTick.MISSING);
    assertThat(gap[5]).isEqualTo(GridTick.MISSING);
    assertThat(gap[7]).isEqualTo(MicEnergyFrame.LEVEL_NOT_MEASURED);
    assertThat(out.row(2, 1)[2]).isZero(); // slot 1 never sent anything
  }

  @Test
  void shouldEmitATickOnlyOnceTheWatermarkHasPassedIt() {
    final Collector out = new Collector();
    final GridResampler g = new GridResampler(1, config(300 * MS), out);
    g.advanceTo(10 * P);
    g.placeAccel(0, 10 * P, 1, 1, 1);
    g.advanceTo(11 * P + 300 * MS - 1); // watermark 1 ns short of tick 10's end
    // the grid starts at the first watermark (tick 2); ticks up to 9 are out, 10 is not
    assertThat(out.ticks).startsWith(2L).endsWith(9L);
    // still open: a late sample for tick 10 gets in
    assertThat(g.placeAccel(0, 10 * P + 30 * MS, 3, 3, 3)).isEqualTo(Placement.PLACED);
    g.advanceTo(11 * P + 300 * MS);
    assertThat(out.ticks).endsWith(9L, 10L);
    assertThat(out.row(10, 0)[3]).isEqualTo(2);
    // now it is closed
    assertThat(g.placeAccel(0, 10 * P + 35 * MS, 9, 9, 9)).isEqualTo(Placement.LATE);
    assertThat(g.samplesLate()).isEqualTo(1);
  }

  @Test
  void shouldRefuseSamplesTooFarAheadOfTheWatermark() {
    final Collector out = new Collector();
    final GridResampler g = new GridResampler(1, config(100 * MS), out);
    g.advanceTo(100 * P);
    assertThat(g.placeAccel(0, 100 * P + 10_000 * MS, 1, 1, 1)).isEqualTo(Placement.TOO_FAR_AHEAD);
    assertThat(g.samplesTooFarAhead()).isEqualTo(1);
  }

  @Test
  void shouldGiveATickTheLevelOfTheMicPeriodCoveringItsCentre() {
    final Collector out = new Collector();
    final GridResampler g = new GridResampler(1, config(0), out);
    g.advanceTo(0);
    // 40 ms periods offset by 15 ms from the grid: period [15, 55) covers tick 0's centre (20 ms)
    g.placeMicPeriod(0, 15 * MS, 55 * MS, 3000);
    g.placeMicPeriod(0, 55 * MS, 95 * MS, 4000); // covers centre 60 ms of tick 1
    // tick 2 (centre 100 ms) gets nothing
    g.placeMicPeriod(0, 135 * MS, 175 * MS, 5000); // covers centre 140 ms of tick 3
    g.advanceTo(4 * P);
    assertThat(out.row(0, 0)[7]).isEqualTo(3000);
    assertThat(out.row(1, 0)[7]).isEqualTo(4000);
    assertThat(out.row(2, 0)[6]).isZero();
    assertThat(out.row(2, 0)[7]).isEqualTo(MicEnergyFrame.LEVEL_NOT_MEASURED);
    assertThat(out.row(3, 0)[7]).isEqualTo(5000);
  }

  @Test
  void shouldAverageShortMicPeriodsByTheirOwnCentres() {
    final Collector out = new Collector();
    final GridResampler g = new GridResampler(1, config(0), out);
    g.advanceTo(0);
    // 10 ms periods: only [15, 25) covers the centre 20 ms; the others count where their centre is
    g.placeMicPeriod(0, 0, 10 * MS, 1000);
    g.placeMicPeriod(0, 10 * MS, 20 * MS, 2000);
    g.placeMicPeriod(0, 20 * MS, 30 * MS, 3001);
    g.placeMicPeriod(0, 30 * MS, 40 * MS, 4000);
    g.advanceTo(P);
    // [20, 30) covers the centre 20 ms itself; the other three count by their own centres
    assertThat(out.row(0, 0)[7]).isEqualTo(GridResampler.roundedMean(1000 + 2000 + 3001 + 4000, 4));
  }

  @Test
  void shouldProduceIdenticalGridsForIdenticalInputs() {
    final Collector a = new Collector();
    final Collector b = new Collector();
    for (Collector c : new Collector[] {a, b}) {
      final GridResampler g = new GridResampler(3, config(200 * MS), c);
      final java.util.SplittableRandom r = new java.util.SplittableRandom(5);
      long now = 0;
      g.advanceTo(now);
      for (int i = 0; i < 5000; i++) {
        now += r.nextLong(1, 10 * MS);
        g.advanceTo(now);
        final long t = now - r.nextLong(0, 250 * MS);
        g.placeAccel(r.nextInt(3), t, r.nextInt(-2000, 2000), r.nextInt(-2000, 2000), 1000);
        g.placeMicPeriod(r.nextInt(3), t, t + 40 * MS, r.nextInt(0, 9032));
      }
      g.advanceTo(now + 10_000 * MS);
    }
    assertThat(a.rows).hasSameSizeAs(b.rows);
    for (int i = 0; i < a.rows.size(); i++) {
      assertThat(a.rows.get(i)).containsExactly(b.rows.get(i));
    }
    // ticks come in order without gaps
    for (int i = 1; i < a.ticks.size(); i++) {
      assertThat(a.ticks.get(i)).isEqualTo(a.ticks.get(i - 1) + 1);
    }
  }

  @Test
  void shouldNeverMoveTheWatermarkBack() {
    final Collector out = new Collector();
    final GridResampler g = new GridResampler(1, config(0), out);
    g.advanceTo(10 * P);
    g.advanceTo(20 * P);
    final long emitted = g.ticksEmitted();
    g.advanceTo(5 * P);
    assertThat(g.ticksEmitted()).isEqualTo(emitted);
    assertThat(g.nextTick()).isEqualTo(20);
  }

  @Test
  void shouldRequireAWatermarkBeforeSamples() {
    final GridResampler g = new GridResampler(1, config(0), t -> {});
    assertThatThrownBy(() -> g.placeAccel(0, 0, 1, 1, 1)).isInstanceOf(IllegalStateException.class);
  }
}
