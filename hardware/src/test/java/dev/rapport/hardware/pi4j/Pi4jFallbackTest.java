package dev.rapport.hardware.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.Pi4J;
import dev.rapport.hardware.GatewayHardware;
import dev.rapport.hardware.HardwareSettings;
import dev.rapport.hardware.HardwareUnavailableException;
import dev.rapport.hardware.LightPattern;
import dev.rapport.hardware.ManualScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the gateway finds out that there is no usable GPIO, and what it does then. */
class Pi4jFallbackTest {
  private final ManualScheduler scheduler = new ManualScheduler(0);
  @TempDir Path devDir;

  @Test
  void shouldRunWithoutGpioWhenThereIsNoGpioChip() throws Exception {
    try (GatewayHardware hardware =
        Pi4jHardware.open(
            HardwareSettings.defaults(),
            scheduler,
            new GpioProbe(devDir),
            () -> {
              throw new AssertionError("Pi4J must not be started without a gpiochip");
            })) {
      assertThat(hardware.available()).isFalse();
      assertThat(hardware.description())
          .startsWith(Pi4jHardware.NO_GPIO)
          .contains(devDir.resolve("gpiochip*").toString());
      hardware.statusLight().show(LightPattern.BROKER_CONNECTED); // accepted, does nothing
    }
  }

  @Test
  void shouldRefusePi4jsSilentFallbackToMockProviders() throws Exception {
    Files.createFile(devDir.resolve("gpiochip0"));
    // The mock plugin is on the test class path, as it would be if it slipped into the jar:
    // Pi4J's auto-detecting context then picks it without complaint on a machine that is no Pi.
    try (GatewayHardware hardware =
        Pi4jHardware.open(
            HardwareSettings.defaults(), scheduler, new GpioProbe(devDir), Pi4J::newAutoContext)) {
      assertThat(hardware.available()).isFalse();
      assertThat(hardware.description())
          .startsWith(Pi4jHardware.NO_GPIO)
          .contains("mock providers", "mock-digital-output");
    }
  }

  @Test
  void shouldFallBackWhenTheProviderFailsToStart() throws Exception {
    Files.createFile(devDir.resolve("gpiochip0"));
    try (GatewayHardware hardware =
        Pi4jHardware.open(
            HardwareSettings.defaults(),
            scheduler,
            new GpioProbe(devDir),
            () -> {
              throw new UnsatisfiedLinkError("libpi4j-gpiod.so: wrong ELF class (test)");
            })) {
      assertThat(hardware.available()).isFalse();
      assertThat(hardware.description()).contains("gpiod provider failed to start", "ELF");
    }
  }

  /**
   * The production path with the real gpiod provider. On a build machine that is not a Raspberry
   * Pi, Pi4J builds the gpiod context without complaint and fails only at the first pin; the
   * gateway must turn that into "no GPIO". On a real Pi the same call must give working pins.
   */
  @Test
  void shouldFallBackOrOpenPinsWithTheRealGpiodProvider() throws Exception {
    boolean realPi = GpioProbe.system().problem().isEmpty() && isRaspberryPi();
    GpioProbe probe = realPi ? GpioProbe.system() : probeWithFakeChip();
    try (GatewayHardware hardware =
        Pi4jHardware.open(
            HardwareSettings.defaults(), scheduler, probe, Pi4jHardware::newGpiodContext)) {
      if (realPi) {
        assertThat(hardware.available()).isTrue();
        assertThat(hardware.description()).contains("gpiod", "status LED BCM17");
      } else {
        assertThat(hardware.available()).isFalse();
        assertThat(hardware.description())
            .startsWith(Pi4jHardware.NO_GPIO)
            .contains("cannot open the GPIO lines");
      }
    }
  }

  @Test
  void shouldFailStartUpWhenGpioIsRequiredButMissing() {
    HardwareSettings required = HardwareSettings.builder().required(true).build();
    assertThatThrownBy(
            () ->
                Pi4jHardware.open(
                    required,
                    scheduler,
                    new GpioProbe(devDir),
                    () -> {
                      throw new AssertionError("not reached");
                    }))
        .isInstanceOf(HardwareUnavailableException.class)
        .hasMessageContaining("GPIO is required")
        .hasMessageContaining("gpiochip");
  }

  @Test
  void shouldSayWhichGroupIsMissingWhenTheChipCannotBeOpened() throws Exception {
    // A dangling link is unreadable even for root, which the build may run as.
    Files.createSymbolicLink(devDir.resolve("gpiochip0"), devDir.resolve("absent"));
    assertThat(new GpioProbe(devDir).problem())
        .hasValueSatisfying(
            reason -> assertThat(reason).contains("no permission", "'gpio' group", "gpiochip0"));
  }

  @Test
  void shouldNotTouchGpioWhenEveryPartIsDisabled() throws Exception {
    HardwareSettings off =
        HardwareSettings.builder().led(false, 17).button(false, 27).buzzer(false, 22).build();
    try (GatewayHardware hardware =
        Pi4jHardware.open(
            off,
            scheduler,
            new GpioProbe(devDir),
            () -> {
              throw new AssertionError("not reached");
            })) {
      assertThat(hardware.available()).isFalse();
      assertThat(hardware.description()).contains("GPIO disabled");
    }
  }

  private GpioProbe probeWithFakeChip() throws Exception {
    Files.createFile(devDir.resolve("gpiochip0"));
    return new GpioProbe(devDir);
  }

  private static boolean isRaspberryPi() throws Exception {
    Path model = Path.of("/proc/device-tree/model");
    return Files.isReadable(model) && Files.readString(model).contains("Raspberry Pi");
  }
}
