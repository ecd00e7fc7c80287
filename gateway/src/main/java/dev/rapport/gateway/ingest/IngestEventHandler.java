package dev.rapport.gateway.ingest;

/**
 * Consumes the events of a {@link BoundedEventQueue} on the engine thread. Buffers passed in are
 * the queue's own slots, valid only during the call.
 */
public interface IngestEventHandler {
  /**
   * A decoded badge frame (header + payload, CRC already checked and stripped), with the gateway
   * time its last byte was read.
   */
  void onFrame(int linkIndex, long receiveNs, byte[] buffer, int offset, int length);

  /** The transport wrote a TIME_SYNC_REQUEST; t1Ns was read just before the write. */
  void onTimeSyncSent(int badgeId, long correlationId, long t1Ns);

  /** Gateway time moved on to nowNs (lets the grid advance while badges are silent). */
  void onClock(long nowNs);
}
