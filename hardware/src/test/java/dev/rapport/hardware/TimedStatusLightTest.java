package dev.rapport.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimedStatusLightTest {
  private final ManualScheduler scheduler = new ManualScheduler(0);
  private final RecordingOutput led = new RecordingOutput(scheduler);
  private final TimedStatusLight light = new TimedStatusLight(led, scheduler);

  @Test
  void shouldDoubleFlashWhileTheBrokerIsDown() {
    light.show(LightPattern.BROKER_DOWN_BUFFERING);
    scheduler.advanceTo(3_000);
    assertThat(led.writes())
        .containsExactly(
            "0:on",
            "100:off",
            "250:on",
            "350:off", // first double flash, then a pause
            "1500:on",
            "1600:off",
            "1750:on",
            "1850:off",
            "3000:on");
  }

  @Test
  void shouldKeepTheRhythmWhenTheSamePatternIsShownAgain() {
    light.show(LightPattern.BADGE_MISSING);
    scheduler.advanceTo(600);
    light.show(LightPattern.BADGE_MISSING);
    scheduler.advanceTo(2_100);
    assertThat(led.writes()).containsExactly("0:on", "1000:off", "2000:on");
  }

  @Test
  void shouldDropStepsOfThePreviousPatternWhenSwitching() {
    light.show(LightPattern.BADGE_MISSING);
    scheduler.advanceTo(500);
    light.show(LightPattern.BROKER_CONNECTED);
    scheduler.advanceTo(2_500);
    // BADGE_MISSING would have switched off at 1000; BROKER_CONNECTED, started at 500, blips
    // off at 2400 only. The LED was already on at 500, so nothing is written then.
    assertThat(led.writes()).containsExactly("0:on", "2400:off", "2500:on");
    assertThat(light.pattern()).isEqualTo(LightPattern.BROKER_CONNECTED);
  }

  @Test
  void shouldLeaveNoTimersBehindForASteadyPattern() {
    light.show(LightPattern.BADGE_MISSING);
    scheduler.advanceTo(100);
    light.show(LightPattern.OFF);
    scheduler.advanceTo(5_000);
    assertThat(led.writes()).containsExactly("0:on", "100:off");
    assertThat(scheduler.pendingTimedTasks()).isZero();
  }

  @Test
  void shouldSwitchOffAndStayOffWhenClosed() {
    light.show(LightPattern.STARTING);
    scheduler.advanceTo(100);
    light.close();
    scheduler.advanceTo(5_000);
    assertThat(led.writes()).containsExactly("0:on", "100:off");
    assertThat(led.on()).isFalse();
  }

  @Test
  void shouldSelectTheMostUrgentPattern() {
    assertThat(LightPattern.select(false, false, 3)).isEqualTo(LightPattern.STARTING);
    assertThat(LightPattern.select(true, false, 3)).isEqualTo(LightPattern.BROKER_DOWN_BUFFERING);
    assertThat(LightPattern.select(true, true, 1)).isEqualTo(LightPattern.BADGE_MISSING);
    assertThat(LightPattern.select(true, true, 0)).isEqualTo(LightPattern.BROKER_CONNECTED);
    assertThatThrownBy(() -> LightPattern.select(true, true, -1))
        .hasMessageContaining("missingBadges=-1");
  }

  @Test
  void shouldBeepOnceThroughTheBuzzer() {
    RecordingOutput sounder = new RecordingOutput(scheduler);
    TimedBuzzer buzzer = new TimedBuzzer(sounder, scheduler);
    buzzer.beep(BeepPattern.WARNING);
    scheduler.advanceTo(5_000);
    assertThat(sounder.writes()).containsExactly("0:on", "400:off", "600:on", "1000:off");
    assertThat(scheduler.pendingTimedTasks()).isZero();
  }
}
