package dev.rapport.hardware.pi4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.rapport.hardware.BeepPattern;
import dev.rapport.hardware.GatewayHardware;
import dev.rapport.hardware.HardwareSettings;
import dev.rapport.hardware.LightPattern;
import dev.rapport.hardware.ManualScheduler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Pi4J binding driven through Pi4J's mock platform: real Pi4J pins, mock providers. */
class Pi4jHardwareTest {
  private final ManualScheduler scheduler = new ManualScheduler(0);
  private final Context context =
      Pi4J.newContextBuilder()
          .noAutoDetect()
          .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
          .build();
  private GatewayHardware hardware;

  @AfterEach
  void closeHardware() throws Exception {
    if (hardware != null) {
      hardware.close();
    }
  }

  @Test
  void shouldBlinkTheLedPinInTheRequestedPatternOverInjectedTime() {
    hardware = Pi4jHardware.bind(context, HardwareSettings.defaults(), scheduler);
    DigitalOutput led = context.io(Pi4jHardware.LED_ID, DigitalOutput.class);
    assertThat(led.address().intValue()).isEqualTo(17);

    List<String> samples = new ArrayList<>();
    scheduler.runDue();
    samples.add(led.state().name()); // STARTING, on at 0
    scheduler.advanceTo(150);
    samples.add(led.state().name()); // off at 150
    hardware.statusLight().show(LightPattern.BROKER_DOWN_BUFFERING);
    scheduler.runDue();
    samples.add(led.state().name()); // new pattern starts on at 150
    scheduler.advanceTo(250);
    samples.add(led.state().name()); // off at 250 (150 + 100)
    scheduler.advanceTo(400);
    samples.add(led.state().name()); // second flash on at 400 (150 + 250)
    scheduler.advanceTo(1_399);
    samples.add(led.state().name()); // pause
    assertThat(samples).containsExactly("HIGH", "LOW", "HIGH", "LOW", "HIGH", "LOW");
  }

  @Test
  void shouldDriveAnActiveLowLedWithInvertedLevels() {
    hardware =
        Pi4jHardware.bind(
            context, HardwareSettings.builder().ledActiveHigh(false).build(), scheduler);
    DigitalOutput led = context.io(Pi4jHardware.LED_ID, DigitalOutput.class);
    hardware.statusLight().show(LightPattern.OFF);
    scheduler.runDue();
    assertThat(led.state()).isEqualTo(DigitalState.HIGH);
    hardware.statusLight().show(LightPattern.BADGE_MISSING);
    scheduler.runDue();
    assertThat(led.state()).isEqualTo(DigitalState.LOW);
  }

  @Test
  void shouldReportOnePressForABouncingMockButton() {
    hardware = Pi4jHardware.bind(context, HardwareSettings.defaults(), scheduler);
    List<Long> pressedAtMs = new ArrayList<>();
    hardware.markerButton().onPress(pressedAtMs::add);
    MockDigitalInput button = context.io(Pi4jHardware.BUTTON_ID, MockDigitalInput.class);
    assertThat(button.pull()).isEqualTo(PullResistance.PULL_UP);
    assertThat(button.address().intValue()).isEqualTo(27);

    button.mockState(DigitalState.HIGH); // released: the pull-up holds the line high
    scheduler.advanceTo(1_000);
    bounce(button, 1_000, DigitalState.LOW, 3, 5, 4, 2); // press with four bounces
    scheduler.advanceTo(1_200);
    assertThat(pressedAtMs).containsExactly(1_014L);

    bounce(button, 2_000, DigitalState.HIGH, 2, 2); // release, bouncing too
    scheduler.advanceTo(2_500);
    assertThat(pressedAtMs).hasSize(1);

    bounce(button, 3_000, DigitalState.LOW);
    scheduler.advanceTo(3_029);
    assertThat(pressedAtMs).hasSize(1); // not yet: 30 ms have not passed
    scheduler.advanceTo(3_030);
    assertThat(pressedAtMs).containsExactly(1_014L, 3_000L);
    assertThat(hardware.markerButton().pressCount()).isEqualTo(2);
  }

  @Test
  void shouldIgnoreASpikeShorterThanTheDebounceWindow() {
    hardware = Pi4jHardware.bind(context, HardwareSettings.defaults(), scheduler);
    MockDigitalInput button = context.io(Pi4jHardware.BUTTON_ID, MockDigitalInput.class);
    button.mockState(DigitalState.HIGH);
    scheduler.advanceTo(1_000);
    bounce(button, 1_000, DigitalState.LOW, 20);
    scheduler.advanceTo(2_000);
    assertThat(hardware.markerButton().pressCount()).isZero();
  }

  @Test
  void shouldBeepTheBuzzerPinWhenEnabled() {
    hardware =
        Pi4jHardware.bind(context, HardwareSettings.builder().buzzer(true, 22).build(), scheduler);
    DigitalOutput buzzer = context.io(Pi4jHardware.BUZZER_ID, DigitalOutput.class);
    hardware.buzzer().beep(BeepPattern.MARKER);
    scheduler.runDue();
    assertThat(buzzer.state()).isEqualTo(DigitalState.HIGH);
    scheduler.advanceTo(80);
    assertThat(buzzer.state()).isEqualTo(DigitalState.LOW);
    assertThat(hardware.description()).contains("buzzer BCM22", "status LED BCM17");
  }

  @Test
  void shouldCreateOnlyTheEnabledPins() {
    hardware =
        Pi4jHardware.bind(
            context, HardwareSettings.builder().led(false, 17).button(true, 5).build(), scheduler);
    assertThat(context.registry().exists(Pi4jHardware.LED_ID)).isFalse();
    assertThat(context.registry().exists(Pi4jHardware.BUTTON_ID)).isTrue();
    assertThat(hardware.description()).contains("marker button BCM5").doesNotContain("LED");
  }

  @Test
  void shouldTurnTheLedOffAndReleaseThePinsOnClose() throws Exception {
    hardware = Pi4jHardware.bind(context, HardwareSettings.defaults(), scheduler);
    DigitalOutput led = context.io(Pi4jHardware.LED_ID, DigitalOutput.class);
    hardware.statusLight().show(LightPattern.BROKER_CONNECTED);
    scheduler.runDue();
    assertThat(led.state()).isEqualTo(DigitalState.HIGH);
    hardware.close();
    hardware = null;
    assertThat(led.state()).isEqualTo(DigitalState.LOW);
    assertThat(context.isShutdown()).isTrue();
    scheduler.advanceTo(10_000); // steps left on the scheduler must not touch released pins
    assertThat(led.state()).isEqualTo(DigitalState.LOW);
  }

  /** Sets {@code first} at {@code startMs}, then toggles after each gap. */
  private void bounce(MockDigitalInput pin, long startMs, DigitalState first, int... gapsMs) {
    long t = startMs;
    scheduler.advanceTo(t);
    DigitalState state = first;
    pin.mockState(state);
    for (int gapMs : gapsMs) {
      t += gapMs;
      scheduler.advanceTo(t);
      state = state == DigitalState.HIGH ? DigitalState.LOW : DigitalState.HIGH;
      pin.mockState(state);
    }
  }
}
