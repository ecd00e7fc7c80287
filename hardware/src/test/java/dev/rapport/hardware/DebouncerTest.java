package dev.rapport.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DebouncerTest {
  private static final long DEBOUNCE_MS = 30;

  @Test
  void shouldGiveOnePressForBouncesWithinTheWindow() {
    Debouncer debouncer = new Debouncer(DEBOUNCE_MS, false, 0);
    assertThat(debouncer.edge(true, 1_000)).isFalse();
    debouncer.edge(false, 1_002);
    debouncer.edge(true, 1_005);
    debouncer.edge(false, 1_009);
    debouncer.edge(true, 1_012);
    assertThat(debouncer.settleDueMs()).isEqualTo(1_042);
    assertThat(debouncer.settle(1_041)).isFalse();
    assertThat(debouncer.settle(1_042)).isTrue();
    assertThat(debouncer.settle(1_100)).isFalse();
    assertThat(debouncer.presses()).isEqualTo(1);
    assertThat(debouncer.pressStartedMs()).isEqualTo(1_012);
    assertThat(debouncer.glitches()).isEqualTo(2);
  }

  @Test
  void shouldIgnoreAGlitchShorterThanTheWindow() {
    Debouncer debouncer = new Debouncer(DEBOUNCE_MS, false, 0);
    debouncer.edge(true, 500);
    debouncer.edge(false, 510);
    assertThat(debouncer.settleDueMs()).isEqualTo(Debouncer.NOTHING_DUE);
    assertThat(debouncer.settle(1_000)).isFalse();
    assertThat(debouncer.presses()).isZero();
    assertThat(debouncer.glitches()).isEqualTo(1);
  }

  @Test
  void shouldCountEachPressSeparatedByARelease() {
    Debouncer debouncer = new Debouncer(DEBOUNCE_MS, false, 0);
    debouncer.edge(true, 100);
    assertThat(debouncer.settle(130)).isTrue();
    debouncer.edge(false, 300);
    assertThat(debouncer.settle(330)).isFalse(); // a release is not a press
    debouncer.edge(true, 400);
    assertThat(debouncer.settle(430)).isTrue();
    assertThat(debouncer.presses()).isEqualTo(2);
  }

  @Test
  void shouldNotReportAButtonHeldDownAtStartUp() {
    Debouncer debouncer = new Debouncer(DEBOUNCE_MS, true, 0);
    assertThat(debouncer.settle(10_000)).isFalse();
    debouncer.edge(false, 10_000);
    debouncer.settle(10_030);
    debouncer.edge(true, 11_000);
    assertThat(debouncer.settle(11_030)).isTrue();
    assertThat(debouncer.presses()).isEqualTo(1);
  }

  @Test
  void shouldCompleteAPressWhenTheNextEdgeArrivesBeforeTheLateSettle() {
    Debouncer debouncer = new Debouncer(DEBOUNCE_MS, false, 0);
    debouncer.edge(true, 100);
    // The settle at 130 was never processed (a busy scheduler); the release edge at 200 proves
    // the press held for 100 ms, so it completes the press itself.
    assertThat(debouncer.edge(false, 200)).isTrue();
    assertThat(debouncer.pressStartedMs()).isEqualTo(100);
  }

  @Test
  void shouldRejectANonPositiveWindow() {
    assertThatThrownBy(() -> new Debouncer(0, false, 0)).hasMessageContaining("debounceMs=0");
  }

  /**
   * Any burst of bounces whose gaps are all shorter than the window, ending pressed and then held,
   * is exactly one press; the same burst ending released is none.
   */
  @Property(tries = 300)
  void shouldTurnAnyBounceBurstIntoAtMostOnePress(
      @ForAll @Size(min = 1, max = 40)
          java.util.List<@IntRange(min = 1, max = 29) Integer> gapsMs) {
    Debouncer debouncer = new Debouncer(DEBOUNCE_MS, false, 0);
    long t = 1_000;
    boolean level = false;
    int presses = 0;
    for (int gapMs : gapsMs) {
      level = !level;
      if (debouncer.edge(level, t)) {
        presses++;
      }
      if (debouncer.settle(t + gapMs - 1)) {
        presses++;
      }
      t += gapMs;
    }
    if (debouncer.settle(t + DEBOUNCE_MS)) {
      presses++;
    }
    assertThat(presses).isEqualTo(level ? 1 : 0);
    assertThat(debouncer.presses()).isEqualTo(presses);
  }
}
