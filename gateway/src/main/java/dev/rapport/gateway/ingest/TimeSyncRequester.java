package dev.rapport.gateway.ingest;

/**
 * Sends a TIME_SYNC_REQUEST to a badge over the link it was last heard on. Implemented by the
 * command side; must not block the engine thread. Should report the moment the bytes are written
 * through {@link BoundedEventQueue#offerTimeSyncSent}, read just before the write.
 */
@FunctionalInterface
public interface TimeSyncRequester {
  /**
   * @return false if it could not be sent (link down, outbound buffer full)
   */
  boolean sendTimeSyncRequest(int badgeId, long correlationId, int linkIndex);
}
