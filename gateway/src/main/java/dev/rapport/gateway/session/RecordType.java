package dev.rapport.gateway.session;

/**
 * What a record in a recording holds (docs/recording.md). The engine's input events are recorded
 * exactly, so that replaying them through the same engine gives the same scores bit for bit.
 */
public enum RecordType {
  /** A decoded badge frame (COBS removed, CRC checked), exactly the bytes the engine received. */
  FRAME(1),
  /** The engine clock advanced: the grid may close ticks up to this time. */
  WATERMARK(2),
  /** A TIME_SYNC request left the gateway: body = badge id u16, correlation id u32. */
  SYNC_REQUEST(3),
  /** An event marker: body = UTF-8 label. */
  MARKER(4),
  /** Session metadata as UTF-8 JSON (start, stop, participants). */
  SESSION(5);

  private final int code;

  RecordType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /**
   * @return the type, or null for a code this version does not know (the reader counts it).
   */
  public static RecordType of(int code) {
    for (RecordType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
