package dev.rapport.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Turn-taking and posture mirroring reach each window's result with the values of that window, even
 * when the evaluation is spread over the next hop, and feed the score.
 */
class TrackerWiringTest {

  private record Snapshot(TurnTakingTracker turns, PostureMirroringTracker posture) {}

  @Test
  void shouldReportTheTrackersValuesAtTheHopTickForEveryWindow() {
    SyncConfig config = SyncConfig.defaults();
    int n = 900;
    List<DyadResult> results = new ArrayList<>();
    List<Object[]> captured = new ArrayList<>();
    RoomEngine engine =
        RoomEngine.builder(config)
            .badges(List.of("a", "b"))
            .listener(
                r ->
                    captured.add(
                        new Object[] {
                          r.timeMs(),
                          r.turns().transitionsAToB(),
                          r.turns().transitionsBToA(),
                          r.turns().speakingShareAQ14(),
                          r.turns().overlapSamples(),
                          r.turns().present(),
                          r.posturePresent(),
                          r.postureQ30(),
                          r.turnTakingPresent(),
                          r.turnTakingQ30(),
                          r.scorePresent(),
                          r.scoreQ30(),
                          r.turns().meanResponseLatencyMs()
                        }))
            .build();
    int maxMissing = config.windowSamples() - config.minValidPairs();
    TurnTakingTracker turns = new TurnTakingTracker(config.windowSamples(), maxMissing, 25);
    PostureMirroringTracker posture =
        new PostureMirroringTracker(
            config.windowSamples(),
            50,
            maxMissing,
            PostureMirroringTracker.DEFAULT_MIN_RMS_CHANGE_Q14,
            PostureMirroringTracker.MirrorAxis.NONE);
    Map<Long, int[]> expected = new HashMap<>();
    TickFeatures tick = engine.newTickFeatures();
    for (int t = 0; t < n; t++) {
      // Two-second turns, a first, with a 200 ms gap; both lean forward and back together.
      boolean aSpeaks = (t / 50) % 2 == 0 && t % 50 < 45;
      boolean bSpeaks = (t / 50) % 2 == 1 && t % 50 < 45;
      double angle = 0.3 * Math.sin(2 * Math.PI * t / 150.0);
      int px = (int) Math.round(16384 * Math.cos(angle));
      int pz = (int) Math.round(16384 * Math.sin(angle));
      tick.clear().timeMs(t * 40L);
      tick.motion(0, 1000 + (t * 37) % 900)
          .vocal(0, aSpeaks ? 4000 : 0, aSpeaks)
          .posture(0, px, 0, pz);
      if (t % 97 != 0) {
        tick.motion(1, 1000 + (t * 53) % 700)
            .vocal(1, bSpeaks ? 4200 : 0, bSpeaks)
            .posture(1, px, 0, pz);
      }
      engine.onTick(tick);
      turns.onTick(true, aSpeaks, t % 97 != 0, bSpeaks);
      posture.onTick(true, px, 0, pz, t % 97 != 0, px, 0, pz);
      expected.put(
          t * 40L,
          new int[] {
            turns.transitionsAToB(),
            turns.transitionsBToA(),
            turns.hasSpeakingShare() ? turns.speakingShareAQ14() : 0,
            turns.overlapSamples(),
            posture.present() ? posture.similarityQ14() : Integer.MIN_VALUE
          });
    }
    engine.flush();
    assertThat(captured).hasSize((n - 250) / 25 + 1);
    for (Object[] row : captured) {
      int[] e = expected.get((Long) row[0]);
      System.out.println(
          java.util.Arrays.toString(row) + " expected " + java.util.Arrays.toString(e));
      assertThat(row[1]).isEqualTo(e[0]);
      assertThat(row[2]).isEqualTo(e[1]);
      assertThat(row[3]).isEqualTo(e[2]);
      assertThat(row[4]).isEqualTo(e[3]);
      assertThat((Boolean) row[5]).isTrue();
      assertThat((Boolean) row[6]).isEqualTo(e[4] != Integer.MIN_VALUE);
      if (e[4] != Integer.MIN_VALUE) {
        assertThat((Integer) row[7]).isEqualTo(e[4] << 16);
        assertThat((Integer) row[7]).isGreaterThan(FixedPoint.ONE_Q30 * 9 / 10);
      }
      // Two-second turns in a ten-second window: the floor changes hands at least twice (b's
      // missing ticks clear the floor holder now and then), and about evenly.
      assertThat((Integer) row[1] + (Integer) row[2]).isGreaterThanOrEqualTo(2);
      assertThat((Boolean) row[8]).isTrue();
      assertThat((Integer) row[9]).isGreaterThan(FixedPoint.ONE_Q30 * 7 / 10);
      assertThat((Boolean) row[10]).isTrue();
      assertThat((Integer) row[12]).isEqualTo(200);
    }
  }

  @Test
  void shouldLeaveTurnTakingAndPostureAbsentWithoutTrackers() {
    List<Boolean> present = new ArrayList<>();
    RoomEngine engine =
        RoomEngine.builder(SyncConfig.defaults())
            .badges(List.of("a", "b"))
            .trackers(false)
            .listener(
                r ->
                    present.add(r.turns().present() || r.posturePresent() || r.turnTakingPresent()))
            .build();
    TickFeatures tick = engine.newTickFeatures();
    for (int t = 0; t < 400; t++) {
      tick.clear()
          .timeMs(t * 40L)
          .motion(0, t % 10)
          .motion(1, t % 7)
          .vocal(0, 1000, t % 100 < 50)
          .vocal(1, 1000, t % 100 >= 50);
      engine.onTick(tick);
    }
    assertThat(present).isNotEmpty().containsOnly(false);
  }
}
