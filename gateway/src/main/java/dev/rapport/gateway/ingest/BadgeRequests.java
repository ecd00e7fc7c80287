package dev.rapport.gateway.ingest;

/**
 * What ingestion asks of the badges, sent by the command side over the link a badge was last heard
 * on. Implementations must not block the engine thread.
 */
public interface BadgeRequests {
  /**
   * Sends a TIME_SYNC_REQUEST. The writer should report the moment the bytes are written through
   * {@link BoundedEventQueue#offerTimeSyncSent}, reading the clock just before the write.
   *
   * @return false if it could not be sent (link down, outbound buffer full)
   */
  boolean sendTimeSyncRequest(int badgeId, long correlationId, int linkIndex);

  /**
   * Sends a REQUEST_HELLO command: the badge's HELLO never arrived, and without its tick rate none
   * of its samples can be placed in time.
   *
   * @return false if it could not be sent
   */
  boolean sendHelloRequest(int badgeId, int linkIndex);
}
