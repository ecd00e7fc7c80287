package dev.rapport.gateway.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A machine without the browser must fail the dashboard test with what to install, not skip it. */
class HeadlessChromiumTest {
  @Test
  void shouldFailNamingTheDebianPackagesWhenChromiumIsMissing(@TempDir Path dir) {
    Path missing = dir.resolve("chromium");
    assertThatThrownBy(
            () -> HeadlessChromium.start(missing, HeadlessChromium.CHROMEDRIVER, 800, 600))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("apt-get install chromium chromium-driver");
  }

  @Test
  void shouldFailNamingTheDebianPackagesWhenChromedriverIsMissing(@TempDir Path dir) {
    Path missing = dir.resolve("chromedriver");
    assertThatThrownBy(() -> HeadlessChromium.start(HeadlessChromium.CHROMIUM, missing, 800, 600))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("apt-get install chromium chromium-driver");
  }
}
