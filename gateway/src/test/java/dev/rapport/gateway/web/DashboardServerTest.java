package dev.rapport.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DashboardServerTest {
  private final List<String> markers = new CopyOnWriteArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private DashboardServer server;

  @BeforeEach
  void start() throws Exception {
    server = new DashboardServer("127.0.0.1", 0, new DashboardState(10), markers::add);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url()).resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldServeEveryAssetFromTheJarWithoutTheInternet() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body())
        .contains("<script src=\"/app.js\">")
        .doesNotContain("http://", "https://");
    assertThat(get("/app.js").statusCode()).isEqualTo(200);
    assertThat(get("/app.css").statusCode()).isEqualTo(200);
    assertThat(get("/../pom.xml").statusCode()).isEqualTo(404);
    assertThat(get("/missing.js").statusCode()).isEqualTo(404);
  }

  @Test
  void shouldStreamSnapshotThenLiveUpdates() throws Exception {
    server.publish(
        new DashboardState.Update(DashboardState.Kind.BADGE, "0001", "{\"battery_pct\":80}"));
    HttpResponse<InputStream> stream =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url()).resolve("/api/events")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      assertThat(nextData(reader))
          .isEqualTo("{\"kind\":\"badge\",\"key\":\"0001\",\"data\":{\"battery_pct\":80}}");
      server.publish(
          new DashboardState.Update(DashboardState.Kind.DYAD, "0001/0002", "{\"score\":0.5}"));
      assertThat(nextData(reader))
          .isEqualTo("{\"kind\":\"dyad\",\"key\":\"0001/0002\",\"data\":{\"score\":0.5}}");
    }
  }

  @Test
  void shouldKeepBoundedHistoryPerDyadInTheSnapshot() throws Exception {
    for (int i = 0; i < 25; i++) {
      server.publish(
          new DashboardState.Update(DashboardState.Kind.DYAD, "0001/0002", "{\"seq\":" + i + "}"));
    }
    String snapshot = get("/api/snapshot").body();
    assertThat(snapshot)
        .contains("{\"seq\":24}")
        .contains("{\"seq\":15}")
        .doesNotContain("{\"seq\":14}");
  }

  @Test
  void shouldAcceptValidMarkersAndRejectBadOnesWithAClearError() throws Exception {
    HttpResponse<String> ok = post("{\"label\":\"phase 2\"}");
    assertThat(ok.statusCode()).isEqualTo(202);
    assertThat(markers).containsExactly("phase 2");

    HttpResponse<String> empty = post("{\"label\":\"  \"}");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("label: expected a text of 1 to 200 characters");
    assertThat(post("not json").statusCode()).isEqualTo(400);
    assertThat(post("{\"label\":\"" + "x".repeat(201) + "\"}").statusCode()).isEqualTo(400);
    assertThat(markers).hasSize(1);
  }

  private HttpResponse<String> post(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url()).resolve("/api/markers"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String nextData(BufferedReader reader) throws Exception {
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.startsWith("data: ")) {
        return line.substring("data: ".length());
      }
    }
    throw new AssertionError("stream ended");
  }
}
