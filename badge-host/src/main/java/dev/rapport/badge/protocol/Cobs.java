package dev.rapport.badge.protocol;

/**
 * Consistent Overhead Byte Stuffing (Cheshire and Baker 1999): removes every 0x00 from a frame so
 * that 0x00 can delimit frames on a byte stream and a receiver resynchronises at the next 0x00
 * after any damage.
 *
 * <p>Encoded as a sequence of blocks: a code byte {@code n} (1..255) followed by {@code n-1}
 * non-zero data bytes; a block with {@code n < 255} stands for its data followed by one 0x00,
 * except the last block of the frame. A 255 block (254 data bytes) carries no implied zero. This
 * encoder never emits a trailing empty block after a final 255 block; the decoders accept one. The
 * streaming decoder lives in {@link FrameDecoder}.
 */
public final class Cobs {
  private Cobs() {}

  /** Worst-case encoded size of {@code length} bytes, without the delimiter. */
  public static int maxEncodedLength(int length) {
    // One code byte per started run of 254 data bytes; an empty input still needs one code byte.
    return length == 0 ? 1 : length + (length + 253) / 254;
  }

  /**
   * Encodes {@code length} bytes of {@code src} into {@code dst} (no delimiter appended).
   *
   * @return the number of bytes written
   */
  public static int encode(byte[] src, int srcOffset, int length, byte[] dst, int dstOffset) {
    int codeIndex = dstOffset;
    int write = dstOffset + 1;
    int code = 1;
    for (int i = srcOffset, end = srcOffset + length; i < end; i++) {
      final byte b = src[i];
      if (b == 0) {
        dst[codeIndex] = (byte) code;
        codeIndex = write++;
        code = 1;
      } else {
        dst[write++] = b;
        code++;
        if (code == 0xFF) {
          dst[codeIndex] = (byte) code;
          code = 1;
          codeIndex = write;
          if (i + 1 < end) {
            write++;
          }
        }
      }
    }
    if (codeIndex < write) {
      dst[codeIndex] = (byte) code;
    }
    return write - dstOffset;
  }

  /**
   * Decodes one complete COBS block sequence (no delimiter inside).
   *
   * @return the number of bytes written, or -1 if the input is not valid COBS (a 0x00 inside, or a
   *     block longer than the remaining input)
   */
  public static int decode(byte[] src, int srcOffset, int length, byte[] dst, int dstOffset) {
    int read = srcOffset;
    final int end = srcOffset + length;
    int write = dstOffset;
    while (read < end) {
      final int code = src[read++] & 0xFF;
      if (code == 0 || read + code - 1 > end) {
        return -1;
      }
      for (int k = 1; k < code; k++) {
        final byte b = src[read++];
        if (b == 0) {
          return -1;
        }
        dst[write++] = b;
      }
      if (code != 0xFF && read < end) {
        dst[write++] = 0;
      }
    }
    return write - dstOffset;
  }
}
