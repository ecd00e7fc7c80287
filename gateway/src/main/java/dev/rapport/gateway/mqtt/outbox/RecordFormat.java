package dev.rapport.gateway.mqtt.outbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk framing of one outbox record. Length first so a reader can skip, CRC second so a torn
 * or rotted record is recognised; the record also stores its own index so that a record found in
 * the wrong place is rejected rather than sent under another position. All integers little-endian.
 *
 * <pre>
 *  offset size field
 *   0     4   body length L (int32 LE), BODY_HEADER_BYTES .. MAX_BODY_BYTES
 *   4     4   CRC-32C of the L body bytes (int32 LE)
 *   8     L   body:
 *             +0   1  version (1)
 *             +1   1  flags: bits 0-1 QoS, bit 2 retained
 *             +2   2  topic length T in bytes (uint16 LE)
 *             +4   8  index (int64 LE)
 *             +12  8  seq (int64 LE), -1 when the topic is not sequenced
 *             +20  8  created, epoch ms (int64 LE)
 *             +28  T  topic, UTF-8
 *             +28+T   payload, to the end of the body
 * </pre>
 */
final class RecordFormat {
  static final int FRAME_HEADER_BYTES = 8;
  static final int VERSION = 1;
  static final int VERSION_OFFSET = 0;
  static final int FLAGS_OFFSET = VERSION_OFFSET + 1;
  static final int TOPIC_LENGTH_OFFSET = FLAGS_OFFSET + 1;
  static final int INDEX_OFFSET = TOPIC_LENGTH_OFFSET + 2;
  static final int SEQ_OFFSET = INDEX_OFFSET + 8;
  static final int CREATED_OFFSET = SEQ_OFFSET + 8;
  static final int TOPIC_OFFSET = CREATED_OFFSET + 8;
  static final int BODY_HEADER_BYTES = TOPIC_OFFSET;

  /**
   * MQTT topics are at most 65535 bytes; the payload cap keeps one record from eating a segment.
   */
  static final int MAX_TOPIC_BYTES = 0xFFFF;

  static final int MAX_PAYLOAD_BYTES = 1024 * 1024;
  static final int MAX_BODY_BYTES = BODY_HEADER_BYTES + MAX_TOPIC_BYTES + MAX_PAYLOAD_BYTES;

  private static final int RETAINED_FLAG = 0x04;
  private static final int QOS_MASK = 0x03;

  private RecordFormat() {}

  static int frameBytes(int topicBytes, int payloadBytes) {
    return FRAME_HEADER_BYTES + BODY_HEADER_BYTES + topicBytes + payloadBytes;
  }

  /** Writes one whole frame into {@code out} (little-endian, position at 0, limit at the end). */
  static ByteBuffer encode(
      ByteBuffer out,
      long index,
      byte[] topic,
      int qos,
      boolean retained,
      long seq,
      long createdMs,
      byte[] payload) {
    int bodyBytes = BODY_HEADER_BYTES + topic.length + payload.length;
    out.clear().order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(bodyBytes);
    out.putInt(0); // CRC, filled in below once the body is written
    int bodyStart = out.position();
    out.put((byte) VERSION);
    out.put((byte) ((qos & QOS_MASK) | (retained ? RETAINED_FLAG : 0)));
    out.putShort((short) topic.length);
    out.putLong(index);
    out.putLong(seq);
    out.putLong(createdMs);
    out.put(topic);
    out.put(payload);
    out.putInt(4, crc(out, bodyStart, bodyBytes));
    return out.flip();
  }

  static int crc(ByteBuffer buffer, int offset, int length) {
    CRC32C crc = new CRC32C();
    ByteBuffer slice = buffer.duplicate();
    slice.limit(offset + length).position(offset);
    crc.update(slice);
    return (int) crc.getValue();
  }

  /**
   * Decodes a body whose CRC has been checked.
   *
   * @return null when the body is structurally wrong (bad version, topic past the end)
   */
  static OutboxRecord decodeBody(ByteBuffer body) {
    body.order(ByteOrder.LITTLE_ENDIAN);
    int length = body.remaining();
    int base = body.position();
    if (length < BODY_HEADER_BYTES || (body.get(base + VERSION_OFFSET) & 0xFF) != VERSION) {
      return null;
    }
    int flags = body.get(base + FLAGS_OFFSET) & 0xFF;
    int topicBytes = body.getShort(base + TOPIC_LENGTH_OFFSET) & 0xFFFF;
    if (BODY_HEADER_BYTES + topicBytes > length || (flags & QOS_MASK) == 3) {
      return null;
    }
    byte[] topic = new byte[topicBytes];
    body.get(base + TOPIC_OFFSET, topic);
    byte[] payload = new byte[length - BODY_HEADER_BYTES - topicBytes];
    body.get(base + TOPIC_OFFSET + topicBytes, payload);
    return new OutboxRecord(
        body.getLong(base + INDEX_OFFSET),
        new String(topic, StandardCharsets.UTF_8),
        flags & QOS_MASK,
        (flags & RETAINED_FLAG) != 0,
        body.getLong(base + SEQ_OFFSET),
        body.getLong(base + CREATED_OFFSET),
        payload);
  }
}
