package dev.rapport.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingFormatTest {
  private static final long MS = 1_000_000L;

  @TempDir Path dir;

  /** Record i carries i in its body so a reader can tell exactly which records survived. */
  private static byte[] body(int i) {
    int length = 4 + (i * 7) % 40;
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(i);
    while (b.hasRemaining()) {
      b.put((byte) (i * 31 + b.position()));
    }
    return b.array();
  }

  private void write(Path directory, int count, long rotateBytes) throws IOException {
    // fsync is exercised by the writer's own tests; here it would only slow the reader's tests
    // down.
    try (RecordingWriter writer = new RecordingWriter(directory, rotateBytes, 0, Long.MAX_VALUE)) {
      for (int i = 0; i < count; i++) {
        writer.append(RecordType.FRAME, i * 40 * MS, body(i));
      }
    }
  }

  private static List<Integer> readIds(Path directory, RecordingReader.Report[] report)
      throws IOException {
    List<Integer> ids = new ArrayList<>();
    report[0] =
        new RecordingReader()
            .read(
                directory,
                (type, timeNs, buffer, offset, length) -> {
                  int id =
                      ByteBuffer.wrap(buffer, offset, length)
                          .order(ByteOrder.LITTLE_ENDIAN)
                          .getInt();
                  assertThat(Arrays.copyOfRange(buffer, offset, offset + length))
                      .isEqualTo(body(id));
                  assertThat(timeNs).isEqualTo(id * 40 * MS);
                  ids.add(id);
                });
    return ids;
  }

  @Test
  void shouldReadBackEveryRecordInOrderAcrossRotatedFiles() throws IOException {
    write(dir, 2_000, 8 * 1024);
    RecordingReader.Report[] report = new RecordingReader.Report[1];
    List<Integer> ids = readIds(dir, report);
    assertThat(ids).hasSize(2_000);
    for (int i = 0; i < ids.size(); i++) {
      assertThat(ids.get(i)).isEqualTo(i);
    }
    assertThat(report[0].files()).isGreaterThan(5);
    assertThat(report[0].damage()).isEmpty();
    assertThat(report[0].tornTail()).isFalse();
    for (Path f : RecordingFiles.list(dir)) {
      assertThat(Files.size(f)).isLessThanOrEqualTo(8 * 1024);
    }
  }

  @Test
  void shouldRotateByEventTime() throws IOException {
    try (RecordingWriter writer = new RecordingWriter(dir, 1 << 30, 1_000 * MS, Long.MAX_VALUE)) {
      for (int i = 0; i < 100; i++) {
        writer.append(RecordType.WATERMARK, i * 100 * MS, body(i));
      }
    }
    assertThat(RecordingFiles.list(dir)).hasSize(10);
  }

  @Test
  void shouldSyncAtLeastOncePerFsyncIntervalOfEventTime() throws IOException {
    try (RecordingWriter writer = new RecordingWriter(dir, 1 << 30, 0, 100 * MS)) {
      for (int i = 0; i < 30; i++) {
        writer.append(RecordType.FRAME, i * 40 * MS, body(i));
      }
      // One sync when the file was created, then at the first record at least 100 ms after the
      // previous sync: at 120, 240, ..., 1080 ms (records come every 40 ms, the last at 1160 ms).
      assertThat(writer.syncs()).isEqualTo(1 + 9);
    }
    try (RecordingWriter everyRecord = new RecordingWriter(dir.resolve("each"), 1 << 30, 0, 0)) {
      for (int i = 0; i < 5; i++) {
        everyRecord.append(RecordType.FRAME, i * MS, body(i));
      }
      assertThat(everyRecord.syncs()).isEqualTo(1 + 5);
    }
  }

  @Test
  void shouldKeepEveryRecordBeforeATruncationAndReportTheTornTail() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 40; trial++) {
      Path d = dir.resolve("t" + trial);
      write(d, 300, 1 << 30);
      Path file = RecordingFiles.list(d).get(0);
      byte[] all = Files.readAllBytes(file);
      int cut =
          RecordLayout.FILE_HEADER_BYTES
              + random.nextInt(all.length - RecordLayout.FILE_HEADER_BYTES);
      Files.write(file, Arrays.copyOf(all, cut));
      int completeRecords = countCompleteRecords(all, cut);

      RecordingReader.Report[] report = new RecordingReader.Report[1];
      List<Integer> ids = readIds(d, report);

      assertThat(ids).hasSize(completeRecords);
      for (int i = 0; i < ids.size(); i++) {
        assertThat(ids.get(i)).isEqualTo(i);
      }
      boolean cutOnBoundary = boundaryOffsets(all).contains(cut);
      assertThat(report[0].tornTail()).isEqualTo(!cutOnBoundary);
    }
  }

  @Test
  void shouldLoseOnlyDamagedRecordsWhenBytesAreCorruptedInTheMiddle() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 40; trial++) {
      Path d = dir.resolve("c" + trial);
      write(d, 300, 1 << 30);
      Path file = RecordingFiles.list(d).get(0);
      byte[] bytes = Files.readAllBytes(file);
      List<Integer> starts = boundaryOffsets(bytes);
      boolean[] damaged = new boolean[300];
      for (int k = 0; k < 5; k++) {
        int offset =
            RecordLayout.FILE_HEADER_BYTES
                + random.nextInt(bytes.length - RecordLayout.FILE_HEADER_BYTES);
        bytes[offset] ^= (byte) (1 + random.nextInt(255));
        damaged[recordContaining(starts, offset)] = true;
      }
      Files.write(file, bytes);

      RecordingReader.Report[] report = new RecordingReader.Report[1];
      List<Integer> ids = readIds(d, report);

      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        if (!damaged[i]) {
          expected.add(i);
        }
      }
      assertThat(ids).isEqualTo(expected);
      assertThat(report[0].damage()).isNotEmpty();
    }
  }

  /** Offsets at which records start, plus the end of the file. */
  private static List<Integer> boundaryOffsets(byte[] all) {
    List<Integer> offsets = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    int p = RecordLayout.FILE_HEADER_BYTES;
    while (p < all.length) {
      offsets.add(p);
      p += RecordLayout.HEADER_BYTES + buf.getInt(p + RecordLayout.LENGTH_OFFSET);
    }
    offsets.add(all.length);
    return offsets;
  }

  private static int countCompleteRecords(byte[] all, int cut) {
    int count = 0;
    List<Integer> offsets = boundaryOffsets(all);
    for (int i = 1; i < offsets.size(); i++) {
      if (offsets.get(i) <= cut) {
        count++;
      }
    }
    return count;
  }

  private static int recordContaining(List<Integer> starts, int offset) {
    for (int i = starts.size() - 2; i >= 0; i--) {
      if (starts.get(i) <= offset) {
        return i;
      }
    }
    throw new AssertionError("offset before first record: " + offset);
  }
}
