package dev.rapport.gateway.mqtt.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The index of the first record the broker has not acknowledged, persisted so a restart does not
 * resend everything still on disk. Little-endian:
 *
 * <pre>
 *  offset size field
 *   0     4   magic "ROC1" (int32 LE 0x31434f52)
 *   4     8   index (int64 LE)
 *   12    4   CRC-32C of bytes 0..11 (int32 LE)
 * </pre>
 */
final class CursorFile {
  static final String NAME = "cursor";
  static final int MAGIC = 0x31434f52;
  static final int BYTES = 16;

  private CursorFile() {}

  static void write(Path directory, long index, boolean force) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC).putLong(index);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, 12);
    b.putInt((int) crc.getValue());
    DurableFiles.replace(directory.resolve(NAME), b.array(), force);
  }

  /**
   * @return the stored index, or -1 when there is none or it does not read back intact
   */
  static long read(Path directory) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(directory.resolve(NAME));
    } catch (NoSuchFileException e) {
      return -1;
    }
    if (bytes.length != BYTES) {
      return -1;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, 12);
    if (b.getInt(0) != MAGIC || b.getInt(12) != (int) crc.getValue()) {
      return -1;
    }
    return b.getLong(4);
  }
}
