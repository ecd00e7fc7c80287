package dev.rapport.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebouncedButtonTest {
  private final ManualScheduler scheduler = new ManualScheduler(0);
  private final List<Long> pressedAtMs = new ArrayList<>();

  @Test
  void shouldCallTheListenerOnceAtTheSettleDeadline() {
    DebouncedButton button = new DebouncedButton(scheduler, 30, false);
    button.onPress(pressedAtMs::add);
    scheduler.advanceTo(1_000);
    button.edge(true, 1_000);
    button.edge(false, 1_004);
    button.edge(true, 1_007);
    scheduler.advanceTo(1_036);
    assertThat(pressedAtMs).isEmpty();
    scheduler.advanceTo(1_037);
    assertThat(pressedAtMs).containsExactly(1_007L);
    scheduler.advanceTo(5_000);
    assertThat(pressedAtMs).hasSize(1);
    assertThat(button.pressCount()).isEqualTo(1);
    assertThat(button.glitches()).isEqualTo(1);
  }

  @Test
  void shouldCountPressesWithoutAListener() {
    DebouncedButton button = new DebouncedButton(scheduler, 30, false);
    button.edge(true, 0);
    scheduler.advanceTo(100);
    assertThat(button.pressCount()).isEqualTo(1);
  }
}
