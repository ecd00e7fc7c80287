package dev.rapport.gateway.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard shows, kept as the JSON payloads the gateway also publishes over MQTT
 * (docs/mqtt.md), so the browser reads one documented format. Holds the latest status of the
 * gateway and of every badge, a bounded history per dyad for the time series, the room's speaking
 * timeline, and the session's markers. Thread-safe: the engine's sink thread writes, HTTP threads
 * read snapshots.
 */
public final class DashboardState {
  /** Kinds of update, also the SSE event names. */
  public enum Kind {
    GATEWAY,
    BADGE,
    DYAD,
    ROOM,
    MARKER
  }

  /** One update: its kind, the key it replaces (badge id, "a/b" dyad, ...), its JSON. */
  public record Update(Kind kind, String key, String json) {}

  private final int historyPerKey;
  private final Map<String, String> gateway = new LinkedHashMap<>();
  private final Map<String, String> badges = new LinkedHashMap<>();
  private final Map<String, Deque<String>> dyads = new LinkedHashMap<>();
  private final Deque<String> room = new ArrayDeque<>();
  private final Deque<String> markers = new ArrayDeque<>();

  public DashboardState(int historyPerKey) {
    if (historyPerKey < 1) {
      throw new IllegalArgumentException(
          "historyPerKey must be >= 1, historyPerKey=" + historyPerKey);
    }
    this.historyPerKey = historyPerKey;
  }

  public synchronized void apply(Update update) {
    switch (update.kind()) {
      case GATEWAY:
        gateway.put("status", update.json());
        break;
      case BADGE:
        badges.put(update.key(), update.json());
        break;
      case DYAD:
        append(dyads.computeIfAbsent(update.key(), k -> new ArrayDeque<>()), update.json());
        break;
      case ROOM:
        append(room, update.json());
        break;
      case MARKER:
        append(markers, update.json());
        break;
      default:
        throw new IllegalArgumentException("unknown kind " + update.kind());
    }
  }

  /** Everything as updates in a replayable order: a new browser applies them one by one. */
  public synchronized List<Update> snapshot() {
    List<Update> all = new ArrayList<>();
    gateway.values().forEach(json -> all.add(new Update(Kind.GATEWAY, "status", json)));
    badges.forEach((key, json) -> all.add(new Update(Kind.BADGE, key, json)));
    dyads.forEach(
        (key, history) -> history.forEach(json -> all.add(new Update(Kind.DYAD, key, json))));
    room.forEach(json -> all.add(new Update(Kind.ROOM, "room", json)));
    markers.forEach(json -> all.add(new Update(Kind.MARKER, "marker", json)));
    return all;
  }

  public synchronized int badgeCount() {
    return badges.size();
  }

  public synchronized int dyadCount() {
    return dyads.size();
  }

  private void append(Deque<String> history, String json) {
    history.addLast(json);
    while (history.size() > historyPerKey) {
      history.removeFirst();
    }
  }
}
