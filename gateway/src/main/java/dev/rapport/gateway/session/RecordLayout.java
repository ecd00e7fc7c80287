package dev.rapport.gateway.session;

/**
 * Byte layout of a recording file; all integers little-endian.
 *
 * <pre>
 * File header (16 bytes)
 *   0  u64  magic "RAPPREC1" (ASCII)
 *   8  u16  format version (1)
 *  10  u16  reserved (0)
 *  12  u32  CRC-32C of bytes 0..11
 *
 * Record (24-byte header + body)
 *   0  u32  sync marker 0x52435244, lets a reader find the next record after damage
 *   4  u32  body length in bytes (0..MAX_BODY_BYTES)
 *   8  u8   record type (RecordType code)
 *   9  u8   reserved (0)
 *  10  u16  reserved (0)
 *  12  i64  event time: gateway monotonic clock in ns (the receive time of a frame)
 *  20  u32  CRC-32C over bytes 4..19 and the body
 *  24  ...  body
 * </pre>
 */
final class RecordLayout {
  static final long FILE_MAGIC = 0x3143455250504152L; // "RAPPREC1" little-endian
  static final int FORMAT_VERSION = 1;
  static final int FILE_HEADER_BYTES = 16;

  static final int SYNC_MARKER = 0x52435244;
  static final int SYNC_OFFSET = 0;
  static final int LENGTH_OFFSET = SYNC_OFFSET + 4;
  static final int TYPE_OFFSET = LENGTH_OFFSET + 4;
  static final int TIME_OFFSET = TYPE_OFFSET + 4;
  static final int CRC_OFFSET = TIME_OFFSET + 8;
  static final int HEADER_BYTES = CRC_OFFSET + 4;

  /** Larger than any badge frame or marker; a larger length field means damage. */
  static final int MAX_BODY_BYTES = 1 << 20;

  static final String FILE_SUFFIX = ".rrec";

  private RecordLayout() {}
}
