package dev.rapport.badge.sim;

import dev.rapport.badge.protocol.Protocol;

/**
 * The badge-to-host direction of one simulated link: applies {@link LinkImpairments} to each frame
 * and holds the frames until their arrival time, first in first out. Frames sit in fixed slots of
 * {@link Protocol#MAX_WIRE_LENGTH} bytes, so nothing is allocated per frame. Simulation thread
 * only.
 */
final class Uplink {
  private static final int SLOT_BYTES = Protocol.MAX_WIRE_LENGTH;
  static final int INITIAL_CAPACITY_FRAMES = 256;
  static final int MAX_CAPACITY_FRAMES = 1 << 20;

  /** A frame held back for reordering goes out anyway after this long without a successor. */
  private static final long MAX_HOLD_US = 1_000_000;

  private final LinkImpairments impairments;
  private final SimRandom rng;
  private int capacity = INITIAL_CAPACITY_FRAMES;
  private byte[] slots = new byte[capacity * SLOT_BYTES];
  private long[] arrivalUs = new long[capacity];
  private int[] lengths = new int[capacity];
  private long head;
  private long tail;
  private long lastArrivalUs = Long.MIN_VALUE;

  private final byte[] held = new byte[SLOT_BYTES];
  private int heldLength;
  private long heldSinceUs;

  long framesSent;
  long framesLost;
  long framesCorrupted;
  long framesDuplicated;
  long framesReordered;
  long framesDelivered;
  long queueOverflows;

  Uplink(LinkImpairments impairments, SimRandom rng) {
    this.impairments = impairments;
    this.rng = rng;
  }

  /** Bytes that bypass the impairments, e.g. the lone 0x00 a badge sends at boot. */
  void sendClean(long sendTimeUs, byte[] wire, int offset, int length) {
    enqueue(arrival(sendTimeUs), wire, offset, length);
  }

  /** One encoded frame (with its delimiter) handed to the link at {@code sendTimeUs}. */
  void sendFrame(long sendTimeUs, byte[] wire, int offset, int length) {
    framesSent++;
    releaseStaleHold(sendTimeUs);
    double u = rng.nextDouble();
    double lossEnd = impairments.lossRate();
    double corruptEnd = lossEnd + impairments.corruptionRate();
    double duplicateEnd = corruptEnd + impairments.duplicationRate();
    double reorderEnd = duplicateEnd + impairments.reorderRate();
    if (u < lossEnd) {
      framesLost++;
      return;
    }
    long arrival = arrival(sendTimeUs);
    if (u < corruptEnd) {
      framesCorrupted++;
      if (enqueue(arrival, wire, offset, length)) {
        int slot = (int) ((tail - 1) % capacity) * SLOT_BYTES;
        int at = slot + rng.nextInt(length - 1); // never the 0x00 delimiter
        slots[at] = (byte) (slots[at] ^ (1 + rng.nextInt(255)));
      }
    } else if (u < duplicateEnd) {
      framesDuplicated++;
      enqueue(arrival, wire, offset, length);
      enqueue(arrival, wire, offset, length);
    } else if (u < reorderEnd && heldLength == 0) {
      System.arraycopy(wire, offset, held, 0, length);
      heldLength = length;
      heldSinceUs = sendTimeUs;
      return;
    } else {
      enqueue(arrival, wire, offset, length);
    }
    if (heldLength > 0) {
      framesReordered++;
      flushHeld(arrival);
    }
  }

  /** Hands every frame that has arrived by {@code timeUs} to {@code sink}, in order. */
  void release(int link, long timeUs, WireSink sink) {
    releaseStaleHold(timeUs);
    while (head < tail && arrivalUs[(int) (head % capacity)] <= timeUs) {
      int index = (int) (head % capacity);
      head++;
      if (lengths[index] > 1) {
        framesDelivered++;
      }
      sink.onWireBytes(link, arrivalUs[index], slots, index * SLOT_BYTES, lengths[index]);
    }
  }

  private void releaseStaleHold(long timeUs) {
    if (heldLength > 0 && timeUs - heldSinceUs > MAX_HOLD_US) {
      flushHeld(arrival(timeUs));
    }
  }

  private void flushHeld(long arrival) {
    int length = heldLength;
    heldLength = 0;
    enqueue(arrival, held, 0, length);
  }

  private long arrival(long sendTimeUs) {
    long delayUs =
        impairments.minDelayUs()
            + (impairments.maxDelayUs() > impairments.minDelayUs()
                ? rng.nextInt(impairments.maxDelayUs() - impairments.minDelayUs() + 1)
                : 0);
    return Math.max(lastArrivalUs, sendTimeUs + delayUs);
  }

  private boolean enqueue(long arrival, byte[] wire, int offset, int length) {
    if (tail - head == capacity && !grow()) {
      queueOverflows++;
      return false;
    }
    int index = (int) (tail % capacity);
    System.arraycopy(wire, offset, slots, index * SLOT_BYTES, length);
    lengths[index] = length;
    arrivalUs[index] = arrival;
    lastArrivalUs = arrival;
    tail++;
    return true;
  }

  private boolean grow() {
    if (capacity >= MAX_CAPACITY_FRAMES) {
      return false;
    }
    int newCapacity = capacity * 2;
    byte[] newSlots = new byte[newCapacity * SLOT_BYTES];
    long[] newArrival = new long[newCapacity];
    int[] newLengths = new int[newCapacity];
    int count = (int) (tail - head);
    for (int i = 0; i < count; i++) {
      int from = (int) ((head + i) % capacity);
      System.arraycopy(slots, from * SLOT_BYTES, newSlots, i * SLOT_BYTES, lengths[from]);
      newArrival[i] = arrivalUs[from];
      newLengths[i] = lengths[from];
    }
    slots = newSlots;
    arrivalUs = newArrival;
    lengths = newLengths;
    capacity = newCapacity;
    head = 0;
    tail = count;
    return true;
  }
}
