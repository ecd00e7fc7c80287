package dev.rapport.badge.sim;

import dev.rapport.badge.protocol.CommandFrame;
import dev.rapport.badge.protocol.DecodeError;
import dev.rapport.badge.protocol.FrameDecoder;
import dev.rapport.badge.protocol.FrameHandler;
import dev.rapport.badge.protocol.Protocol;
import dev.rapport.badge.protocol.TimeSyncRequestFrame;

/**
 * The host-to-badge direction of one simulated link: decodes the host's bytes into frames as they
 * are sent, applies loss and corruption, and holds each surviving COMMAND or TIME_SYNC_REQUEST
 * until it reaches the badges (FIFO, with the link's delay). Frames are kept raw (header and
 * payload) in fixed slots, so nothing is allocated per frame. Simulation thread only.
 */
final class Downlink {
  static final int CAPACITY_FRAMES = 256;
  private static final int SLOT_BYTES = Protocol.MAX_FRAME_LENGTH;

  private final LinkImpairments impairments;
  private final SimRandom rng;
  private final FrameDecoder decoder;
  private final byte[] slots = new byte[CAPACITY_FRAMES * SLOT_BYTES];
  private final long[] arrivalUs = new long[CAPACITY_FRAMES];
  private final int[] lengths = new int[CAPACITY_FRAMES];
  private long head;
  private long tail;
  private long lastArrivalUs = Long.MIN_VALUE;
  private long sendTimeUs;

  long hostFramesSent;
  long hostFramesLost;
  long hostFramesCorrupted;
  long hostDecodeErrors;
  long queueOverflows;

  Downlink(LinkImpairments impairments, SimRandom rng) {
    this.impairments = impairments;
    this.rng = rng;
    this.decoder = new FrameDecoder(new Handler(), Downlink::rethrow);
  }

  /** Bytes the host wrote at {@code timeUs}; whole frames are queued towards the badges. */
  void onHostBytes(long timeUs, byte[] buffer, int offset, int length) {
    sendTimeUs = timeUs;
    decoder.onBytes(buffer, offset, length);
  }

  boolean hasPending() {
    return head < tail;
  }

  /** Arrival time of the oldest pending frame; only valid when {@link #hasPending()}. */
  long nextArrivalUs() {
    return arrivalUs[(int) (head % CAPACITY_FRAMES)];
  }

  byte[] slots() {
    return slots;
  }

  int nextOffset() {
    return (int) (head % CAPACITY_FRAMES) * SLOT_BYTES;
  }

  int nextLength() {
    return lengths[(int) (head % CAPACITY_FRAMES)];
  }

  void dropNext() {
    head++;
  }

  private void queue(byte[] frameBuffer, int frameOffset, int frameLength) {
    hostFramesSent++;
    double u = rng.nextDouble();
    if (u < impairments.lossRate()) {
      hostFramesLost++;
      return;
    }
    if (u < impairments.lossRate() + impairments.corruptionRate()) {
      hostFramesCorrupted++; // the badge's decoder would reject it: it never acts on it
      return;
    }
    if (tail - head == CAPACITY_FRAMES) {
      queueOverflows++;
      return;
    }
    long delayUs =
        impairments.minDelayUs()
            + (impairments.maxDelayUs() > impairments.minDelayUs()
                ? rng.nextInt(impairments.maxDelayUs() - impairments.minDelayUs() + 1)
                : 0);
    long arrival = Math.max(lastArrivalUs, sendTimeUs + delayUs);
    int index = (int) (tail % CAPACITY_FRAMES);
    System.arraycopy(frameBuffer, frameOffset, slots, index * SLOT_BYTES, frameLength);
    lengths[index] = frameLength;
    arrivalUs[index] = arrival;
    lastArrivalUs = arrival;
    tail++;
  }

  private static void rethrow(RuntimeException e) {
    throw e;
  }

  private final class Handler implements FrameHandler {
    @Override
    public void onCommand(CommandFrame frame) {
      queue(frame.buffer(), frame.offset(), frame.frameLength());
    }

    @Override
    public void onTimeSyncRequest(TimeSyncRequestFrame frame) {
      queue(frame.buffer(), frame.offset(), frame.frameLength());
    }

    @Override
    public void onDecodeError(DecodeError error, int badgeId) {
      hostDecodeErrors++;
    }
  }
}
