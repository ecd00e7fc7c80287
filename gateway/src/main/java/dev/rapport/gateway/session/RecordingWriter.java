package dev.rapport.gateway.session;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Appends records to a recording directory, rotating files by size and age, with an explicit fsync
 * policy: data reaches the disk at least every {@code fsyncIntervalNs} of event time (0 = after
 * every record), and always on {@link #sync()}, rotation and close. A {@code kill -9} therefore
 * loses at most the records since the last sync. Used by one thread only (the recorder).
 */
public final class RecordingWriter implements Closeable {
  private final Path directory;
  private final long rotateBytes;
  private final long rotateIntervalNs;
  private final long fsyncIntervalNs;
  private final ByteBuffer header =
      ByteBuffer.allocate(RecordLayout.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C crc = new CRC32C();

  private FileChannel channel;
  private int fileIndex;
  private long fileBytes;
  private long fileOpenedAtNs;
  private long lastSyncNs;
  private boolean dirty;
  private long recordsWritten;
  private long syncs;

  public RecordingWriter(
      Path directory, long rotateBytes, long rotateIntervalNs, long fsyncIntervalNs) {
    if (rotateBytes < RecordLayout.HEADER_BYTES + RecordLayout.FILE_HEADER_BYTES) {
      throw new IllegalArgumentException("rotateBytes too small, rotateBytes=" + rotateBytes);
    }
    this.directory = directory;
    this.rotateBytes = rotateBytes;
    this.rotateIntervalNs = rotateIntervalNs;
    this.fsyncIntervalNs = fsyncIntervalNs;
    try {
      Files.createDirectories(directory);
      this.fileIndex = RecordingFiles.list(directory).size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create recording directory " + directory, e);
    }
  }

  /** Appends one record; {@code body} bytes [offset, offset+length) are copied to the file. */
  public void append(RecordType type, long timeNs, byte[] body, int offset, int length)
      throws IOException {
    if (length > RecordLayout.MAX_BODY_BYTES) {
      throw new IllegalArgumentException("record body too large, length=" + length);
    }
    if (channel == null || needsRotation(timeNs, length)) {
      rotate(timeNs);
    }
    header.clear();
    header.putInt(RecordLayout.SYNC_OFFSET, RecordLayout.SYNC_MARKER);
    header.putInt(RecordLayout.LENGTH_OFFSET, length);
    header.putInt(RecordLayout.TYPE_OFFSET, type.code());
    header.putLong(RecordLayout.TIME_OFFSET, timeNs);
    crc.reset();
    crc.update(header.array(), RecordLayout.LENGTH_OFFSET, RecordLayout.CRC_OFFSET - 4);
    crc.update(body, offset, length);
    header.putInt(RecordLayout.CRC_OFFSET, (int) crc.getValue());
    header.position(0).limit(RecordLayout.HEADER_BYTES);
    writeFully(header);
    writeFully(ByteBuffer.wrap(body, offset, length));
    fileBytes += RecordLayout.HEADER_BYTES + length;
    recordsWritten++;
    dirty = true;
    if (fsyncIntervalNs == 0 || timeNs - lastSyncNs >= fsyncIntervalNs) {
      sync();
      lastSyncNs = timeNs;
    }
  }

  public void append(RecordType type, long timeNs, byte[] body) throws IOException {
    append(type, timeNs, body, 0, body.length);
  }

  /** Forces written records to the disk. */
  public void sync() throws IOException {
    if (channel != null && dirty) {
      channel.force(false);
      dirty = false;
      syncs++;
    }
  }

  public long recordsWritten() {
    return recordsWritten;
  }

  public long syncs() {
    return syncs;
  }

  public int filesOpened() {
    return fileIndex;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      sync();
      channel.close();
      channel = null;
    }
  }

  private boolean needsRotation(long timeNs, int bodyLength) {
    boolean full =
        fileBytes > RecordLayout.FILE_HEADER_BYTES
            && fileBytes + RecordLayout.HEADER_BYTES + bodyLength > rotateBytes;
    boolean old = rotateIntervalNs > 0 && timeNs - fileOpenedAtNs >= rotateIntervalNs;
    return full || old;
  }

  private void rotate(long timeNs) throws IOException {
    close();
    fileIndex++;
    Path file = directory.resolve(RecordingFiles.name(fileIndex));
    channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    ByteBuffer fileHeader =
        ByteBuffer.allocate(RecordLayout.FILE_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    fileHeader.putLong(RecordLayout.FILE_MAGIC);
    fileHeader.putShort((short) RecordLayout.FORMAT_VERSION);
    fileHeader.putShort((short) 0);
    crc.reset();
    crc.update(fileHeader.array(), 0, 12);
    fileHeader.putInt((int) crc.getValue());
    fileHeader.flip();
    writeFully(fileHeader);
    fileBytes = RecordLayout.FILE_HEADER_BYTES;
    fileOpenedAtNs = timeNs;
    dirty = true;
    sync();
    // The directory entry of a new file must be durable too, or a crash can lose the whole file.
    RecordingFiles.syncDirectory(directory);
  }

  private void writeFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
