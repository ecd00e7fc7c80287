package dev.rapport.badge.protocol;

import static dev.rapport.badge.protocol.LittleEndian.putU32;
import static dev.rapport.badge.protocol.LittleEndian.u32;

/**
 * TIME_SYNC_REQUEST (type 0x81, host to badge): asks for a TIME_SYNC_RESPONSE carrying the same
 * correlation id. The host keeps its own send time for the id; nothing of the host clock travels.
 *
 * <pre>
 * frame offset: 10              14
 *               +---------------+
 *               |correlation id |
 *               |u32 LE         |
 *               +---------------+
 * </pre>
 *
 * Payload 4 bytes; longer payloads are accepted and the extra bytes ignored.
 */
public final class TimeSyncRequestFrame extends Frame {
  public static final int CORRELATION_ID_OFFSET = PAYLOAD_OFFSET;
  public static final int PAYLOAD_LENGTH = CORRELATION_ID_OFFSET + 4 - PAYLOAD_OFFSET;

  @Override
  public int frameType() {
    return FrameType.TIME_SYNC_REQUEST;
  }

  @Override
  public boolean hasValidLength() {
    return payloadLength() >= PAYLOAD_LENGTH;
  }

  public long correlationId() {
    return u32(buffer, offset + CORRELATION_ID_OFFSET);
  }

  public TimeSyncRequestFrame correlationId(long correlationId) {
    checkU32("correlationId", correlationId);
    putU32(buffer, offset + CORRELATION_ID_OFFSET, correlationId);
    return this;
  }

  @Override
  public void appendFields(StringBuilder sb) {
    super.appendFields(sb);
    sb.append(" correlation_id=").append(correlationId());
  }
}
