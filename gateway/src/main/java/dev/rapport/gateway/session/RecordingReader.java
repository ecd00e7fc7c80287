package dev.rapport.gateway.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads every undamaged record of a recording, in order. Damage costs only the damaged records: on
 * a bad sync marker, length or CRC the reader scans forward for the next record that validates and
 * resumes there. A record cut off by the end of the last file (a crash mid-write) is a torn tail:
 * reported, not an error.
 */
public final class RecordingReader {

  /** Receives each good record; the buffer is only valid during the call. */
  @FunctionalInterface
  public interface RecordVisitor {
    void onRecord(RecordType type, long timeNs, byte[] buffer, int offset, int length);
  }

  /** One stretch of bytes that did not hold valid records. */
  public record Damage(Path file, long offset, long bytes, String kind) {}

  /** What a read found. */
  public record Report(
      int files, long records, long unknownTypeRecords, List<Damage> damage, boolean tornTail) {
    public long damagedBytes() {
      return damage.stream().mapToLong(Damage::bytes).sum();
    }
  }

  private final CRC32C crc = new CRC32C();

  public Report read(Path directory, RecordVisitor visitor) throws IOException {
    List<Path> files = RecordingFiles.list(directory);
    if (files.isEmpty()) {
      throw new IOException("no recording files (rec-NNNNNN.rrec) in " + directory);
    }
    long records = 0;
    long unknown = 0;
    boolean tornTail = false;
    List<Damage> damage = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      byte[] bytes = Files.readAllBytes(file);
      ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      int position = RecordLayout.FILE_HEADER_BYTES;
      if (!validFileHeader(buf)) {
        damage.add(new Damage(file, 0, Math.min(bytes.length, 16), "bad file header"));
      }
      while (position < bytes.length) {
        int length = validRecordAt(buf, position);
        if (length >= 0) {
          int type = buf.getInt(position + RecordLayout.TYPE_OFFSET) & 0xFF;
          long timeNs = buf.getLong(position + RecordLayout.TIME_OFFSET);
          RecordType recordType = RecordType.of(type);
          if (recordType == null) {
            unknown++;
          } else {
            visitor.onRecord(
                recordType, timeNs, bytes, position + RecordLayout.HEADER_BYTES, length);
            records++;
          }
          position += RecordLayout.HEADER_BYTES + length;
          continue;
        }
        int next = nextValidRecord(buf, position + 1);
        boolean lastFile = i == files.size() - 1;
        if (next < 0 && lastFile && looksLikeTornTail(buf, position)) {
          tornTail = true;
          damage.add(new Damage(file, position, bytes.length - position, "torn tail"));
        } else {
          int end = next < 0 ? bytes.length : next;
          damage.add(new Damage(file, position, end - position, "damaged records skipped"));
        }
        position = next < 0 ? bytes.length : next;
      }
    }
    return new Report(files.size(), records, unknown, List.copyOf(damage), tornTail);
  }

  private boolean validFileHeader(ByteBuffer buf) {
    if (buf.capacity() < RecordLayout.FILE_HEADER_BYTES
        || buf.getLong(0) != RecordLayout.FILE_MAGIC) {
      return false;
    }
    crc.reset();
    crc.update(buf.array(), 0, 12);
    return buf.getInt(12) == (int) crc.getValue();
  }

  /**
   * @return the body length of a valid record at {@code position}, or -1.
   */
  private int validRecordAt(ByteBuffer buf, int position) {
    if (buf.capacity() - position < RecordLayout.HEADER_BYTES
        || buf.getInt(position + RecordLayout.SYNC_OFFSET) != RecordLayout.SYNC_MARKER) {
      return -1;
    }
    int length = buf.getInt(position + RecordLayout.LENGTH_OFFSET);
    if (length < 0
        || length > RecordLayout.MAX_BODY_BYTES
        || (long) position + RecordLayout.HEADER_BYTES + length > buf.capacity()) {
      return -1;
    }
    crc.reset();
    crc.update(buf.array(), position + RecordLayout.LENGTH_OFFSET, RecordLayout.CRC_OFFSET - 4);
    crc.update(buf.array(), position + RecordLayout.HEADER_BYTES, length);
    return buf.getInt(position + RecordLayout.CRC_OFFSET) == (int) crc.getValue() ? length : -1;
  }

  private int nextValidRecord(ByteBuffer buf, int from) {
    for (int p = from; p + RecordLayout.HEADER_BYTES <= buf.capacity(); p++) {
      if (buf.getInt(p) == RecordLayout.SYNC_MARKER && validRecordAt(buf, p) >= 0) {
        return p;
      }
    }
    return -1;
  }

  /** A record that starts well but runs past the end of the file: the write was cut short. */
  private static boolean looksLikeTornTail(ByteBuffer buf, int position) {
    int remaining = buf.capacity() - position;
    if (remaining < RecordLayout.HEADER_BYTES) {
      return true;
    }
    if (buf.getInt(position) != RecordLayout.SYNC_MARKER) {
      return false;
    }
    int length = buf.getInt(position + RecordLayout.LENGTH_OFFSET);
    return length >= 0
        && length <= RecordLayout.MAX_BODY_BYTES
        && (long) position + RecordLayout.HEADER_BYTES + length > buf.capacity();
  }
}
