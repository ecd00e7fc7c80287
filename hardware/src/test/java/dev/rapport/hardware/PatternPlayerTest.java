package dev.rapport.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PatternPlayerTest {
  private final ManualScheduler clock = new ManualScheduler(0);
  private final RecordingOutput output = new RecordingOutput(clock);
  private final PatternPlayer player = new PatternPlayer(output);

  @ParameterizedTest
  @EnumSource(LightPattern.class)
  void shouldChangeLevelExactlyWhereABruteForceReferenceDoes(LightPattern pattern) {
    long startMs = 5_000;
    long endMs = startMs + 10_000;
    clock.advanceTo(startMs);
    player.start(pattern.timings(), startMs);
    long nextMs = player.tick(startMs);
    while (nextMs <= endMs) {
      clock.advanceTo(nextMs);
      nextMs = player.tick(nextMs);
    }
    assertThat(output.writes()).isEqualTo(referenceChanges(pattern.timings(), startMs, endMs));
  }

  @Test
  void shouldPlayBadgeMissingAsOneSecondOnOneSecondOff() {
    player.start(LightPattern.BADGE_MISSING.timings(), 0);
    assertThat(player.tick(0)).isEqualTo(1_000);
    assertThat(output.on()).isTrue();
    clock.advanceTo(1_000);
    assertThat(player.tick(1_000)).isEqualTo(2_000);
    assertThat(output.on()).isFalse();
  }

  @Test
  void shouldKeepRhythmWhenATickComesLate() {
    player.start(LightPattern.BADGE_MISSING.timings(), 0);
    player.tick(0);
    clock.advanceTo(1_070);
    // 70 ms late: the next change stays on the grid of the start time, it does not slip to 2070.
    assertThat(player.tick(1_070)).isEqualTo(2_000);
    clock.advanceTo(2_000);
    assertThat(player.tick(2_000)).isEqualTo(3_000);
    assertThat(output.writes()).containsExactly("0:on", "1070:off", "2000:on");
  }

  @Test
  void shouldWriteTheOutputOnlyWhenTheLevelChanges() {
    player.start(LightPattern.BROKER_CONNECTED.timings(), 0);
    for (long t = 0; t < 1_900; t += 10) {
      clock.advanceTo(t);
      player.tick(t);
    }
    assertThat(output.writes()).containsExactly("0:on");
  }

  @Test
  void shouldPlayABeepOnceAndStayOffAfterIt() {
    player.start(BeepPattern.SESSION.timings(), 0);
    List<Long> changes = new ArrayList<>();
    long nextMs = player.tick(0);
    while (nextMs != PatternPlayer.NEVER) {
      changes.add(nextMs);
      clock.advanceTo(nextMs);
      nextMs = player.tick(nextMs);
    }
    assertThat(changes).containsExactly(80L, 160L, 240L);
    assertThat(output.writes()).containsExactly("0:on", "80:off", "160:on", "240:off");
    clock.advanceTo(10_000);
    assertThat(player.tick(10_000)).isEqualTo(PatternPlayer.NEVER);
    assertThat(output.on()).isFalse();
  }

  @Test
  void shouldNeedNoFurtherTicksForSteadyLevels() {
    player.start(OnOffTimings.alwaysOn(), 0);
    assertThat(player.tick(0)).isEqualTo(PatternPlayer.NEVER);
    assertThat(output.on()).isTrue();
    player.start(LightPattern.OFF.timings(), 10);
    assertThat(player.tick(10)).isEqualTo(PatternPlayer.NEVER);
    assertThat(output.on()).isFalse();
  }

  @Test
  void shouldRejectTimingsThatCannotBePlayed() {
    assertThatThrownBy(() -> OnOffTimings.repeating(100, 100, 100))
        .hasMessageContaining("on/off pairs");
    assertThatThrownBy(() -> OnOffTimings.once(100, 0)).hasMessageContaining("phasesMs[1]=0");
    assertThatThrownBy(OnOffTimings::once).hasMessageContaining("at least one phase");
  }

  /** Level changes found by stepping millisecond by millisecond through the phases. */
  private static List<String> referenceChanges(OnOffTimings timings, long startMs, long endMs) {
    List<String> changes = new ArrayList<>();
    Boolean previous = null;
    for (long t = startMs; t <= endMs; t++) {
      boolean on = referenceLevel(timings, t - startMs);
      if (previous == null || on != previous) {
        changes.add(t + ":" + (on ? "on" : "off"));
        previous = on;
      }
    }
    return changes;
  }

  private static boolean referenceLevel(OnOffTimings timings, long elapsedMs) {
    if (timings.steady()) {
      return timings.steadyOn();
    }
    long t = elapsedMs;
    while (true) {
      for (int phase = 0; phase < timings.phaseCount(); phase++) {
        if (t < timings.phaseMs(phase)) {
          return phase % 2 == 0;
        }
        t -= timings.phaseMs(phase);
      }
      if (!timings.repeats()) {
        return false;
      }
    }
  }
}
