package dev.rapport.gateway.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard as a test reads and uses it: one script reads everything visible into a {@link
 * PageView}; clicks and typing go through real WebDriver input events, as a person's would.
 */
final class DashboardPage {
  private static final String READ_SCRIPT =
      String.join(
          "\n",
          "const cells = (tr, attr) => [tr.getAttribute(attr), ...[...tr.cells].map((c) => c.textContent.trim())];",
          "const lines = [...document.querySelectorAll('#room line[data-dyad]')];",
          "const greenPixels = (c) => {",
          "  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;",
          "  let n = 0;",
          "  for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i + 1] > d[i] + 40) n++;",
          "  return n;",
          "};",
          "const charts = {};",
          "for (const id of ['chart-movement', 'chart-vocal', 'chart-lag', 'chart-z']) {",
          "  const c = document.getElementById(id);",
          "  charts[id] = [c.dataset.dyad || '', Number(c.dataset.points || 0), greenPixels(c)];",
          "}",
          "return {",
          "  viewportWidthPx: window.innerWidth,",
          "  connection: document.getElementById('connection').textContent.trim(),",
          "  updates: Number(document.body.dataset.updates || 0),",
          "  connections: Number(document.body.dataset.connections || 0),",
          "  badgeRows: [...document.querySelectorAll('#badges tbody tr[data-badge]')].map((tr) => cells(tr, 'data-badge')),",
          "  nodeBadges: [...document.querySelectorAll('#room g.node')].map((g) => g.getAttribute('data-badge')),",
          "  lineScores: Object.fromEntries(lines.map((l) => [l.getAttribute('data-dyad'), l.getAttribute('data-score')])),",
          "  lineColours: new Set(lines.map((l) => l.getAttribute('stroke'))).size,",
          "  arrows: document.querySelectorAll('#room line[marker-end]').length,",
          "  topRows: [...document.querySelectorAll('#top-dyads tbody tr[data-dyad]')].map((tr) => cells(tr, 'data-dyad')),",
          "  dyadName: document.getElementById('dyad-name').textContent.trim(),",
          "  dyadTalk: document.getElementById('dyad-talk').textContent.trim(),",
          "  charts,",
          "  speakingPixels: greenPixels(document.getElementById('speaking')),",
          "  markers: document.getElementById('markers').textContent,",
          "  markerResult: document.getElementById('marker-result').textContent.trim(),",
          "};");

  private final ChromeDriver browser;
  private final Duration timeout;

  DashboardPage(ChromeDriver browser, Duration timeout) {
    this.browser = browser;
    this.timeout = timeout;
  }

  void open(String url) {
    browser.get(url);
  }

  /**
   * Every URL the page fetched so far (scripts, styles, API calls), as the browser recorded them.
   */
  List<String> fetchedUrls() {
    return strings(
        browser.executeScript(
            "return [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)];"));
  }

  String title() {
    return browser.getTitle();
  }

  PageView read() {
    Map<?, ?> m = (Map<?, ?>) browser.executeScript(READ_SCRIPT);
    Map<String, PageView.Chart> charts = new LinkedHashMap<>();
    ((Map<?, ?>) m.get("charts"))
        .forEach(
            (id, v) -> {
              List<?> c = (List<?>) v;
              charts.put(
                  (String) id,
                  new PageView.Chart((String) c.get(0), number(c.get(1)), number(c.get(2))));
            });
    Map<String, String> lineScores = new LinkedHashMap<>();
    ((Map<?, ?>) m.get("lineScores")).forEach((k, v) -> lineScores.put((String) k, (String) v));
    return new PageView(
        number(m.get("viewportWidthPx")),
        (String) m.get("connection"),
        number(m.get("updates")),
        number(m.get("connections")),
        rows(m.get("badgeRows")),
        strings(m.get("nodeBadges")),
        lineScores,
        (int) number(m.get("lineColours")),
        (int) number(m.get("arrows")),
        rows(m.get("topRows")),
        (String) m.get("dyadName"),
        (String) m.get("dyadTalk"),
        charts,
        number(m.get("speakingPixels")),
        (String) m.get("markers"),
        (String) m.get("markerResult"));
  }

  /** Waits until the page shows what {@code condition} accepts and returns that view. */
  PageView await(String what, Predicate<PageView> condition) {
    return await(what, timeout, condition);
  }

  PageView await(String what, Duration limit, Predicate<PageView> condition) {
    AtomicReference<PageView> last = new AtomicReference<>();
    return new WebDriverWait(browser, limit, Duration.ofMillis(200))
        .withMessage(
            () -> what + " (waited " + limit.toSeconds() + " s); the page showed: " + last.get())
        .until(
            b -> {
              PageView view = read();
              last.set(view);
              return condition.test(view) ? view : null;
            });
  }

  /**
   * Clicks the row at {@code index} (0 = highest score) of the top-dyads table and returns the dyad
   * it showed. Scores move every hop, so the row is read and clicked in one step, again if a
   * re-render replaced it in between.
   */
  String clickTopRow(int index) {
    By rows = By.cssSelector("#top-dyads tbody tr[data-dyad]");
    return new WebDriverWait(browser, timeout)
        .withMessage(() -> "a row " + index + " in the top dyads to click")
        .ignoring(StaleElementReferenceException.class)
        .until(
            b -> {
              List<WebElement> found = b.findElements(rows);
              if (found.size() <= index) {
                return null;
              }
              WebElement row = found.get(index);
              String dyad = row.getAttribute("data-dyad");
              row.findElement(By.tagName("td")).click();
              return dyad;
            });
  }

  void addMarker(String label) {
    browser.findElement(By.id("marker-label")).sendKeys(label);
    browser.findElement(By.cssSelector("#marker-form button")).click();
  }

  String markerInput() {
    return browser.findElement(By.id("marker-label")).getAttribute("value");
  }

  void resizeViewport(int widthPx, int heightPx) {
    HeadlessChromium.resizeViewport(browser, widthPx, heightPx);
  }

  void screenshot(Path png) throws IOException {
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.copy(shot, png, StandardCopyOption.REPLACE_EXISTING);
    Files.delete(shot);
  }

  private static long number(Object o) {
    return ((Number) o).longValue();
  }

  private static List<String> strings(Object o) {
    return ((List<?>) o).stream().map(String.class::cast).toList();
  }

  private static List<List<String>> rows(Object o) {
    return ((List<?>) o).stream().map(DashboardPage::strings).toList();
  }
}
