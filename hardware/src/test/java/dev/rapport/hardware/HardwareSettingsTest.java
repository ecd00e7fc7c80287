package dev.rapport.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HardwareSettingsTest {

  @Test
  void shouldDefaultToLedOn17AndButtonOn27WithoutBuzzer() {
    HardwareSettings settings = HardwareSettings.defaults();
    assertThat(settings.ledPinBcm()).isEqualTo(17);
    assertThat(settings.buttonPinBcm()).isEqualTo(27);
    assertThat(settings.buzzerEnabled()).isFalse();
    assertThat(settings.required()).isFalse();
    assertThat(settings.debounceMs()).isEqualTo(30);
    assertThat(settings.anyEnabled()).isTrue();
  }

  @Test
  void shouldNameTheFieldAndValueOfAPinOutOfRange() {
    assertThatThrownBy(() -> HardwareSettings.builder().button(true, 28).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("buttonPinBcm=28")
        .hasMessageContaining("0..27");
    assertThatThrownBy(() -> HardwareSettings.builder().led(true, -1).build())
        .hasMessageContaining("ledPinBcm=-1");
  }

  @Test
  void shouldRejectTwoPartsOnOnePin() {
    assertThatThrownBy(() -> HardwareSettings.builder().buzzer(true, 17).build())
        .hasMessageContaining("ledPinBcm=17")
        .hasMessageContaining("buzzerPinBcm=17");
  }

  @Test
  void shouldRejectADebounceOutsideItsRange() {
    assertThatThrownBy(() -> HardwareSettings.builder().debounceMs(0).build())
        .hasMessageContaining("debounceMs=0");
    assertThatThrownBy(() -> HardwareSettings.builder().debounceMs(1_001).build())
        .hasMessageContaining("debounceMs=1001");
  }

  @Test
  void shouldNotValidatePinsOfDisabledParts() {
    HardwareSettings settings =
        HardwareSettings.builder().led(false, 99).button(false, 17).buzzer(false, 17).build();
    assertThat(settings.anyEnabled()).isFalse();
  }
}
