package dev.rapport.badge.protocol;

import static dev.rapport.badge.protocol.LittleEndian.putU32;
import static dev.rapport.badge.protocol.LittleEndian.putU8;
import static dev.rapport.badge.protocol.LittleEndian.u32;
import static dev.rapport.badge.protocol.LittleEndian.u8;

/**
 * Layout shared by ACK and NACK: the answered command's correlation id and opcode, and a code (ACK
 * status or NACK reason, see {@link ReplyCode}).
 *
 * <pre>
 * frame offset: 10              14      15    16
 *               +---------------+-------+-----+
 *               |correlation id |opcode |code |
 *               |u32 LE         |u8     |u8   |
 *               +---------------+-------+-----+
 * </pre>
 *
 * Payload 6 bytes; longer payloads are accepted and the extra bytes ignored.
 */
public abstract class CommandReplyFrame extends Frame {
  public static final int CORRELATION_ID_OFFSET = PAYLOAD_OFFSET;
  public static final int OPCODE_OFFSET = CORRELATION_ID_OFFSET + 4;
  public static final int CODE_OFFSET = OPCODE_OFFSET + 1;
  public static final int PAYLOAD_LENGTH = CODE_OFFSET + 1 - PAYLOAD_OFFSET;

  @Override
  public final boolean hasValidLength() {
    return payloadLength() >= PAYLOAD_LENGTH;
  }

  public final long correlationId() {
    return u32(buffer, offset + CORRELATION_ID_OFFSET);
  }

  /** Opcode of the command answered. */
  public final int opcode() {
    return u8(buffer, offset + OPCODE_OFFSET);
  }

  final int code() {
    return u8(buffer, offset + CODE_OFFSET);
  }

  final void write(long correlationId, int opcode, int code) {
    checkU32("correlationId", correlationId);
    checkU8("opcode", opcode);
    checkU8("code", code);
    putU32(buffer, offset + CORRELATION_ID_OFFSET, correlationId);
    putU8(buffer, offset + OPCODE_OFFSET, opcode);
    putU8(buffer, offset + CODE_OFFSET, code);
  }

  @Override
  public void appendFields(StringBuilder sb) {
    super.appendFields(sb);
    sb.append(" correlation_id=").append(correlationId());
    sb.append(" opcode=").append(opcode());
  }
}
