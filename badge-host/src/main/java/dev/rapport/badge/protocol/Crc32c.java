package dev.rapport.badge.protocol;

/**
 * CRC-32C (Castagnoli), the frame check of the protocol: polynomial 0x1EDC6F41 (reflected
 * 0x82F63B78), init 0xFFFFFFFF, input and output reflected, xorout 0xFFFFFFFF, check value ({@code
 * "123456789"}) 0xE3069283. Chosen over CRC-32/IEEE for its larger Hamming distance at our frame
 * lengths; it is the CRC of iSCSI/ext4, so tested C code exists for every MCU.
 *
 * <p>Table-driven and stateless so every thread may call it; the table mirrors the reference C code
 * in docs/protocol.md. This is the reference the firmware follows; the host's encoder and decoder
 * use the JDK's {@link java.util.zip.CRC32C}, which gives the same values (tested) with the CPU's
 * CRC instructions, about 50 times faster (docs/performance.md).
 */
public final class Crc32c {
  public static final int POLYNOMIAL_REFLECTED = 0x82F63B78;
  public static final int CHECK_VALUE = 0xE3069283;

  private static final int[] TABLE = new int[256];

  static {
    for (int n = 0; n < 256; n++) {
      int c = n;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ POLYNOMIAL_REFLECTED : c >>> 1;
      }
      TABLE[n] = c;
    }
  }

  private Crc32c() {}

  /** CRC-32C of {@code length} bytes of {@code buffer} from {@code offset}. */
  public static int compute(byte[] buffer, int offset, int length) {
    int crc = 0xFFFFFFFF;
    for (int i = offset, end = offset + length; i < end; i++) {
      crc = TABLE[(crc ^ buffer[i]) & 0xFF] ^ (crc >>> 8);
    }
    return ~crc;
  }
}
