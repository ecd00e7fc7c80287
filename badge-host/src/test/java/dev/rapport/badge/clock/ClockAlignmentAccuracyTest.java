package dev.rapport.badge.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The accuracy target of issue 3, measured against the simulation's ground truth over one simulated
 * hour: alignment error at most 2 ms at the 99th percentile from 30 s on, in every 5-minute block.
 * The measured figures go to target/clock-figures.md (copied into docs/clock.md).
 */
class ClockAlignmentAccuracyTest {
  private static final long S = 1_000_000_000L;
  private static final long TARGET_P99_NS = 2_000_000L;
  private static final long HOUR_NS = 3600 * S;
  private static final List<String> FIGURES = new ArrayList<>();

  static Stream<Arguments> targetScenarios() {
    return Stream.of(
        Arguments.of("32768 Hz, -100 ppm", scenario(32768, -100, 11)),
        Arguments.of("32768 Hz, -50 ppm", scenario(32768, -50, 12)),
        Arguments.of("32768 Hz, 0 ppm", scenario(32768, 0, 13)),
        Arguments.of("32768 Hz, +50 ppm", scenario(32768, 50, 14)),
        Arguments.of("32768 Hz, +100 ppm", scenario(32768, 100, 15)),
        Arguments.of("1000 Hz, -100 ppm", scenario(1000, -100, 16)),
        Arguments.of("1000 Hz, +100 ppm", scenario(1000, 100, 17)));
  }

  private static ClockSimulation.Scenario scenario(double tickRateHz, double driftPpm, long seed) {
    final ClockSimulation.Scenario sc = new ClockSimulation.Scenario().drift(driftPpm).seed(seed);
    sc.tickRateHz = tickRateHz;
    // Start each badge's counter somewhere random in its range, as a real badge would be.
    sc.startTicks = Math.floorMod(seed * 0x9E3779B97F4A7C15L, 1L << 32);
    return sc;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targetScenarios")
  void shouldStayWithinTwoMillisecondsAtP99FromThirtySecondsOverAnHour(
      String name, ClockSimulation.Scenario sc) {
    final ClockSimulation.Result r = ClockSimulation.run(sc);
    record(name + ", delay 0-50 ms + 5 ms jitter", r);

    assertThat(r.percentileNs(99, 30 * S, HOUR_NS)).isLessThanOrEqualTo(TARGET_P99_NS);
    assertThat(r.percentileNs(99, 30 * S, 60 * S)).isLessThanOrEqualTo(TARGET_P99_NS);
    assertThat(r.worstBlockP99Ns(30 * S, HOUR_NS, 300 * S)).isLessThanOrEqualTo(TARGET_P99_NS);
    // Causal timestamps: the reported bound must hold for every sample.
    assertThat(r.boundExceededFraction(30 * S, HOUR_NS)).isZero();
    assertThat(r.aligner.rebootCount()).isZero();
    assertThat(r.aligner.state()).isEqualTo(SyncState.SYNCED);
    assertThat(r.aligner.driftPpm())
        .isCloseTo(sc.driftPpm, org.assertj.core.data.Offset.offset(5.0));
  }

  @Test
  void shouldBeFarBetterOnALowDelaySerialLink() {
    final ClockSimulation.Scenario sc = scenario(32768, 80, 21).delays(2, 1);
    final ClockSimulation.Result r = ClockSimulation.run(sc);
    record("32768 Hz, +80 ppm, delay 0-2 ms + 1 ms jitter (serial)", r);

    assertThat(r.percentileNs(99, 30 * S, HOUR_NS)).isLessThanOrEqualTo(500_000L);
    assertThat(r.boundExceededFraction(30 * S, HOUR_NS)).isZero();
  }

  @Test
  void shouldStopSyncingFastWhenTheLinkFloorKeepsTheBoundUp() {
    // 4-5 ms each way, never less: the bound cannot go below 4 ms, the error (symmetric) is small.
    final ClockSimulation.Scenario sc = scenario(32768, 30, 25).delays(1, 0);
    sc.minDelayMs = 4;
    sc.lateProbability = 0;
    final ClockSimulation.Result r = ClockSimulation.run(sc);
    record("32768 Hz, +30 ppm, delay 4-5 ms (floor 4 ms)", r);

    assertThat(r.aligner.estimatedErrorNanos()).isGreaterThan(TARGET_P99_NS);
    assertThat(r.aligner.state()).isEqualTo(SyncState.SYNCING);
    // 2400 fast requests, then one per second
    assertThat(r.requestsSent).isLessThan(TimeSyncScheduler.DEFAULT_MAX_FAST_REQUESTS + 3700);
    assertThat(r.percentileNs(99, 30 * S, HOUR_NS)).isLessThanOrEqualTo(TARGET_P99_NS);
    assertThat(r.boundExceededFraction(30 * S, HOUR_NS)).isZero();
  }

  @Test
  void shouldUnwrapTheCounterAcrossItsWrapWithoutLosingAccuracy() {
    // 1 MHz wraps every 71.6 minutes; start 20 minutes before the wrap.
    final ClockSimulation.Scenario sc = scenario(1_000_000, -70, 22);
    sc.startTicks = (1L << 32) - 1_200_000_000L;
    final ClockSimulation.Result r = ClockSimulation.run(sc);
    record("1 MHz, -70 ppm, counter wraps at 20 min", r);

    assertThat(r.percentileNs(99, 30 * S, HOUR_NS)).isLessThanOrEqualTo(TARGET_P99_NS);
    assertThat(r.percentileNs(100, 19 * 60 * S, 22 * 60 * S)).isLessThanOrEqualTo(TARGET_P99_NS);
    assertThat(r.aligner.rebootCount()).isZero();
    assertThat(r.aligner.unwrapTicks(0)).isGreaterThan(1L << 32);
  }

  @Test
  void shouldDetectRebootResetAndResyncWithinSeconds() {
    final ClockSimulation.Scenario sc = scenario(32768, 60, 23);
    sc.rebootAtNs = 20 * 60 * S;
    sc.rebootToTicks = 0;
    final ClockSimulation.Result r = ClockSimulation.run(sc);
    record("32768 Hz, +60 ppm, before the reboot at 20 min", r, 30 * S, sc.rebootAtNs);
    record("32768 Hz, +60 ppm, from 30 s after re-sync", r, r.resyncedAtNs + 30 * S, HOUR_NS);

    assertThat(r.aligner.rebootCount()).isEqualTo(1);
    assertThat(r.firstResetAtNs).isBetween(sc.rebootAtNs, sc.rebootAtNs + 2 * S);
    assertThat(r.resyncedAtNs).isBetween(r.firstResetAtNs, r.firstResetAtNs + 40 * S);
    assertThat(r.percentileNs(99, 30 * S, sc.rebootAtNs)).isLessThanOrEqualTo(TARGET_P99_NS);
    assertThat(r.percentileNs(99, r.resyncedAtNs + 30 * S, HOUR_NS))
        .isLessThanOrEqualTo(TARGET_P99_NS);
  }

  @Test
  void shouldDegradeGracefullyAndCountWhenSomeBadgeStampsAreWrong() {
    // Not causal: 1 % of exchanges carry t2/t3 wrong by 10-40 ms either way (a firmware bug).
    final ClockSimulation.Scenario sc = scenario(32768, -100, 24);
    sc.badStampProbability = 0.01;
    final ClockSimulation.Result r = ClockSimulation.run(sc);
    record("32768 Hz, -100 ppm, 1 % of stamps wrong by 10-40 ms", r);

    assertThat(r.aligner.outliersRemoved()).isGreaterThan(0);
    assertThat(r.percentileNs(99, 60 * S, HOUR_NS)).isLessThanOrEqualTo(3 * TARGET_P99_NS);
    assertThat(r.aligner.rebootCount()).isZero();
  }

  private static void record(String name, ClockSimulation.Result r) {
    record(name, r, 30 * S, r.sampleNs[r.count - 1] + 1);
  }

  private static synchronized void record(
      String name, ClockSimulation.Result r, long from, long to) {
    FIGURES.add(
        String.format(
            Locale.ROOT,
            "| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.1f | %d |",
            name,
            r.percentileNs(50, from, to) / 1e6,
            r.percentileNs(99, from, to) / 1e6,
            r.percentileNs(100, from, to) / 1e6,
            r.percentileNs(99, from, from + 30 * S) / 1e6,
            r.worstBlockP99Ns(from, to, 300 * S) / 1e6,
            r.requestsSent / (r.sampleNs[r.count - 1] / 1e9),
            r.aligner.outliersRemoved()));
  }

  @AfterAll
  static void writeFigures() throws IOException {
    final StringBuilder sb = new StringBuilder();
    sb.append("| scenario | p50 ms | p99 ms | max ms | p99 first 30 s ms | worst 5-min p99 ms |")
        .append(" syncs/s | outliers removed |\n");
    sb.append("|---|---|---|---|---|---|---|---|\n");
    for (String row : FIGURES) {
      sb.append(row).append('\n');
    }
    final Path out = Path.of("target", "clock-figures.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, sb.toString());
    System.out.print(sb);
  }
}
