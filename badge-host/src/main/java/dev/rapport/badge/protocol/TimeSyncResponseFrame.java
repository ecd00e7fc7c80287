package dev.rapport.badge.protocol;

import static dev.rapport.badge.protocol.LittleEndian.putU32;
import static dev.rapport.badge.protocol.LittleEndian.u32;

/**
 * TIME_SYNC_RESPONSE (type 0x05, badge to host): the badge's two timestamps of an NTP-style
 * exchange. With the host's send time t0 and receive time t3 of the pair, and t1 = receive tick, t2
 * = send tick converted to seconds: offset = ((t1 - t0) + (t2 - t3)) / 2, round trip = (t3 - t0) -
 * (t2 - t1). Reporting t1 and t2 separately removes the badge's processing time from the round
 * trip.
 *
 * <pre>
 * frame offset: 10              14                    18                  22
 *               +---------------+---------------------+-------------------+
 *               |correlation id |request receive tick |response send tick |
 *               |u32 LE         |u32 LE               |u32 LE             |
 *               +---------------+---------------------+-------------------+
 * </pre>
 *
 * Payload 12 bytes; longer payloads are accepted and the extra bytes ignored.
 */
public final class TimeSyncResponseFrame extends Frame {
  public static final int CORRELATION_ID_OFFSET = PAYLOAD_OFFSET;
  public static final int RECEIVE_TICK_OFFSET = CORRELATION_ID_OFFSET + 4;
  public static final int SEND_TICK_OFFSET = RECEIVE_TICK_OFFSET + 4;
  public static final int PAYLOAD_LENGTH = SEND_TICK_OFFSET + 4 - PAYLOAD_OFFSET;

  @Override
  public int frameType() {
    return FrameType.TIME_SYNC_RESPONSE;
  }

  @Override
  public boolean hasValidLength() {
    return payloadLength() >= PAYLOAD_LENGTH;
  }

  public long correlationId() {
    return u32(buffer, offset + CORRELATION_ID_OFFSET);
  }

  /** Badge tick when the request's delimiter arrived (t1). */
  public long receiveTick() {
    return u32(buffer, offset + RECEIVE_TICK_OFFSET);
  }

  /** Badge tick when the response's first byte left for the link (t2). */
  public long sendTick() {
    return u32(buffer, offset + SEND_TICK_OFFSET);
  }

  public TimeSyncResponseFrame correlationId(long correlationId) {
    checkU32("correlationId", correlationId);
    putU32(buffer, offset + CORRELATION_ID_OFFSET, correlationId);
    return this;
  }

  public TimeSyncResponseFrame receiveTick(long receiveTick) {
    checkU32("receiveTick", receiveTick);
    putU32(buffer, offset + RECEIVE_TICK_OFFSET, receiveTick);
    return this;
  }

  public TimeSyncResponseFrame sendTick(long sendTick) {
    checkU32("sendTick", sendTick);
    putU32(buffer, offset + SEND_TICK_OFFSET, sendTick);
    return this;
  }

  @Override
  public void appendFields(StringBuilder sb) {
    super.appendFields(sb);
    sb.append(" correlation_id=").append(correlationId());
    sb.append(" receive_tick=").append(receiveTick());
    sb.append(" send_tick=").append(sendTick());
  }
}
