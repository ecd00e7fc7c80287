package dev.rapport.gateway.mqtt.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * One append-only segment file of the outbox, named after the index of its first record. Keeps the
 * file position of every record in memory so a reconnect can rewind to any index without scanning.
 * Not thread-safe: the {@link Outbox} lock guards it.
 */
final class Segment {
  static final String SUFFIX = ".seg";

  final long baseIndex;
  final Path path;
  private final FileChannel channel;
  private int[] offsets = new int[256];
  private int count;
  private long sizeBytes;
  private final ByteBuffer header =
      ByteBuffer.allocate(RecordFormat.FRAME_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);

  /** What a recovery scan found beyond the last good record of a file. */
  record Recovery(Segment segment, long discardedBytes, String reason) {}

  private Segment(long baseIndex, Path path, FileChannel channel) {
    this.baseIndex = baseIndex;
    this.path = path;
    this.channel = channel;
  }

  static Path pathFor(Path directory, long baseIndex) {
    return directory.resolve(String.format("%020d%s", baseIndex, SUFFIX));
  }

  static Segment create(Path directory, long baseIndex) throws IOException {
    Path path = pathFor(directory, baseIndex);
    FileChannel ch =
        FileChannel.open(
            path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new Segment(baseIndex, path, ch);
  }

  /**
   * Opens an existing file and keeps every record up to the first one that is torn, fails its CRC
   * or sits at the wrong index; the file is truncated there, because appending after garbage would
   * make every later record unreachable. Sequence numbers of the good records are merged into
   * {@code maxSeqByTopic}.
   */
  static Recovery recover(Path path, long baseIndex, Map<String, Long> maxSeqByTopic)
      throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    Segment s = new Segment(baseIndex, path, ch);
    long fileBytes = ch.size();
    long position = 0;
    String reason = null;
    while (position < fileBytes) {
      ReadResult r = s.readAt(position, baseIndex + s.count, fileBytes);
      if (r.record == null) {
        reason = r.problem;
        break;
      }
      if (r.record.seq() >= 0) {
        maxSeqByTopic.merge(r.record.topic(), r.record.seq(), Math::max);
      }
      s.addOffset(position);
      position = r.nextPosition;
    }
    s.sizeBytes = position;
    long discarded = fileBytes - position;
    if (discarded > 0) {
      ch.truncate(position);
      ch.force(true);
    }
    return new Recovery(s, discarded, reason);
  }

  private record ReadResult(OutboxRecord record, long nextPosition, String problem) {}

  private ReadResult readAt(long position, long expectedIndex, long limit) throws IOException {
    if (limit - position < RecordFormat.FRAME_HEADER_BYTES) {
      return new ReadResult(null, position, "torn frame header");
    }
    header.clear();
    readFully(header, position);
    int bodyBytes = header.getInt(0);
    int crc = header.getInt(4);
    if (bodyBytes < RecordFormat.BODY_HEADER_BYTES || bodyBytes > RecordFormat.MAX_BODY_BYTES) {
      return new ReadResult(null, position, "impossible body length " + bodyBytes);
    }
    long bodyStart = position + RecordFormat.FRAME_HEADER_BYTES;
    if (limit - bodyStart < bodyBytes) {
      return new ReadResult(null, position, "torn body");
    }
    ByteBuffer body = ByteBuffer.allocate(bodyBytes);
    readFully(body, bodyStart);
    if (RecordFormat.crc(body, 0, bodyBytes) != crc) {
      return new ReadResult(null, position, "CRC mismatch");
    }
    OutboxRecord record = RecordFormat.decodeBody(body.position(0));
    if (record == null) {
      return new ReadResult(null, position, "malformed body");
    }
    if (record.index() != expectedIndex) {
      return new ReadResult(
          null, position, "index " + record.index() + " where " + expectedIndex + " belongs");
    }
    return new ReadResult(record, bodyStart + bodyBytes, null);
  }

  private void readFully(ByteBuffer dst, long position) throws IOException {
    long p = position;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, p);
      if (n < 0) {
        throw new IOException("unexpected end of " + path + " at position=" + p);
      }
      p += n;
    }
  }

  private void addOffset(long position) {
    if (count == offsets.length) {
      offsets = Arrays.copyOf(offsets, count * 2);
    }
    offsets[count++] = (int) position;
  }

  void append(ByteBuffer frame) throws IOException {
    long position = sizeBytes;
    long p = position;
    while (frame.hasRemaining()) {
      p += channel.write(frame, p);
    }
    addOffset(position);
    sizeBytes = p;
  }

  /**
   * Reads the record at {@code index}, checking its CRC again: the file may have rotted since it
   * was recovered.
   *
   * @return null if that record no longer reads back intact
   */
  OutboxRecord read(long index) throws IOException {
    int ordinal = (int) (index - baseIndex);
    long position = offsets[ordinal];
    long limit = ordinal + 1 < count ? offsets[ordinal + 1] : sizeBytes;
    return readAt(position, index, limit).record;
  }

  long endIndex() {
    return baseIndex + count;
  }

  int count() {
    return count;
  }

  long sizeBytes() {
    return sizeBytes;
  }

  void force() throws IOException {
    channel.force(false);
  }

  void close() throws IOException {
    channel.close();
  }

  void delete() throws IOException {
    channel.close();
    Files.deleteIfExists(path);
  }
}
