package dev.rapport.gateway.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard, served by the gateway itself with the JDK's HTTP server: static assets from
 * the jar (nothing from the internet), a snapshot endpoint, a Server-Sent Events stream at the hop
 * rate, and a marker endpoint. Each browser gets a bounded queue; a browser too slow to keep up is
 * disconnected (counted) and its EventSource reconnects and starts again from a snapshot, so a
 * stuck browser never slows the gateway.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  private static final int MAX_CLIENTS = 32;
  // About 15 s of a 64-badge room (2,016 dyads a second): a browser on a slow phone keeps up.
  private static final int CLIENT_QUEUE_UPDATES = 32_768;
  private static final long HEARTBEAT_MS = 15_000;
  private static final int MAX_MARKER_LABEL_CHARS = 200;
  private static final Map<String, String> CONTENT_TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml");

  private final DashboardState state;
  private final Consumer<String> markerRequests;
  private final HttpServer server;
  private final ExecutorService executor;
  private final ObjectMapper json = new ObjectMapper();
  private final List<BlockingQueue<DashboardState.Update>> clients = new CopyOnWriteArrayList<>();
  private final AtomicInteger clientCount = new AtomicInteger();
  private final AtomicLong slowClientsDropped = new AtomicLong();
  private volatile boolean closed;

  /**
   * @param markerRequests receives validated marker labels from the browser's button
   */
  public DashboardServer(
      String host, int port, DashboardState state, Consumer<String> markerRequests)
      throws IOException {
    this.state = state;
    this.markerRequests = markerRequests;
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "dashboard-http");
              t.setDaemon(true);
              return t;
            });
    try {
      this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new IOException(
          "dashboard cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")", e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handleStatic);
    server.createContext("/api/snapshot", this::handleSnapshot);
    server.createContext("/api/events", this::handleEvents);
    server.createContext("/api/markers", this::handleMarker);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    String host = server.getAddress().getHostString();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port() + "/";
  }

  public long slowClientsDropped() {
    return slowClientsDropped.get();
  }

  public int connectedClients() {
    return clientCount.get();
  }

  /** Called from the gateway's sink thread for every new payload. */
  public void publish(DashboardState.Update update) {
    state.apply(update);
    for (BlockingQueue<DashboardState.Update> client : clients) {
      if (!client.offer(update)) {
        // The browser fell behind: drop it; its EventSource reconnects and gets a fresh snapshot.
        clients.remove(client);
        slowClientsDropped.incrementAndGet();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
    executor.shutdownNow();
  }

  private void handleStatic(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/")) {
        path = "/index.html";
      }
      if (!path.matches("/[A-Za-z0-9_-]+\\.(html|js|css|svg)")) {
        sendText(exchange, 404, "text/plain; charset=utf-8", "not found: " + path);
        return;
      }
      try (InputStream in = DashboardServer.class.getResourceAsStream("static" + path)) {
        if (in == null) {
          sendText(exchange, 404, "text/plain; charset=utf-8", "not found: " + path);
          return;
        }
        byte[] body = in.readAllBytes();
        String extension = path.substring(path.lastIndexOf('.') + 1);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPES.get(extension));
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    }
  }

  private void handleSnapshot(HttpExchange exchange) throws IOException {
    try (exchange) {
      StringBuilder out = new StringBuilder("[");
      List<DashboardState.Update> updates = state.snapshot();
      for (int i = 0; i < updates.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        appendUpdate(out, updates.get(i));
      }
      out.append(']');
      sendText(exchange, 200, "application/json", out.toString());
    }
  }

  private void handleEvents(HttpExchange exchange) throws IOException {
    if (clientCount.incrementAndGet() > MAX_CLIENTS) {
      clientCount.decrementAndGet();
      try (exchange) {
        sendText(exchange, 503, "text/plain; charset=utf-8", "too many dashboard clients");
      }
      return;
    }
    BlockingQueue<DashboardState.Update> queue = new ArrayBlockingQueue<>(CLIENT_QUEUE_UPDATES);
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.sendResponseHeaders(200, 0);
      OutputStream body = exchange.getResponseBody();
      // Register before taking the snapshot so no update falls between the two.
      clients.add(queue);
      StringBuilder event = new StringBuilder("retry: 2000\n\n");
      for (DashboardState.Update update : state.snapshot()) {
        appendEvent(event, update);
      }
      write(body, event);
      while (!closed && clients.contains(queue)) {
        DashboardState.Update update = queue.poll(HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        event.setLength(0);
        if (update == null) {
          event.append(": heartbeat\n\n");
        } else {
          appendEvent(event, update);
          DashboardState.Update more;
          while ((more = queue.poll()) != null) {
            appendEvent(event, more);
          }
        }
        write(body, event);
      }
    } catch (IOException e) {
      LOG.debug("dashboard client went away: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      clients.remove(queue);
      clientCount.decrementAndGet();
    }
  }

  private void handleMarker(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        sendText(exchange, 405, "application/json", "{\"error\":\"use POST\"}");
        return;
      }
      byte[] bytes = exchange.getRequestBody().readNBytes(4_096);
      String label;
      try {
        JsonNode body = json.readTree(bytes);
        JsonNode labelNode = body == null ? null : body.get("label");
        label = labelNode == null || !labelNode.isTextual() ? null : labelNode.asText().strip();
      } catch (IOException e) {
        label = null;
      }
      if (label == null || label.isEmpty() || label.length() > MAX_MARKER_LABEL_CHARS) {
        sendText(
            exchange,
            400,
            "application/json",
            "{\"error\":\"label: expected a text of 1 to "
                + MAX_MARKER_LABEL_CHARS
                + " characters, e.g. {\\\"label\\\": \\\"phase 2\\\"}\"}");
        return;
      }
      markerRequests.accept(label);
      sendText(exchange, 202, "application/json", json.writeValueAsString(Map.of("label", label)));
    }
  }

  private static void appendEvent(StringBuilder out, DashboardState.Update update) {
    out.append("event: ").append(update.kind().name().toLowerCase()).append('\n');
    out.append("data: ");
    appendUpdate(out, update);
    out.append("\n\n");
  }

  private static void appendUpdate(StringBuilder out, DashboardState.Update update) {
    // key is produced by the gateway (badge ids, "a/b"); it never needs JSON escaping.
    out.append("{\"kind\":\"")
        .append(update.kind().name().toLowerCase())
        .append("\",\"key\":\"")
        .append(update.key())
        .append("\",\"data\":")
        .append(update.json())
        .append('}');
  }

  private static void write(OutputStream body, StringBuilder text) throws IOException {
    body.write(text.toString().getBytes(StandardCharsets.UTF_8));
    body.flush();
  }

  private static void sendText(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }
}
