package dev.rapport.gateway.ingest;

import dev.rapport.badge.protocol.Frame;
import dev.rapport.badge.protocol.FrameType;
import dev.rapport.badge.protocol.Protocol;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The one input of the engine thread: a bounded, lock-free, multi-producer single-consumer ring
 * (Vyukov's bounded queue) carrying badge frames from the transport threads and TIME_SYNC send
 * stamps from the writers. Frames are copied into preallocated slots, so neither side allocates.
 *
 * <p><b>Full means no, and the no is counted.</b> {@code offer} never blocks a transport thread:
 * when the ring is full it returns false and counts the drop by cause (the frame type, or the event
 * kind), see {@link #droppedFrames(int)} and {@link #describeDrops()}. The badge's session later
 * also sees the hole as a sequence gap, so the loss shows in its health too.
 *
 * <p>Clock events are not queued: the newest time is kept in one atomic and handed to the consumer
 * after each drained batch. A watermark only moves forward, so keeping the newest loses nothing and
 * clock events can never be dropped or crowd out frames.
 */
public final class BoundedEventQueue {
  private static final int KIND_FRAME = 1;
  private static final int KIND_TIME_SYNC_SENT = 2;
  private static final int SLOT_BYTES = Protocol.MAX_FRAME_LENGTH;

  private final int capacity;
  private final int mask;
  private final AtomicLongArray sequences;
  private final AtomicLong tail = new AtomicLong();
  private long head;

  private final int[] kinds;
  private final int[] ints;
  private final long[] times;
  private final long[] values;
  private final int[] lengths;
  private final byte[] bytes;

  private final AtomicLong newestClockNs = new AtomicLong(Long.MIN_VALUE);
  private long deliveredClockNs = Long.MIN_VALUE;

  private final AtomicLong offered = new AtomicLong();
  private final AtomicLongArray droppedByFrameType = new AtomicLongArray(256);
  private final AtomicLong droppedTimeSyncSent = new AtomicLong();

  /**
   * @param capacity slots, a power of two; each holds one frame of up to {@link
   *     Protocol#MAX_FRAME_LENGTH} bytes
   */
  public BoundedEventQueue(int capacity) {
    if (capacity < 2 || capacity > (1 << 20) || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException(
          "capacity must be a power of two in [2, 2^20], capacity=" + capacity);
    }
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.sequences = new AtomicLongArray(capacity);
    for (int i = 0; i < capacity; i++) {
      sequences.set(i, i);
    }
    kinds = new int[capacity];
    ints = new int[capacity];
    times = new long[capacity];
    values = new long[capacity];
    lengths = new int[capacity];
    bytes = new byte[capacity * SLOT_BYTES];
  }

  /**
   * Offers a decoded frame (header + payload, without CRC) from any thread.
   *
   * @return false if the queue is full; the drop is counted under the frame's type
   */
  public boolean offerFrame(int linkIndex, long receiveNs, byte[] frame, int offset, int length) {
    if (length < Frame.HEADER_LENGTH || length > SLOT_BYTES) {
      throw new IllegalArgumentException(
          "frame length must be in ["
              + Frame.HEADER_LENGTH
              + ", "
              + SLOT_BYTES
              + "], length="
              + length);
    }
    offered.incrementAndGet();
    final long pos = claim();
    if (pos < 0) {
      droppedByFrameType.incrementAndGet(frame[offset + Frame.TYPE_OFFSET] & 0xFF);
      return false;
    }
    final int i = (int) (pos & mask);
    kinds[i] = KIND_FRAME;
    ints[i] = linkIndex;
    times[i] = receiveNs;
    lengths[i] = length;
    System.arraycopy(frame, offset, bytes, i * SLOT_BYTES, length);
    publish(i, pos);
    return true;
  }

  /**
   * Offers the send stamp of a TIME_SYNC_REQUEST from the thread that wrote it.
   *
   * @return false if the queue is full (counted); the exchange then uses the engine's own, earlier
   *     send time, which is still causal
   */
  public boolean offerTimeSyncSent(int badgeId, long correlationId, long t1Ns) {
    offered.incrementAndGet();
    final long pos = claim();
    if (pos < 0) {
      droppedTimeSyncSent.incrementAndGet();
      return false;
    }
    final int i = (int) (pos & mask);
    kinds[i] = KIND_TIME_SYNC_SENT;
    ints[i] = badgeId;
    times[i] = t1Ns;
    values[i] = correlationId;
    publish(i, pos);
    return true;
  }

  /** Moves gateway time on; never fails and never takes a slot (see the class comment). */
  public void offerClock(long nowNs) {
    long current = newestClockNs.get();
    while (nowNs > current && !newestClockNs.compareAndSet(current, nowNs)) {
      current = newestClockNs.get();
    }
  }

  /** Claims a slot position, or returns -1 when the ring is full. */
  private long claim() {
    long pos = tail.get();
    while (true) {
      final long seq = sequences.get((int) (pos & mask));
      final long dif = seq - pos;
      if (dif == 0) {
        if (tail.compareAndSet(pos, pos + 1)) {
          return pos;
        }
        pos = tail.get();
      } else if (dif < 0) {
        return -1;
      } else {
        pos = tail.get();
      }
    }
  }

  private void publish(int index, long pos) {
    sequences.lazySet(index, pos + 1);
  }

  /**
   * Hands up to maxEvents queued events to the handler, in queue order, then the newest clock time
   * if it moved. Engine thread only.
   *
   * @return events handed over (clock included)
   */
  public int drain(IngestEventHandler handler, int maxEvents) {
    int n = 0;
    while (n < maxEvents) {
      final int i = (int) (head & mask);
      if (sequences.get(i) != head + 1) {
        break;
      }
      try {
        if (kinds[i] == KIND_FRAME) {
          handler.onFrame(ints[i], times[i], bytes, i * SLOT_BYTES, lengths[i]);
        } else {
          handler.onTimeSyncSent(ints[i], values[i], times[i]);
        }
      } finally {
        sequences.lazySet(i, head + capacity);
        head++;
      }
      n++;
    }
    final long clockNs = newestClockNs.get();
    if (clockNs != Long.MIN_VALUE && clockNs > deliveredClockNs) {
      deliveredClockNs = clockNs;
      handler.onClock(clockNs);
      n++;
    }
    return n;
  }

  public int capacity() {
    return capacity;
  }

  /** Events waiting (approximate while producers are active). */
  public int size() {
    return (int) Math.max(0, Math.min(capacity, tail.get() - head));
  }

  /** Events offered, taken or not. */
  public long offered() {
    return offered.get();
  }

  /** Frames of this type dropped because the queue was full. */
  public long droppedFrames(int frameType) {
    return droppedByFrameType.get(frameType & 0xFF);
  }

  public long droppedTimeSyncSent() {
    return droppedTimeSyncSent.get();
  }

  public long totalDropped() {
    long total = droppedTimeSyncSent.get();
    for (int t = 0; t < 256; t++) {
      total += droppedByFrameType.get(t);
    }
    return total;
  }

  /**
   * The drops by cause in words, e.g. {@code "dropped (queue full): ACCEL=12 STATUS=1"}, or {@code
   * "dropped (queue full): none"}; for logs and status messages (allocates).
   */
  public String describeDrops() {
    final StringBuilder sb = new StringBuilder("dropped (queue full):");
    boolean any = false;
    for (int t = 0; t < 256; t++) {
      final long d = droppedByFrameType.get(t);
      if (d > 0) {
        sb.append(' ').append(FrameType.name(t)).append('=').append(d);
        any = true;
      }
    }
    if (droppedTimeSyncSent.get() > 0) {
      sb.append(" TIME_SYNC_SENT=").append(droppedTimeSyncSent.get());
      any = true;
    }
    return any ? sb.toString() : sb.append(" none").toString();
  }
}
