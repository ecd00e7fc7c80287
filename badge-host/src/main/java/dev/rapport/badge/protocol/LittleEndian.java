package dev.rapport.badge.protocol;

/**
 * Little-endian reads and writes on byte arrays. Every multi-byte integer of the protocol is
 * little-endian because both target MCUs (nRF52, ESP32) are, so firmware can copy fields directly.
 * Unsigned 32-bit values are returned as {@code long} so they never turn negative.
 */
final class LittleEndian {
  private LittleEndian() {}

  static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  static int u16(byte[] b, int i) {
    return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
  }

  static int i16(byte[] b, int i) {
    return (short) u16(b, i);
  }

  static long u32(byte[] b, int i) {
    return (b[i] & 0xFFL)
        | (b[i + 1] & 0xFFL) << 8
        | (b[i + 2] & 0xFFL) << 16
        | (b[i + 3] & 0xFFL) << 24;
  }

  static long i64(byte[] b, int i) {
    return u32(b, i) | u32(b, i + 4) << 32;
  }

  static void putU8(byte[] b, int i, int v) {
    b[i] = (byte) v;
  }

  static void putU16(byte[] b, int i, int v) {
    b[i] = (byte) v;
    b[i + 1] = (byte) (v >>> 8);
  }

  static void putU32(byte[] b, int i, long v) {
    b[i] = (byte) v;
    b[i + 1] = (byte) (v >>> 8);
    b[i + 2] = (byte) (v >>> 16);
    b[i + 3] = (byte) (v >>> 24);
  }

  static void putI64(byte[] b, int i, long v) {
    putU32(b, i, v);
    putU32(b, i + 4, v >>> 32);
  }
}
