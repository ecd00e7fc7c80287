package dev.rapport.gateway.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where each record of an intact recording lies (file, offset, size), parsed independently of the
 * reader, so tests can damage exact bytes and know which records must survive.
 */
public final class RecordIndex {
  /** One record: its place, and what a reader hands out for it. */
  public record Entry(int file, int offset, int size, RecordType type, long timeNs, byte[] body) {
    public String describe() {
      return type + "@" + timeNs + "#" + Arrays.hashCode(body) + "/" + body.length;
    }

    public boolean event() {
      return type != RecordType.SESSION;
    }
  }

  private final List<Path> files;
  private final List<Entry> entries;

  private RecordIndex(List<Path> files, List<Entry> entries) {
    this.files = files;
    this.entries = entries;
  }

  public static RecordIndex of(Path directory) throws IOException {
    List<Path> files = RecordingFiles.list(directory);
    List<Entry> entries = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      byte[] bytes = Files.readAllBytes(files.get(f));
      ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      int at = RecordLayout.FILE_HEADER_BYTES;
      while (at < bytes.length) {
        int length = buf.getInt(at + RecordLayout.LENGTH_OFFSET);
        RecordType type = RecordType.of(buf.get(at + RecordLayout.TYPE_OFFSET) & 0xFF);
        long timeNs = buf.getLong(at + RecordLayout.TIME_OFFSET);
        int bodyAt = at + RecordLayout.HEADER_BYTES;
        entries.add(
            new Entry(
                f,
                at,
                RecordLayout.HEADER_BYTES + length,
                type,
                timeNs,
                Arrays.copyOfRange(bytes, bodyAt, bodyAt + length)));
        at = bodyAt + length;
      }
    }
    return new RecordIndex(files, List.copyOf(entries));
  }

  public List<Path> files() {
    return files;
  }

  public List<Entry> entries() {
    return entries;
  }

  /** What a reader of the damaged recording must return: every record no damaged byte touched. */
  public List<String> survivors(List<boolean[]> touchedPerFile) {
    List<String> out = new ArrayList<>();
    for (Entry e : entries) {
      if (!touched(e, touchedPerFile)) {
        out.add(e.describe());
      }
    }
    return out;
  }

  /** Event records (not SESSION) before the first damaged one: the replay equals live up to it. */
  public long intactEventPrefix(List<boolean[]> touchedPerFile) {
    long events = 0;
    for (Entry e : entries) {
      if (!e.event()) {
        continue;
      }
      if (touched(e, touchedPerFile)) {
        return events;
      }
      events++;
    }
    return events;
  }

  private static boolean touched(Entry e, List<boolean[]> touchedPerFile) {
    boolean[] touched = touchedPerFile.get(e.file());
    for (int i = e.offset(); i < e.offset() + e.size(); i++) {
      if (i >= touched.length || touched[i]) {
        return true;
      }
    }
    return false;
  }

  /** Everything a reader returns, described like {@link Entry#describe()}. */
  public static List<String> read(Path directory, RecordingReader.Report[] report)
      throws IOException {
    List<String> out = new ArrayList<>();
    report[0] =
        new RecordingReader()
            .read(
                directory,
                (type, timeNs, buffer, offset, length) ->
                    out.add(
                        type
                            + "@"
                            + timeNs
                            + "#"
                            + Arrays.hashCode(Arrays.copyOfRange(buffer, offset, offset + length))
                            + "/"
                            + length));
    return out;
  }
}
