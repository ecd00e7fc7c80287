package dev.rapport.gateway.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records every connection status a publisher reports, so tests can wait for one. */
final class StatusWatcher {
  private final List<ConnectionStatus> seen = new ArrayList<>();

  StatusWatcher(MqttPublisher publisher) {
    publisher.addStatusListener(this::record);
  }

  private synchronized void record(ConnectionStatus s) {
    seen.add(s);
    notifyAll();
  }

  synchronized ConnectionStatus await(Predicate<ConnectionStatus> match, long timeoutMs)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    int checked = 0;
    while (true) {
      for (; checked < seen.size(); checked++) {
        if (match.test(seen.get(checked))) {
          return seen.get(checked);
        }
      }
      long leftMs = (deadline - System.nanoTime()) / 1_000_000;
      if (leftMs <= 0) {
        throw new AssertionError("no matching status within " + timeoutMs + " ms; saw " + seen);
      }
      wait(leftMs);
    }
  }

  ConnectionStatus awaitState(ConnectionState state, long timeoutMs) throws InterruptedException {
    return await(s -> s.state() == state, timeoutMs);
  }

  /** Waits for a state reached after the events seen so far. */
  ConnectionStatus awaitNext(ConnectionState state, long timeoutMs) throws InterruptedException {
    int from;
    synchronized (this) {
      from = seen.size();
    }
    int[] index = {0};
    return await(s -> index[0]++ >= from && s.state() == state, timeoutMs);
  }

  synchronized List<ConnectionStatus> all() {
    return new ArrayList<>(seen);
  }
}
