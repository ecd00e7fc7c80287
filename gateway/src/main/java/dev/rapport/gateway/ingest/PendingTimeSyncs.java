package dev.rapport.gateway.ingest;

/**
 * TIME_SYNC requests in flight for one badge: correlation id and the gateway time the request was
 * sent (t1), so a response can be paired with its own request even when responses come late or out
 * of order. Fixed capacity: the oldest entry gives way, since a response that late would be
 * rejected as too slow anyway. Allocation-free.
 */
final class PendingTimeSyncs {
  static final long NOT_FOUND = Long.MIN_VALUE;

  private final long[] correlationIds;
  private final long[] sentNs;
  private final boolean[] used;
  private int next;

  PendingTimeSyncs(int capacity) {
    correlationIds = new long[capacity];
    sentNs = new long[capacity];
    used = new boolean[capacity];
  }

  void add(long correlationId, long t1Ns) {
    correlationIds[next] = correlationId;
    sentNs[next] = t1Ns;
    used[next] = true;
    next = (next + 1) % correlationIds.length;
  }

  /** Replaces the provisional send time with the transport's own stamp; false if not pending. */
  boolean updateSentTime(long correlationId, long t1Ns) {
    final int i = indexOf(correlationId);
    if (i < 0) {
      return false;
    }
    sentNs[i] = t1Ns;
    return true;
  }

  /** Removes and returns the request's send time, or {@link #NOT_FOUND}. */
  long take(long correlationId) {
    final int i = indexOf(correlationId);
    if (i < 0) {
      return NOT_FOUND;
    }
    used[i] = false;
    return sentNs[i];
  }

  void clear() {
    java.util.Arrays.fill(used, false);
  }

  private int indexOf(long correlationId) {
    for (int i = 0; i < correlationIds.length; i++) {
      if (used[i] && correlationIds[i] == correlationId) {
        return i;
      }
    }
    return -1;
  }
}
