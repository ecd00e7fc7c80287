package dev.rapport.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomEngineTest {
  private static final long T0_MS = 1_700_000_000_000L;

  /** Movement and vocal series of one badge. */
  private record Badge(TestSignals movement, TestSignals vocal) {}

  private static RecordingListener run(SyncConfig config, Map<String, Badge> badges, int ticks) {
    RecordingListener listener = new RecordingListener();
    RoomEngine engine =
        RoomEngine.builder(config).badges(badges.keySet()).listener(listener).build();
    feed(engine, badges, ticks);
    engine.flush();
    return listener;
  }

  private static void feed(RoomEngine engine, Map<String, Badge> badges, int ticks) {
    TickFeatures tick = engine.newTickFeatures();
    int gridMs = 1000 / engine.config().rateHz();
    for (int t = 0; t < ticks; t++) {
      tick.clear().timeMs(T0_MS + (long) t * gridMs);
      for (Map.Entry<String, Badge> e : badges.entrySet()) {
        int slot = engine.slotOf(e.getKey());
        Badge b = e.getValue();
        if (b.movement().valid[t]) {
          tick.motion(slot, b.movement().values[t]);
        }
        if (b.vocal().valid[t]) {
          tick.vocal(slot, b.vocal().values[t], b.vocal().values[t] > 5000);
        }
        if (b.movement().valid[t]) {
          // Everyone leans with their own movement energy, so posture changes exist.
          double angle = b.movement().values[t] / 200_000.0;
          tick.posture(slot, (int) (16384 * Math.cos(angle)), 0, (int) (16384 * Math.sin(angle)));
        }
      }
      engine.onTick(tick);
    }
  }

  /** A room of four: a leads b by 12 ticks in movement, c and d are independent noise. */
  private static Map<String, Badge> fourBadges(int n) {
    int[] moveA = TestSignals.movement(21, n);
    int[] voiceA = TestSignals.vocal(22, n);
    Map<String, Badge> badges = new LinkedHashMap<>();
    badges.put(
        "b-follower",
        new Badge(
            TestSignals.of(TestSignals.follower(moveA, 12, 0.8, 23)),
            TestSignals.of(TestSignals.follower(voiceA, -5, 0.6, 24))));
    badges.put("a-leader", new Badge(TestSignals.of(moveA), TestSignals.of(voiceA)));
    badges.put(
        "c",
        new Badge(
            TestSignals.of(TestSignals.noise(25, n, 30000)),
            TestSignals.of(TestSignals.noise(26, n, 30000))));
    badges.put(
        "d",
        new Badge(
            TestSignals.of(TestSignals.noise(27, n, 65535)),
            TestSignals.of(TestSignals.vocal(28, n))));
    System.arraycopy(
        TestSignals.randomMissing(29, n, 0.03), 0, badges.get("c").movement().valid, 0, n);
    System.arraycopy(
        TestSignals.missingStretches(30, n, 0.004, 60), 0, badges.get("d").vocal().valid, 0, n);
    return badges;
  }

  private static SyncConfig smallRoom() {
    return SyncConfig.builder()
        .windowSamples(100)
        .maxLagSamples(20)
        .hopSamples(10)
        .surrogatePool(16)
        .build();
  }

  @Test
  void shouldMatchTheDoubleReferencePeakOnEveryWindowOfEveryDyad() {
    assertMatchesReference(smallRoom());
  }

  @Test
  void shouldMatchTheReferenceWhenTheHopDoesNotDivideTheWindow() {
    // Window starts and ends then fall on different residues: two sequences of sum copies.
    assertMatchesReference(
        SyncConfig.builder().windowSamples(100).maxLagSamples(20).hopSamples(30).build());
  }

  private static void assertMatchesReference(SyncConfig config) {
    int n = 1200;
    Map<String, Badge> badges = fourBadges(n);
    RecordingListener out = run(config, badges, n);

    int w = config.windowSamples();
    int maxLag = config.maxLagSamples();
    int distinctPeaks = 0;
    int values = 0;
    for (RecordingListener.Row row : out.rows) {
      int t = (int) ((row.timeMs() - T0_MS) / 40);
      for (Modality m : Modality.values()) {
        TestSignals x =
            m == Modality.MOVEMENT ? badges.get(row.a()).movement() : badges.get(row.a()).vocal();
        TestSignals y =
            m == Modality.MOVEMENT ? badges.get(row.b()).movement() : badges.get(row.b()).vocal();
        RecordingListener.Measure got = m == Modality.MOVEMENT ? row.movement() : row.vocal();
        double[] r =
            DoubleReferenceWcc.correlations(
                x.values, x.valid, y.values, y.valid, t, w, maxLag, config.minValidPairs());
        int peak = DoubleReferenceWcc.peakIndex(r, maxLag);
        assertThat(got.present()).as("%s %s t=%d", row, m, t).isEqualTo(peak >= 0);
        if (peak < 0) {
          assertThat(got.validPairs())
              .isEqualTo(DoubleReferenceWcc.validPairs(x.valid, y.valid, t, w, 0));
          continue;
        }
        values++;
        assertThat(Math.abs(FixedPoint.q30ToDouble(got.rQ30()) - r[peak]))
            .as("r_peak %s %s t=%d", row, m, t)
            .isLessThanOrEqualTo(1e-3);
        if (DoubleReferenceWcc.peakMargin(r, peak) > 0.01) {
          distinctPeaks++;
          assertThat(got.lag()).as("peak lag %s %s t=%d", row, m, t).isEqualTo(peak - maxLag);
        }
        assertThat(got.validPairs())
            .isEqualTo(DoubleReferenceWcc.validPairs(x.valid, y.valid, t, w, got.lag()));
      }
    }
    assertThat(values).isGreaterThan(300);
    assertThat(distinctPeaks).isGreaterThan(30);
  }

  @Test
  void shouldEmitOneResultPerDyadPerHopInBadgeOrderStampedWithTheNewestSample() {
    SyncConfig config = smallRoom();
    int n = 400;
    RecordingListener out = run(config, fourBadges(n), n);
    int windows = (n - config.windowSamples()) / config.hopSamples() + 1;
    assertThat(out.rows).hasSize(windows * 6);
    assertThat(out.completedWindows).hasSize(windows);
    List<String> firstWindow = new ArrayList<>();
    for (RecordingListener.Row row : out.rows.subList(0, 6)) {
      firstWindow.add(row.a() + ":" + row.b());
      assertThat(row.a()).isLessThan(row.b());
      assertThat(row.timeMs()).isEqualTo(T0_MS + (config.windowSamples() - 1) * 40L);
    }
    assertThat(firstWindow)
        .containsExactly(
            "a-leader:b-follower",
            "a-leader:c",
            "a-leader:d",
            "b-follower:c",
            "b-follower:d",
            "c:d");
    for (int i = 0; i < out.rows.size(); i++) {
      long expected =
          T0_MS + (config.windowSamples() - 1 + (long) (i / 6) * config.hopSamples()) * 40;
      assertThat(out.rows.get(i).timeMs()).isEqualTo(expected);
    }
  }

  @Test
  void shouldFindTheLeaderAndLagOfACoupledPair() {
    SyncConfig config = SyncConfig.defaults();
    int n = 2000;
    RecordingListener out = run(config, fourBadges(n), n);
    List<RecordingListener.Row> ab =
        out.rows.stream()
            .filter(r -> r.a().equals("a-leader") && r.b().equals("b-follower"))
            .toList();
    assertThat(ab).isNotEmpty();
    for (RecordingListener.Row row : ab) {
      assertThat(row.movement().present()).isTrue();
      assertThat(row.movement().lag()).isEqualTo(12);
      assertThat(row.movement().rQ30()).isPositive();
      assertThat(row.vocal().lag()).isEqualTo(-5);
    }
    // Quiet stretches of the leader weaken r, but most windows show strong coupling.
    long strong = ab.stream().filter(r -> r.movement().rQ30() > FixedPoint.ONE_Q30 / 2).count();
    assertThat(strong).isGreaterThan(ab.size() * 8L / 10);
  }

  @Test
  void shouldGiveBitIdenticalResultsOnReplayAndWithOrWithoutSpreadEvaluation() {
    int n = 900;
    SyncConfig spread = smallRoom();
    SyncConfig atHop =
        SyncConfig.builder()
            .windowSamples(100)
            .maxLagSamples(20)
            .hopSamples(10)
            .surrogatePool(16)
            .spreadEvaluation(false)
            .build();
    RecordingListener first = run(spread, fourBadges(n), n);
    RecordingListener replay = run(spread, fourBadges(n), n);
    RecordingListener unspread = run(atHop, fourBadges(n), n);
    assertThat(replay.rows).isEqualTo(first.rows);
    assertThat(unspread.rows).isEqualTo(first.rows);
    assertThat(first.rows.stream().filter(r -> r.movement().significance()).count())
        .isGreaterThan(0);
  }

  @Test
  void shouldReportNoValueWhileWarmingUpAndForAnAbsentBadge() {
    SyncConfig config = smallRoom();
    int n = 300;
    Map<String, Badge> badges = fourBadges(n);
    java.util.Arrays.fill(badges.get("d").movement().valid, false);
    java.util.Arrays.fill(badges.get("d").vocal().valid, false);
    RecordingListener out = run(config, badges, n);
    for (RecordingListener.Row row : out.rows) {
      if (row.b().equals("d") || row.a().equals("d")) {
        assertThat(row.movement().present()).isFalse();
        assertThat(row.movement().validPairs()).isZero();
        assertThat(row.scorePresent()).isFalse();
      }
    }
  }

  @Test
  void shouldScoreOnlyTheSelectedPairsAndAcceptBadgesJoiningLater() {
    SyncConfig config = smallRoom();
    int n = 500;
    Map<String, Badge> badges = fourBadges(n);
    RecordingListener out = new RecordingListener();
    RoomEngine engine =
        RoomEngine.builder(config)
            .badges(List.of("c", "a-leader", "b-follower"))
            .pairs((a, b) -> !(a.equals("a-leader") && b.equals("c")))
            .listener(out)
            .build();
    assertThat(engine.dyadCount()).isEqualTo(2);
    TickFeatures tick = engine.newTickFeatures();
    for (int t = 0; t < n; t++) {
      if (t == 200) {
        engine.addBadge("d");
      }
      tick.clear().timeMs(T0_MS + t * 40L);
      for (String id : badges.keySet()) {
        int slot = engine.slotOf(id);
        if (slot >= 0) {
          tick.motion(slot, badges.get(id).movement().values[t]);
          tick.vocal(slot, badges.get(id).vocal().values[t], false);
        }
      }
      engine.onTick(tick);
    }
    assertThat(engine.dyadCount()).isEqualTo(5);
    assertThat(out.rows).noneMatch(r -> r.a().equals("a-leader") && r.b().equals("c"));
    // d joined at tick 200: a value needs 80 valid pairs (20% of W = 100 may be missing), which
    // lags k >= 0 (d's window unshifted) reach first, at t = 200 + 80 - 1.
    List<RecordingListener.Row> cd =
        out.rows.stream().filter(r -> r.a().equals("c") && r.b().equals("d")).toList();
    assertThat(cd).isNotEmpty();
    for (RecordingListener.Row row : cd) {
      int t = (int) ((row.timeMs() - T0_MS) / 40);
      assertThat(row.movement().present()).as("t=%d", t).isEqualTo(t >= 279);
    }
    // The join moved the other dyads' sums (storage is kept in output order): their correlations
    // must be exactly those of a room that d never joined. (Significance is left out: the
    // surrogate budget is shared by all dyads, so it legitimately depends on the room.)
    RecordingListener without = new RecordingListener();
    RoomEngine reference =
        RoomEngine.builder(config)
            .badges(List.of("c", "a-leader", "b-follower"))
            .pairs((a, b) -> !(a.equals("a-leader") && b.equals("c")))
            .listener(without)
            .build();
    TickFeatures referenceTick = reference.newTickFeatures();
    for (int t = 0; t < n; t++) {
      referenceTick.clear().timeMs(T0_MS + t * 40L);
      for (String id : List.of("c", "a-leader", "b-follower")) {
        int slot = reference.slotOf(id);
        referenceTick.motion(slot, badges.get(id).movement().values[t]);
        referenceTick.vocal(slot, badges.get(id).vocal().values[t], false);
      }
      reference.onTick(referenceTick);
    }
    assertThat(correlations(out.rows)).isNotEmpty().isEqualTo(correlations(without.rows));
  }

  /** Time, dyad, and both modalities' r, lag and valid pairs of every row without badge d. */
  private static List<String> correlations(List<RecordingListener.Row> rows) {
    return rows.stream()
        .filter(r -> !r.a().equals("d") && !r.b().equals("d"))
        .map(
            r ->
                r.timeMs()
                    + " "
                    + r.a()
                    + "/"
                    + r.b()
                    + " "
                    + r.movement().present()
                    + r.movement().rQ30()
                    + "@"
                    + r.movement().lag()
                    + "#"
                    + r.movement().validPairs()
                    + " "
                    + r.vocal().present()
                    + r.vocal().rQ30()
                    + "@"
                    + r.vocal().lag()
                    + "#"
                    + r.vocal().validPairs())
        .toList();
  }

  @Test
  void shouldSaturateOutOfRangeValuesAndCountThem() {
    RecordingListener out = new RecordingListener();
    RoomEngine engine =
        RoomEngine.builder(smallRoom()).badges(List.of("x", "y")).listener(out).build();
    TickFeatures tick = engine.newTickFeatures();
    tick.clear().motion(0, -5).motion(1, 70_000).vocal(0, 100, false).vocal(1, 65_535, true);
    engine.onTick(tick);
    assertThat(engine.clampedSamples()).isEqualTo(2);
  }

  @Test
  void shouldRejectABadBuilderWithTheFieldNamed() {
    assertThatThrownBy(() -> RoomEngine.builder(smallRoom()).build())
        .hasMessageContaining("listener=null");
    assertThatThrownBy(() -> RoomEngine.builder(smallRoom()).modalities(Set.of()))
        .hasMessageContaining("modalities=[]");
    RoomEngine engine =
        RoomEngine.builder(smallRoom())
            .maxBadges(2)
            .badges(List.of("a", "b"))
            .listener(new RecordingListener())
            .build();
    assertThatThrownBy(() -> engine.addBadge("a")).hasMessageContaining("badgeId=a");
    assertThatThrownBy(() -> engine.addBadge("c")).hasMessageContaining("maxBadges=2");
  }
}
