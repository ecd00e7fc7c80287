package dev.rapport.gateway.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium driven through Debian's chromium-driver, with both paths given explicitly so
 * Selenium Manager never looks for (or downloads) a browser or driver. Missing tools make the test
 * fail with the packages to install: a dashboard test that silently skips proves nothing.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final Path profileDir;
  private final ChromeDriverService service;
  private final ChromeDriver driver;

  private HeadlessChromium(Path profileDir, ChromeDriverService service, ChromeDriver driver) {
    this.profileDir = profileDir;
    this.service = service;
    this.driver = driver;
  }

  static HeadlessChromium start(int widthPx, int heightPx) throws IOException {
    return start(CHROMIUM, CHROMEDRIVER, widthPx, heightPx);
  }

  static HeadlessChromium start(Path chromium, Path chromedriver, int widthPx, int heightPx)
      throws IOException {
    requireExecutable(chromium);
    requireExecutable(chromedriver);
    Path profileDir = Files.createTempDirectory("rapport-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-quic",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=" + widthPx + "," + heightPx,
        "--user-data-dir=" + profileDir);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .withLogFile(new File("target", "chromedriver.log"))
            .build();
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      deleteTree(profileDir);
      throw new IllegalStateException(
          "chromium did not start through chromedriver (chromium="
              + chromium
              + " chromedriver="
              + chromedriver
              + "); both must be the same Debian release: apt-get install chromium"
              + " chromium-driver",
          e);
    }
    resizeViewport(driver, widthPx, heightPx);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return new HeadlessChromium(profileDir, service, driver);
  }

  /**
   * Gives the page itself (what a screenshot shows) {@code widthPx x heightPx}: a window's size
   * includes the browser's frame, even headless, so the window is grown by the difference.
   */
  static void resizeViewport(ChromeDriver driver, int widthPx, int heightPx) {
    driver.manage().window().setSize(new Dimension(widthPx, heightPx));
    long innerWidthPx = (Long) driver.executeScript("return window.innerWidth");
    long innerHeightPx = (Long) driver.executeScript("return window.innerHeight");
    driver
        .manage()
        .window()
        .setSize(
            new Dimension(
                (int) (2L * widthPx - innerWidthPx), (int) (2L * heightPx - innerHeightPx)));
  }

  ChromeDriver driver() {
    return driver;
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteTree(profileDir);
    }
  }

  private static void requireExecutable(Path path) {
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException(
          "the dashboard's browser test needs "
              + path
              + " (missing or not executable); install Debian's packages: sudo apt-get install"
              + " chromium chromium-driver");
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
