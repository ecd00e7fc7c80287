package dev.rapport.gateway.mqtt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last few {@code request_id}s carried out. A QoS 1 command can arrive twice (the broker
 * redelivers after a reconnect) and a marker or session start must not happen twice; commands
 * without a request id cannot be recognised and always run. Thread-safe.
 */
final class CommandMemory {
  private final Map<String, Boolean> seen;

  CommandMemory(int capacity) {
    this.seen =
        new LinkedHashMap<>(capacity * 2, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** True the first time a request id is offered (and always for null). */
  synchronized boolean firstTime(String requestId) {
    return requestId == null || seen.put(requestId, Boolean.TRUE) == null;
  }
}
