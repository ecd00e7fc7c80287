package dev.rapport.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard end to end in a real headless chromium: the page the gateway serves, fed live over
 * Server-Sent Events with the gateway's real payloads, read the way a facilitator reads it. Like a
 * facilitator's laptop, the page is opened once and stays open through every test, in order, up to
 * the gateway's restart (starting chromium and the gateway costs seconds on a busy machine). The
 * room is {@code rapport demo --badges 6} run in-process ({@link DemoRoom}); another source (a
 * replayed session, a real gateway) is one line: {@link #ROOM}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class DashboardBrowserTest {
  private static final LiveRoom.Factory ROOM = DemoRoom::start;
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration LEADER_WAIT = Duration.ofSeconds(40);
  private static final Path SCREENSHOT = Path.of("target", "dashboard-screenshot.png");
  private static final Path PHONE_SCREENSHOT = Path.of("target", "dashboard-screenshot-phone.png");
  private static final int LAPTOP_WIDTH_PX = 1400;
  private static final int LAPTOP_HEIGHT_PX = 1000;
  private static final int PHONE_WIDTH_PX = 412;
  private static final int PHONE_HEIGHT_PX = 915;

  /**
   * Six badges at the demo's 1 s hop send about 20 updates a second (15 dyads, who spoke, badge
   * health); before the first full window only about 7.
   */
  private static final int SOME_UPDATES = 20;

  private HeadlessChromium chromium;
  private DashboardPage page;
  private LiveRoom room;

  @BeforeAll
  void startBrowserAndRoom() throws Exception {
    // Both take seconds on a busy machine: start the room while chromium starts.
    CompletableFuture<LiveRoom> starting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return ROOM.start(0);
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });
    try {
      chromium = HeadlessChromium.start(LAPTOP_WIDTH_PX, LAPTOP_HEIGHT_PX);
    } finally {
      room = starting.join();
    }
    page = new DashboardPage(chromium.driver(), WAIT);
    page.open(room.url());
  }

  @AfterAll
  void stopBrowserAndRoom() throws Exception {
    try (HeadlessChromium c = chromium;
        LiveRoom r = room) {
      // try-with-resources closes both, the room even when the browser fails to quit.
    }
  }

  @BeforeEach
  void dashboardIsLive() {
    page.await("connection pill says live", PageView::live);
  }

  @Test
  @Order(1)
  void shouldLoadThePageAndListEveryBadgeWithItsHealth() {
    assertThat(page.title()).contains("Rapport");
    assertThat(page.fetchedUrls())
        .as("everything comes from the gateway itself: the dashboard works with no internet")
        .hasSizeGreaterThan(2)
        .allMatch(url -> url.startsWith(room.url()));
    PageView view =
        page.await("a row per badge", v -> v.badgeRows().size() == room.badges().size());
    for (int i = 0; i < view.badgeRows().size(); i++) {
      List<String> row = view.badgeRows().get(i);
      String badge = room.badges().get(i);
      assertThat(row.get(0)).as("data-badge of row " + i).isEqualTo(badge);
      assertThat(row.get(1)).as("badge column").isEqualTo(badge);
      assertThat(row.get(2)).as("battery of " + badge).matches("\\d{1,3} % · \\d\\.\\d\\d V");
      assertThat(row.get(3)).as("loss of " + badge).matches("\\d+\\.\\d %");
      assertThat(row.get(4))
          .as("clock of " + badge)
          .matches("(synced|syncing|unsynced|resync after reboot) ±\\d+\\.\\d ms");
      assertThat(row.get(5)).as("last seen of " + badge).matches("now|\\d+ s ago");
      assertThat(row.get(6)).as("link of " + badge).matches("connected (ble|serial|sim)");
    }
  }

  @Test
  @Order(2)
  void shouldDrawTheRoomWithANodePerBadgeAndALinePerDyad() {
    int badges = room.badges().size();
    int dyads = badges * (badges - 1) / 2;
    PageView view = page.await("a line per dyad", v -> v.lineScores().size() == dyads);
    assertThat(view.nodeBadges()).containsExactlyElementsOf(room.badges());
    assertThat(view.lineScores().values())
        .as("every line carries its dyad's score, or nothing while it has none")
        .allMatch(s -> s.matches("|0|1|0\\.\\d+"));
    page.await(
        "lines coloured by coordination (several colours)", v -> v.distinctLineColours() > 3);
    // The demo couples 1->2, 4->3 and 5->6 from the start; significance needs a window of scores
    // and its surrogates first, about 20 s after the demo starts.
    page.await("a significant leader marked by an arrow", LEADER_WAIT, v -> v.arrows() > 0);
  }

  @Test
  @Order(3)
  void shouldShowTopDyadsWithScoresThatChangeOverTime() {
    PageView first = page.await("scored rows in the top dyads", v -> !v.topRows().isEmpty());
    double previous = Double.MAX_VALUE;
    for (List<String> row : first.topRows()) {
      assertThat(row.get(2)).as("score of " + row.get(0)).matches("[01]\\.\\d\\d");
      double score = Double.parseDouble(row.get(2));
      assertThat(score).as("rows sorted by score, highest first").isLessThanOrEqualTo(previous);
      previous = score;
    }
    page.await(
        "more updates and new scores in the table (were " + first.topScores() + ")",
        v ->
            v.updates() > first.updates() + SOME_UPDATES
                && !v.topScores().equals(first.topScores()));
  }

  @Test
  @Order(4)
  void shouldFillTheChartsOfTheDyadChosenByClickingItsRow() {
    // The second row: the first is what the charts show before anyone chooses.
    String chosen = page.clickTopRow(1);
    page.await(
        "every chart showing a few hops of " + chosen,
        v ->
            v.dyadName().equals(chosen.replace("/", " – "))
                && v.charts().values().stream()
                    .allMatch(
                        c -> c.dyad().equals(chosen) && c.points() >= 3 && c.seriesPixels() > 10));
    // The demo room talks: the newest window's turn-taking in words, both shares adding to 100.
    String[] badges = chosen.split("/");
    PageView talk =
        page.await(
            "the conversation line of " + chosen,
            v -> v.dyadTalk().startsWith("Conversation, last 10 s: "));
    if (!talk.dyadTalk().contains("neither spoke")) {
      Matcher m =
          Pattern.compile(
                  badges[0]
                      + " (\\d+) %, "
                      + badges[1]
                      + " (\\d+) % of the talk · \\d+ turn change")
              .matcher(talk.dyadTalk());
      assertThat(m.find()).as(talk.dyadTalk()).isTrue();
      assertThat(Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2))).isBetween(99, 101);
    }
  }

  @Test
  @Order(5)
  void shouldSendAMarkerToTheGatewayAndShowIt() {
    String label = "phase 2: proposals";
    page.addMarker(label);
    // Three independent paths, each in its own time: the answer to the POST, the marker coming
    // back on the stream, and the gateway publishing it.
    page.await(
        "the marker accepted and listed",
        v -> v.markerResult().equals("marker added") && v.markers().contains(label));
    page.await("the marker out of the gateway", v -> room.markersReceived().contains(label));
    assertThat(room.markersReceived()).containsExactly(label);
    assertThat(page.markerInput()).as("input cleared for the next marker").isEmpty();
  }

  @Test
  @Order(6)
  void shouldSaveAScreenshotOfTheLiveRoom() throws Exception {
    page.await(
        "room, timeline and charts drawn",
        v ->
            v.speakingPixels() > 1_000
                && v.charts().values().stream().allMatch(c -> c.seriesPixels() > 10));
    page.screenshot(SCREENSHOT);
    assertFullPagePng(SCREENSHOT);

    // The same page on a phone held upright: one column, still readable.
    page.resizeViewport(PHONE_WIDTH_PX, PHONE_HEIGHT_PX);
    try {
      page.await(
          "the timeline redrawn at phone width",
          v -> v.speakingPixels() > 1_000 && v.viewportWidthPx() == PHONE_WIDTH_PX);
      page.screenshot(PHONE_SCREENSHOT);
      assertFullPagePng(PHONE_SCREENSHOT);
    } finally {
      page.resizeViewport(LAPTOP_WIDTH_PX, LAPTOP_HEIGHT_PX);
    }
  }

  private static void assertFullPagePng(Path file) throws Exception {
    byte[] png = Files.readAllBytes(file);
    assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII))
        .as(file + " header")
        .isEqualTo("PNG");
    assertThat(png.length).as(file + ": a full page, not a blank one").isGreaterThan(40_000);
  }

  @Test
  @Order(7)
  void shouldReconnectByItselfWhenTheGatewayRestartsOnTheSamePort() throws Exception {
    PageView before = page.await("badges shown", v -> v.badgeRows().size() == room.badges().size());
    int port = room.port();
    room.close();
    page.await("connection pill says reconnecting", v -> !v.live());

    room = ROOM.start(port);
    assertThat(room.port()).isEqualTo(port);
    PageView back =
        page.await(
            "live again with the new gateway's badges (scores follow one window later)",
            v ->
                v.live()
                    && v.connections() == before.connections() + 1
                    && v.badgeRows().size() == room.badges().size());
    page.await("live updates again", v -> v.updates() > back.updates() + SOME_UPDATES);
  }
}
