package dev.rapport.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayHardwareTest {

  @Test
  void shouldAcceptEveryCallWhenThereIsNoHardware() throws Exception {
    GatewayHardware none = GatewayHardware.none("no GPIO here");
    none.statusLight().show(LightPattern.BADGE_MISSING);
    none.markerButton().onPress(atMs -> {});
    none.buzzer().beep(BeepPattern.MARKER);
    assertThat(none.available()).isFalse();
    assertThat(none.description()).isEqualTo("no GPIO here");
    assertThat(none.statusLight().pattern()).isEqualTo(LightPattern.BADGE_MISSING);
    assertThat(none.markerButton().pressCount()).isZero();
    none.close();
  }
}
