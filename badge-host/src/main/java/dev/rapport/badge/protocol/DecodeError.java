package dev.rapport.badge.protocol;

/**
 * Why the decoder rejected bytes. Kinds detected before the CRC has been checked cannot be
 * attributed to a badge (the badge id itself may be damaged); kinds found after a good CRC can.
 */
public enum DecodeError {
  /** A delimiter arrived inside a COBS block: bytes were lost, or noise produced a 0x00. */
  MALFORMED_COBS(false),
  /** Fewer than 14 bytes (header + CRC) between delimiters: a truncated frame or noise. */
  TOO_SHORT(false),
  /** More than 254 decoded bytes before a delimiter: a lost delimiter joined frames, or noise. */
  OVERSIZED(false),
  /** The CRC-32C did not match: bit errors, or bytes lost or inserted inside the frame. */
  BAD_CRC(false),
  /** Good CRC but a protocol version this host does not speak; counted for the badge. */
  UNSUPPORTED_VERSION(true),
  /** Good CRC but a frame type this host does not know; counted for the badge. */
  UNKNOWN_TYPE(true),
  /** Good CRC but a payload length that does not fit the type's layout; counted for the badge. */
  BAD_LENGTH(true),
  /** A partial frame was discarded because the link was reset (reconnect, port reopened). */
  INCOMPLETE_AT_RESET(false);

  private static final DecodeError[] VALUES = values();

  private final boolean badgeKnown;

  DecodeError(boolean badgeKnown) {
    this.badgeKnown = badgeKnown;
  }

  /** Whether the frame's badge id passed the CRC and the error is counted for that badge. */
  public boolean badgeKnown() {
    return badgeKnown;
  }

  /** All kinds, shared; do not modify. Avoids the copy {@code values()} makes on every call. */
  static DecodeError[] all() {
    return VALUES;
  }
}
