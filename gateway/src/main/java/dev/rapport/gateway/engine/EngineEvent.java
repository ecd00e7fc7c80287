package dev.rapport.gateway.engine;

/**
 * One input of the engine. Everything that can change a score enters as one of these, in one
 * ordered stream, and the recorder stores exactly this stream: replaying it through a new engine
 * gives the same scores bit for bit.
 *
 * @param timeNs gateway monotonic time of the event (a frame's receive time)
 * @param link index of the link a frame arrived on; the badge for a sync request
 * @param value epoch ms for a watermark or a session switch, correlation id for a sync request
 * @param bytes a frame's header and payload (decoded, CRC checked), or a UTF-8 text (a marker's
 *     label, a session id; null when a session switch ends the session)
 */
public record EngineEvent(Kind kind, long timeNs, int link, long value, byte[] bytes) {
  public enum Kind {
    FRAME,
    WATERMARK,
    SYNC_REQUEST_SENT,
    MARKER,
    /**
     * The session in progress changes: from this event on, results carry this session id (none when
     * {@code bytes} is null). It travels in the event stream, not beside it, so the switch falls
     * between the same two events live and in a replay.
     */
    SESSION
  }

  public static EngineEvent frame(int link, long receiveNs, byte[] frame) {
    return new EngineEvent(Kind.FRAME, receiveNs, link, 0, frame);
  }

  public static EngineEvent watermark(long nowNs, long epochMs) {
    return new EngineEvent(Kind.WATERMARK, nowNs, -1, epochMs, null);
  }

  public static EngineEvent syncRequestSent(int badgeId, long correlationId, long sentNs) {
    return new EngineEvent(Kind.SYNC_REQUEST_SENT, sentNs, badgeId, correlationId, null);
  }

  public static EngineEvent marker(long nowNs, String label) {
    return new EngineEvent(
        Kind.MARKER, nowNs, -1, 0, label.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * @param sessionId the session now in progress, or null when the session ends
   * @param epochMs wall time of the switch, used for its timestamp until the first watermark has
   *     fixed the engine's epoch (a session started with the gateway comes before any watermark)
   */
  public static EngineEvent session(long nowNs, long epochMs, String sessionId) {
    return new EngineEvent(
        Kind.SESSION,
        nowNs,
        -1,
        epochMs,
        sessionId == null ? null : sessionId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The session id a {@link Kind#SESSION} event switches to; null when it ends the session. */
  public String sessionId() {
    return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
