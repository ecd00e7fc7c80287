package dev.rapport.gateway.mqtt.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store-and-forward queue in front of the MQTT client: every message is appended here
 * first and leaves only when the broker has acknowledged it, so scores produced while the broker is
 * down, or while the gateway restarts, are delivered later and in order.
 *
 * <p>On disk: append-only segment files ({@link Segment}, framing in {@link RecordFormat}), the
 * index of the first unacknowledged record ({@link CursorFile}) and the last sequence number per
 * topic ({@link SequenceFile}). Opening recovers: every intact record is kept, a torn tail is cut
 * off. When an append would exceed the disk budget the oldest segment is dropped, delivered or not,
 * and what was lost is counted in {@code dropped_budget}.
 *
 * <p>Threads: producers call {@link #append}, the publisher thread calls {@link #next}, Paho's
 * callback thread calls {@link #acknowledge}; one lock guards everything, and no call blocks on the
 * network.
 */
public final class Outbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  /** Builds the payload once the sequence number is known (-1 for unsequenced topics). */
  @FunctionalInterface
  public interface PayloadWriter {
    byte[] payload(long seq);
  }

  /** Returned by {@link #nextLocked} when the next record must be forced before it may leave. */
  private static final OutboxRecord NEEDS_FORCE =
      new OutboxRecord(-1, "", 0, false, -1, 0, new byte[0]);

  private final OutboxSettings settings;
  private final Path directory;
  private final LongSupplier clockMs;
  private final List<Segment> segments = new ArrayList<>();
  private final Map<String, Long> lastSeqByTopic;

  /** Acknowledged records above the cursor: PUBACKs may come back out of order. */
  private final TreeSet<Long> ackedAhead = new TreeSet<>();

  /**
   * Segments fully delivered and taken out of {@link #segments}, waiting to be deleted outside the
   * lock (deleting means writing the sequence file first: two flash writes the producer should not
   * wait for).
   */
  private final List<Segment> retired = new ArrayList<>();

  /** Serialises the small durable files (cursor, sequences), written outside the main lock. */
  private final Object fileLock = new Object();

  private ByteBuffer frame = ByteBuffer.allocate(16 * 1024);
  private long totalBytes;
  private long cursor;
  private long readIndex;
  private long nextIndex;
  private long syncedIndex;

  /** One past the highest index ever handed out in this run; below it, a read is a redelivery. */
  private long handedOutEnd;

  private long lastSyncMs;
  private long lastCursorWriteMs;
  private long persistedCursor;
  private boolean closed;

  private long enqueued;
  private long delivered;
  private long droppedBudget;
  private long redelivered;
  private long unreadable;
  private final long recoveredDiscardedBytes;

  private Outbox(
      OutboxSettings settings,
      LongSupplier clockMs,
      Map<String, Long> lastSeqByTopic,
      long discardedBytes) {
    this.settings = settings;
    this.directory = settings.directory();
    this.clockMs = clockMs;
    this.lastSeqByTopic = lastSeqByTopic;
    this.recoveredDiscardedBytes = discardedBytes;
  }

  /**
   * Opens the outbox in {@code settings.directory()}, creating it if needed, and recovers what a
   * previous run left: intact records stay pending from the persisted cursor on.
   *
   * @param clockMs wall clock in epoch ms (record timestamps, fsync and cursor intervals)
   */
  public static Outbox open(OutboxSettings settings, LongSupplier clockMs) throws IOException {
    Path dir = settings.directory();
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(CursorFile.NAME + ".tmp"));
    Files.deleteIfExists(dir.resolve(SequenceFile.NAME + ".tmp"));

    Map<String, Long> lastSeq;
    try {
      lastSeq = SequenceFile.read(dir);
    } catch (IOException e) {
      LOG.error(
          "outbox sequence file {} cannot be read ({}); sequence numbers continue from the records"
              + " still on disk and may repeat numbers already published",
          dir.resolve(SequenceFile.NAME),
          e.toString());
      lastSeq = new TreeMap<>();
    }
    TreeMap<Long, Path> files = new TreeMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + Segment.SUFFIX)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        String digits = name.substring(0, name.length() - Segment.SUFFIX.length());
        if (!digits.matches("[0-9]{20}")) {
          LOG.warn("outbox ignores a file it did not write: {}", p);
          continue;
        }
        files.put(Long.parseLong(digits), p);
      }
    }
    Map<String, Long> scanned = new HashMap<>();
    long discarded = 0;
    List<Segment> recovered = new ArrayList<>();
    for (Map.Entry<Long, Path> e : files.entrySet()) {
      if (!recovered.isEmpty() && e.getKey() < recovered.get(recovered.size() - 1).endIndex()) {
        throw new IOException(
            "outbox segments overlap, file="
                + e.getValue()
                + " starts at index="
                + e.getKey()
                + " before the end of the previous one; move the directory away to start empty");
      }
      Segment.Recovery r = Segment.recover(e.getValue(), e.getKey(), scanned);
      if (r.discardedBytes() > 0) {
        LOG.warn(
            "outbox segment {} ended in a damaged record ({}): {} bytes cut off, {} records kept",
            e.getValue().getFileName(),
            r.reason(),
            r.discardedBytes(),
            r.segment().count());
        discarded += r.discardedBytes();
      }
      recovered.add(r.segment());
    }
    // Records still on disk may carry numbers newer than the file (it is written only before a
    // segment is deleted and at close): the larger of the two is the last one used.
    Map<String, Long> merged = new HashMap<>(lastSeq);
    scanned.forEach((topic, seq) -> merged.merge(topic, seq, Math::max));

    Outbox box = new Outbox(settings, clockMs, merged, discarded);
    box.segments.addAll(recovered);
    box.recoverPositions(CursorFile.read(dir));
    box.writeFilesOutsideLock(-1);
    return box;
  }

  private void recoverPositions(long storedCursor) throws IOException {
    // An empty segment before the last one holds nothing and would only confuse the index walk.
    for (int i = segments.size() - 2; i >= 0; i--) {
      if (segments.get(i).count() == 0) {
        segments.remove(i).delete();
      }
    }
    long first = segments.isEmpty() ? Math.max(0, storedCursor) : segments.get(0).baseIndex;
    nextIndex = segments.isEmpty() ? first : last().endIndex();
    cursor = storedCursor < 0 ? first : Math.max(first, Math.min(storedCursor, nextIndex));
    if (segments.isEmpty()) {
      segments.add(Segment.create(directory, nextIndex));
    }
    for (Segment s : segments) {
      totalBytes += s.sizeBytes();
    }
    readIndex = cursor;
    handedOutEnd = cursor;
    syncedIndex = nextIndex;
    persistedCursor = storedCursor;
    long now = clockMs.getAsLong();
    lastSyncMs = now;
    lastCursorWriteMs = now;
    retireDeliveredSegments();
    LOG.info(
        "outbox {} opened: {} records pending ({} bytes on disk, budget {}), next index {}",
        directory,
        pendingRecordsLocked(),
        totalBytes,
        settings.maxBytes(),
        nextIndex);
  }

  private Segment last() {
    return segments.get(segments.size() - 1);
  }

  /**
   * Appends one message durably (per the fsync policy) and returns its index.
   *
   * @param sequenced whether the topic carries a per-topic {@code seq}; the next number is passed
   *     to {@code writer}, continuing across restarts
   * @throws IllegalArgumentException when the message could never fit a segment
   * @throws IOException when the disk refuses the write; nothing is then enqueued and the sequence
   *     number is not consumed
   */
  public synchronized long append(
      String topic, int qos, boolean retained, boolean sequenced, PayloadWriter writer)
      throws IOException {
    ensureOpen();
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("qos not allowed (allowed: 0, 1, 2), qos=" + qos);
    }
    byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
    if (topicBytes.length == 0 || topicBytes.length > RecordFormat.MAX_TOPIC_BYTES) {
      throw new IllegalArgumentException(
          "topic length not allowed (allowed: 1 to 65535 bytes), topicBytes=" + topicBytes.length);
    }
    long seq = sequenced ? lastSeqByTopic.getOrDefault(topic, 0L) + 1 : -1;
    byte[] payload = writer.payload(seq);
    int frameBytes = RecordFormat.frameBytes(topicBytes.length, payload.length);
    if (payload.length > RecordFormat.MAX_PAYLOAD_BYTES || frameBytes > settings.segmentBytes()) {
      throw new IllegalArgumentException(
          "message too large for the outbox (allowed: a frame of at most segmentBytes="
              + settings.segmentBytes()
              + " and a payload of at most "
              + RecordFormat.MAX_PAYLOAD_BYTES
              + "), payloadBytes="
              + payload.length
              + " topic="
              + topic);
    }
    if (last().count() > 0 && last().sizeBytes() + frameBytes > settings.segmentBytes()) {
      roll();
    }
    while (totalBytes + frameBytes > settings.maxBytes() && segments.size() > 1) {
      dropOldest();
    }
    if (frame.capacity() < frameBytes) {
      frame = ByteBuffer.allocate(Math.max(frameBytes, frame.capacity() * 2));
    }
    long index = nextIndex;
    long now = clockMs.getAsLong();
    RecordFormat.encode(frame, index, topicBytes, qos, retained, seq, now, payload);
    last().append(frame);
    nextIndex++;
    totalBytes += frameBytes;
    enqueued++;
    if (sequenced) {
      lastSeqByTopic.put(topic, seq);
    }
    if (settings.fsync() == FsyncPolicy.ALWAYS) {
      syncLocked(now);
    }
    return index;
  }

  private void roll() throws IOException {
    if (settings.fsync() != FsyncPolicy.NEVER) {
      last().force();
    }
    segments.add(Segment.create(directory, nextIndex));
    if (settings.fsync() != FsyncPolicy.NEVER) {
      DurableFiles.forceDirectory(directory);
    }
  }

  private void dropOldest() throws IOException {
    Segment s = segments.get(0);
    long from = Math.max(s.baseIndex, cursor);
    long lost = Math.max(0, s.endIndex() - from);
    if (lost > 0) {
      lost -= ackedAhead.subSet(from, s.endIndex()).size();
    }
    droppedBudget += lost;
    if (cursor < s.endIndex()) {
      cursor = s.endIndex();
      advanceOverAcked();
    }
    readIndex = Math.max(readIndex, cursor);
    deleteSegment(s);
    LOG.warn(
        "outbox over its disk budget (maxBytes={}): dropped the oldest segment {} with {}"
            + " undelivered records; droppedBudget={}",
        settings.maxBytes(),
        s.path.getFileName(),
        lost,
        droppedBudget);
  }

  /** Sequence numbers of the records about to go are first written to the sequence file. */
  private void deleteSegment(Segment s) throws IOException {
    SequenceFile.write(directory, lastSeqByTopic, settings.fsync() != FsyncPolicy.NEVER);
    segments.remove(s);
    totalBytes -= s.sizeBytes();
    s.delete();
  }

  /**
   * The next record to send, or null when everything appended has been handed out. Under {@link
   * FsyncPolicy#BATCH} the record is forced to disk first, so nothing reaches a subscriber that a
   * power cut could take back. The force runs outside the lock: appends continue meanwhile, and the
   * next force covers all of them (one flash write per batch, not per message).
   */
  public OutboxRecord next() throws IOException {
    while (true) {
      Segment toForce = null;
      long forcedUpTo = 0;
      OutboxRecord r;
      boolean retiredSome;
      synchronized (this) {
        ensureOpen();
        r = nextLocked();
        // Only skipping a damaged record retires segments here; rare, but handled.
        retiredSome = !retired.isEmpty();
        if (r == NEEDS_FORCE) {
          toForce = last();
          forcedUpTo = nextIndex;
        }
      }
      if (retiredSome) {
        writeFilesOutsideLock(-1);
      }
      if (toForce == null) {
        return r;
      }
      forceOutsideLock(toForce, forcedUpTo);
    }
  }

  /**
   * Forces one segment without holding the lock; every record below {@code upTo} was in it or in an
   * older segment, and an older segment is forced when it is rolled.
   */
  private void forceOutsideLock(Segment segment, long upTo) throws IOException {
    try {
      segment.force();
    } catch (ClosedChannelException e) {
      // The segment was rolled (and so forced) and then deleted meanwhile: nothing left to force.
      LOG.debug("segment {} closed while forcing it", segment.path.getFileName());
    }
    synchronized (this) {
      if (upTo > syncedIndex) {
        syncedIndex = upTo;
        lastSyncMs = clockMs.getAsLong();
      }
    }
  }

  private OutboxRecord nextLocked() throws IOException {
    if (readIndex < cursor) {
      readIndex = cursor;
    }
    while (readIndex < nextIndex) {
      Segment s = segmentFor(readIndex);
      if (readIndex < s.baseIndex) {
        readIndex = s.baseIndex;
        continue;
      }
      if (ackedAhead.contains(readIndex)) {
        readIndex++;
        continue;
      }
      if (settings.fsync() == FsyncPolicy.BATCH && readIndex >= syncedIndex) {
        return NEEDS_FORCE;
      }
      long index = readIndex++;
      OutboxRecord r = s.read(index);
      if (r == null) {
        unreadable++;
        LOG.error(
            "outbox record index={} in {} no longer reads back intact (disk damage?); skipped,"
                + " unreadable={}",
            index,
            s.path.getFileName(),
            unreadable);
        acknowledgeLocked(index, false);
        continue;
      }
      if (index < handedOutEnd) {
        redelivered++;
      } else {
        handedOutEnd = index + 1;
      }
      return r;
    }
    return null;
  }

  private Segment segmentFor(long index) {
    for (Segment s : segments) {
      if (index < s.endIndex()) {
        return s;
      }
    }
    throw new IllegalStateException(
        "no segment holds index=" + index + " while nextIndex=" + nextIndex);
  }

  /** Makes the next {@link #next} start again at the first unacknowledged record. */
  public synchronized void rewind() {
    readIndex = cursor;
  }

  /**
   * Puts back the record just handed out, when the client refused it before it reached the network.
   */
  public synchronized void unread(long index) {
    if (index >= cursor && index < readIndex) {
      readIndex = index;
      if (index == handedOutEnd - 1) {
        handedOutEnd = index;
      }
    }
  }

  /**
   * The broker has the record: it may leave. Records leave in order; an acknowledgement ahead of an
   * older unacknowledged one waits for it. Stale indices (already gone) are ignored.
   */
  public void acknowledge(long index) throws IOException {
    long cursorToWrite;
    synchronized (this) {
      if (closed) {
        return;
      }
      acknowledgeLocked(index, true);
      cursorToWrite = cursorDue(clockMs.getAsLong());
    }
    writeFilesOutsideLock(cursorToWrite);
  }

  private void acknowledgeLocked(long index, boolean countDelivered) throws IOException {
    if (index < cursor || index >= nextIndex || ackedAhead.contains(index)) {
      return;
    }
    if (countDelivered) {
      delivered++;
    }
    if (index == cursor) {
      cursor++;
      advanceOverAcked();
      retireDeliveredSegments();
    } else {
      ackedAhead.add(index);
    }
  }

  private void advanceOverAcked() {
    ackedAhead.headSet(cursor).clear();
    while (ackedAhead.remove(cursor)) {
      cursor++;
    }
  }

  private void retireDeliveredSegments() {
    while (segments.size() > 1 && segments.get(0).endIndex() <= cursor) {
      Segment s = segments.remove(0);
      totalBytes -= s.sizeBytes();
      retired.add(s);
    }
  }

  /**
   * Deletes retired segments (sequence file first, so no number they carried is forgotten) and
   * writes the cursor if one is due ({@code cursorToWrite} >= 0). Runs without the main lock.
   */
  private void writeFilesOutsideLock(long cursorToWrite) throws IOException {
    synchronized (fileLock) {
      List<Segment> toDelete;
      Map<String, Long> seqs = null;
      synchronized (this) {
        toDelete = new ArrayList<>(retired);
        retired.clear();
        if (!toDelete.isEmpty()) {
          seqs = new HashMap<>(lastSeqByTopic);
        }
      }
      boolean force = settings.fsync() != FsyncPolicy.NEVER;
      if (seqs != null) {
        SequenceFile.write(directory, seqs, force);
        for (Segment s : toDelete) {
          s.delete();
        }
      }
      if (cursorToWrite >= 0) {
        CursorFile.write(directory, cursorToWrite, force);
      }
    }
  }

  /**
   * Periodic work for the publisher thread: force appended records under {@link FsyncPolicy#BATCH}
   * and persist the cursor when their intervals have passed.
   */
  public void maintain() throws IOException {
    Segment toForce = null;
    long forcedUpTo = 0;
    long cursorToWrite;
    synchronized (this) {
      if (closed) {
        return;
      }
      long now = clockMs.getAsLong();
      if (settings.fsync() == FsyncPolicy.BATCH
          && syncedIndex < nextIndex
          && now - lastSyncMs >= settings.fsyncIntervalMs()) {
        toForce = last();
        forcedUpTo = nextIndex;
      }
      cursorToWrite = cursorDue(now);
    }
    if (toForce != null) {
      forceOutsideLock(toForce, forcedUpTo);
    }
    writeFilesOutsideLock(cursorToWrite);
  }

  /**
   * The cursor to persist now, or -1 when it has not moved or its interval has not passed. Marks it
   * persisted: if the write then fails, the next restart merely resends a little more.
   */
  private long cursorDue(long now) {
    if (cursor == persistedCursor || now - lastCursorWriteMs < settings.cursorSyncIntervalMs()) {
      return -1;
    }
    persistedCursor = cursor;
    lastCursorWriteMs = now;
    return cursor;
  }

  /** Forces every appended record to the device now, whatever the policy. */
  public synchronized void sync() throws IOException {
    ensureOpen();
    syncLocked(clockMs.getAsLong());
  }

  private void syncLocked(long now) throws IOException {
    last().force();
    syncedIndex = nextIndex;
    lastSyncMs = now;
  }

  public synchronized long pendingRecords() {
    return pendingRecordsLocked();
  }

  private long pendingRecordsLocked() {
    long pending = 0;
    for (Segment s : segments) {
      pending += Math.max(0, s.endIndex() - Math.max(s.baseIndex, cursor));
    }
    return pending - ackedAhead.size();
  }

  /** Whether {@link #next} would return a record now. */
  public synchronized boolean hasUnsent() {
    return Math.max(readIndex, cursor) < nextIndex;
  }

  /** The last sequence number used for {@code topic}, 0 if none. */
  public synchronized long lastSeq(String topic) {
    return lastSeqByTopic.getOrDefault(topic, 0L);
  }

  public synchronized OutboxMetrics metrics() {
    return new OutboxMetrics(
        enqueued,
        delivered,
        droppedBudget,
        redelivered,
        pendingRecordsLocked(),
        totalBytes,
        settings.maxBytes());
  }

  /** Bytes cut off damaged segment tails when this outbox was opened. */
  public long recoveredDiscardedBytes() {
    return recoveredDiscardedBytes;
  }

  public OutboxSettings settings() {
    return settings;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("outbox is closed, directory=" + directory);
    }
  }

  /**
   * Closes the files without forcing them or writing the cursor and sequence files, as a crash
   * would leave them. For tests that prove recovery.
   */
  public synchronized void abandon() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    for (Segment s : segments) {
      s.close();
    }
    for (Segment s : retired) {
      s.close();
    }
  }

  /** Forces what is pending, persists the cursor and the sequence numbers, closes the files. */
  @Override
  public void close() throws IOException {
    synchronized (fileLock) {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
        boolean force = settings.fsync() != FsyncPolicy.NEVER;
        try {
          if (force) {
            last().force();
          }
          CursorFile.write(directory, cursor, force);
          SequenceFile.write(directory, lastSeqByTopic, force);
          for (Segment s : retired) {
            s.delete();
          }
          retired.clear();
        } finally {
          for (Segment s : segments) {
            s.close();
          }
        }
      }
    }
  }
}
