package dev.rapport.badge.protocol;

import static dev.rapport.badge.protocol.LittleEndian.u16;
import static dev.rapport.badge.protocol.LittleEndian.u32;
import static dev.rapport.badge.protocol.LittleEndian.u8;

/**
 * Flyweight base of every frame type: reads (and, for the encoder, writes) the common header of a
 * decoded frame in place, without copying. Subclasses add the payload fields of one frame type.
 *
 * <p>A flyweight wraps header + payload of one raw frame (COBS already removed, CRC already checked
 * and not included). It is valid only until the decoder or encoder that owns the buffer moves on:
 * copy out what you keep. Not thread-safe; one flyweight per type per decoder.
 *
 * <pre>
 * frame offset: 0        1     2         4         6       10
 *               +--------+-----+---------+---------+-------+--
 *               |version |type |badge id |sequence |tick   | ..
 *               |u8      |u8   |u16 LE   |u16 LE   |u32 LE |
 *               +--------+-----+---------+---------+-------+--
 * </pre>
 *
 * All integers little-endian. Bytes 0 to 3 (version, type, badge id) keep this meaning in every
 * protocol version, so a receiver can attribute a frame of an unknown version to its badge.
 */
public abstract class Frame {
  public static final int VERSION_OFFSET = 0;
  public static final int TYPE_OFFSET = VERSION_OFFSET + 1;
  public static final int BADGE_ID_OFFSET = TYPE_OFFSET + 1;
  public static final int SEQUENCE_OFFSET = BADGE_ID_OFFSET + 2;
  public static final int TICK_OFFSET = SEQUENCE_OFFSET + 2;
  public static final int PAYLOAD_OFFSET = TICK_OFFSET + 4;
  public static final int HEADER_LENGTH = PAYLOAD_OFFSET;

  protected byte[] buffer;
  protected int offset;
  protected int length;

  /**
   * Points this flyweight at a frame.
   *
   * @param length header + payload bytes (the CRC excluded)
   */
  public void wrap(byte[] buffer, int offset, int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
  }

  /** The frame type code this flyweight reads; see {@link FrameType}. */
  public abstract int frameType();

  /**
   * Whether the payload length fits this type's layout, checked by the decoder before the frame is
   * delivered: fixed layouts need at least their defined length (longer payloads are a compatible
   * extension whose extra bytes are ignored); batches need exactly their element count.
   */
  public abstract boolean hasValidLength();

  public final int version() {
    return u8(buffer, offset + VERSION_OFFSET);
  }

  public final int type() {
    return u8(buffer, offset + TYPE_OFFSET);
  }

  /** u16 LE at offset 2: sender for badge-to-host frames, target for host-to-badge frames. */
  public final int badgeId() {
    return u16(buffer, offset + BADGE_ID_OFFSET);
  }

  /** u16 LE at offset 4: per-badge frame counter, wraps 65535 to 0. */
  public final int sequence() {
    return u16(buffer, offset + SEQUENCE_OFFSET);
  }

  /** u32 LE at offset 6: badge tick when the frame was built, wraps; 0 in host-to-badge frames. */
  public final long tick() {
    return u32(buffer, offset + TICK_OFFSET);
  }

  public final int payloadLength() {
    return length - HEADER_LENGTH;
  }

  /** Header + payload length in bytes (CRC excluded). */
  public final int frameLength() {
    return length;
  }

  public final byte[] buffer() {
    return buffer;
  }

  public final int offset() {
    return offset;
  }

  /** Copies header + payload into {@code dst}, e.g. for a recorder; returns the bytes copied. */
  public final int copyTo(byte[] dst, int dstOffset) {
    System.arraycopy(buffer, offset, dst, dstOffset, length);
    return length;
  }

  final void writeHeader(int type, int badgeId, int sequence, long tick) {
    LittleEndian.putU8(buffer, offset + VERSION_OFFSET, Protocol.VERSION);
    LittleEndian.putU8(buffer, offset + TYPE_OFFSET, type);
    LittleEndian.putU16(buffer, offset + BADGE_ID_OFFSET, badgeId);
    LittleEndian.putU16(buffer, offset + SEQUENCE_OFFSET, sequence);
    LittleEndian.putU32(buffer, offset + TICK_OFFSET, tick);
  }

  final void setLength(int length) {
    this.length = length;
  }

  /**
   * Appends this frame's fields as {@code name=value} pairs separated by spaces, in the form the
   * golden vectors use (docs/protocol-vectors.txt). Allocates: for diagnostics and tests only.
   */
  public void appendFields(StringBuilder sb) {
    sb.append("version=").append(version());
    sb.append(" type=").append(type());
    sb.append(" badge_id=").append(badgeId());
    sb.append(" seq=").append(sequence());
    sb.append(" tick=").append(tick());
  }

  @Override
  public String toString() {
    final StringBuilder sb = new StringBuilder(FrameType.name(type())).append('{');
    appendFields(sb);
    return sb.append('}').toString();
  }

  static void checkU8(String field, int value) {
    if (value < 0 || value > 0xFF) {
      throw new IllegalArgumentException(field + " must be 0..255, " + field + "=" + value);
    }
  }

  static void checkU16(String field, int value) {
    if (value < 0 || value > 0xFFFF) {
      throw new IllegalArgumentException(field + " must be 0..65535, " + field + "=" + value);
    }
  }

  static void checkU32(String field, long value) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(field + " must be 0..4294967295, " + field + "=" + value);
    }
  }

  static void checkI16(String field, int value) {
    if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
      throw new IllegalArgumentException(field + " must be -32768..32767, " + field + "=" + value);
    }
  }
}
