package dev.rapport.gateway.session;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Child process of {@link CrashRecoveryTest}: appends numbered records as fast as it can, forces
 * them to disk after every {@code syncEvery} records and then prints how many are synced, until it
 * is killed.
 */
public final class CrashingWriterMain {
  private CrashingWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int syncEvery = Integer.parseInt(args[1]);
    try (RecordingWriter writer = new RecordingWriter(dir, 256 * 1024, 0, Long.MAX_VALUE)) {
      for (int i = 0; ; i++) {
        writer.append(RecordType.FRAME, i * 1_000L, body(i));
        if ((i + 1) % syncEvery == 0) {
          writer.sync();
          System.out.println(i + 1);
          System.out.flush();
        }
      }
    }
  }

  static byte[] body(int i) {
    ByteBuffer b = ByteBuffer.allocate(4 + (i * 13) % 200).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(i);
    while (b.hasRemaining()) {
      b.put((byte) (i + b.position()));
    }
    return b.array();
  }
}
