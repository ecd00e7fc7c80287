package dev.rapport.badge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What serial lines and BLE notifications do to a byte stream: split it anywhere, join frames, drop
 * and flip bytes, add noise. The decoder must deliver every undamaged frame exactly once, never a
 * damaged one, count each rejection, and never throw.
 */
class StreamResilienceTest {
  private static final List<byte[]> FRAMES = SampleFrames.oneOfEachType();
  private static final byte[] STREAM = SampleFrames.joined(FRAMES);

  private final CapturingFrameHandler handler = new CapturingFrameHandler();
  private final FrameDecoder decoder = new FrameDecoder(handler);

  private static List<CapturedFrame> expected() {
    final CapturingFrameHandler h = new CapturingFrameHandler();
    final FrameDecoder d = new FrameDecoder(h);
    for (byte[] f : FRAMES) {
      d.onBytes(f, 0, f.length);
    }
    assertThat(h.errors).isEmpty();
    assertThat(h.frames).hasSize(FRAMES.size());
    return h.frames;
  }

  @Test
  void shouldDecodeTheStreamSplitAtEveryByteBoundary() {
    final List<CapturedFrame> expected = expected();
    for (int split = 0; split <= STREAM.length; split++) {
      handler.clear();
      final FrameDecoder d = new FrameDecoder(handler);
      d.onBytes(STREAM, 0, split);
      d.onBytes(STREAM, split, STREAM.length - split);
      assertThat(handler.frames).as("split at %d", split).isEqualTo(expected);
      assertThat(handler.errors).as("split at %d", split).isEmpty();
    }
  }

  @Test
  void shouldDecodeTheStreamSplitIntoThreeAtEveryPairOfBoundaries() {
    final DigestHandler reference = new DigestHandler();
    new FrameDecoder(reference).onBytes(STREAM, 0, STREAM.length);
    for (int first = 0; first <= STREAM.length; first++) {
      for (int second = first; second <= STREAM.length; second++) {
        final DigestHandler digest = new DigestHandler();
        final FrameDecoder d = new FrameDecoder(digest);
        d.onBytes(STREAM, 0, first);
        d.onBytes(STREAM, first, second - first);
        d.onBytes(STREAM, second, STREAM.length - second);
        if (digest.frames != FRAMES.size() || digest.digest != reference.digest) {
          throw new AssertionError(
              "split at " + first + "," + second + ": frames=" + digest.frames);
        }
        assertThat(d.counters().totalErrors()).isZero();
      }
    }
  }

  @Test
  void shouldDecodeByteByByte() {
    for (byte b : STREAM) {
      decoder.onBytes(new byte[] {b}, 0, 1);
    }
    assertThat(handler.frames).isEqualTo(expected());
    assertThat(decoder.counters().bytesReceived()).isEqualTo(STREAM.length);
  }

  @Test
  void shouldDecodeBleNotificationsOfEveryMtu() {
    final List<CapturedFrame> expected = expected();
    for (int payload = 1; payload <= 244; payload++) {
      handler.clear();
      final FrameDecoder d = new FrameDecoder(handler);
      for (int at = 0; at < STREAM.length; at += payload) {
        d.onBytes(STREAM, at, Math.min(payload, STREAM.length - at));
      }
      assertThat(handler.frames).as("notification size %d", payload).isEqualTo(expected);
    }
  }

  @Test
  void shouldDecodeFromHeapAndDirectByteBuffers() {
    final ByteBuffer heap = ByteBuffer.wrap(STREAM, 3, STREAM.length - 3).slice();
    decoder.onBytes(ByteBuffer.wrap(STREAM, 0, 3));
    decoder.onBytes(heap);
    assertThat(heap.hasRemaining()).isFalse();
    final ByteBuffer direct = ByteBuffer.allocateDirect(STREAM.length);
    direct.put(STREAM).flip();
    decoder.onBytes(direct);
    assertThat(direct.hasRemaining()).isFalse();
    final List<CapturedFrame> twice = new ArrayList<>(expected());
    twice.addAll(expected());
    assertThat(handler.frames).isEqualTo(twice);
  }

  @Test
  void shouldResyncAfterGarbageEndedByDelimiter() {
    final Random random = new Random(11);
    final byte[] garbage = new byte[300];
    for (int round = 0; round < 200; round++) {
      handler.clear();
      final FrameDecoder d = new FrameDecoder(handler);
      for (byte[] frame : FRAMES) {
        random.nextBytes(garbage);
        final int n = random.nextInt(garbage.length);
        garbage[n] = 0; // noise, then a 0x00 (a sender's flush, or noise itself)
        d.onBytes(garbage, 0, n + 1);
        d.onBytes(frame, 0, frame.length);
      }
      assertThat(handler.frames).as("round %d", round).isEqualTo(expected());
    }
  }

  @Test
  void shouldLoseOnlyTheFrameThatNoiseRunsInto() {
    final byte[] noise = {0x37, 0x11, (byte) 0x9c};
    final List<CapturedFrame> expected = new ArrayList<>(expected());
    decoder.onBytes(FRAMES.get(0), 0, FRAMES.get(0).length);
    decoder.onBytes(noise, 0, noise.length); // no 0x00: it joins the next frame
    for (int i = 1; i < FRAMES.size(); i++) {
      decoder.onBytes(FRAMES.get(i), 0, FRAMES.get(i).length);
    }
    expected.remove(1);
    assertThat(handler.frames).isEqualTo(expected);
    assertThat(decoder.counters().totalErrors()).isEqualTo(1);
  }

  @Test
  void shouldNeverDeliverAFrameWithAnySingleBitFlipped() {
    final byte[] next = FRAMES.get(0);
    final CapturedFrame nextDecoded = expected().get(0);
    for (int f = 0; f < FRAMES.size(); f++) {
      final byte[] frame = FRAMES.get(f);
      for (int bit = 0; bit < frame.length * 8; bit++) {
        final byte[] flipped = frame.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        handler.clear();
        final FrameDecoder d = new FrameDecoder(handler);
        d.onBytes(flipped, 0, flipped.length);
        d.onBytes(new byte[] {0}, 0, 1); // in case the flip hit the delimiter
        d.onBytes(next, 0, next.length);
        assertThat(handler.frames).as("frame %d bit %d", f, bit).containsExactly(nextDecoded);
        assertThat(d.counters().totalErrors()).as("frame %d bit %d", f, bit).isPositive();
      }
    }
  }

  @Test
  void shouldRejectEveryTruncationAndDecodeTheNextFrame() {
    final byte[] next = FRAMES.get(3);
    final CapturedFrame nextDecoded = expected().get(3);
    for (byte[] frame : FRAMES) {
      for (int keep = 1; keep < frame.length - 1; keep++) {
        handler.clear();
        final FrameDecoder d = new FrameDecoder(handler);
        d.onBytes(frame, 0, keep);
        d.onBytes(new byte[] {0}, 0, 1);
        d.onBytes(next, 0, next.length);
        assertThat(handler.frames).as("kept %d bytes", keep).containsExactly(nextDecoded);
        assertThat(d.counters().totalErrors()).isEqualTo(1);
      }
    }
  }

  @Test
  void shouldRejectEveryFrameWithOneByteDroppedAndDecodeTheNext() {
    final byte[] next = FRAMES.get(1);
    final CapturedFrame nextDecoded = expected().get(1);
    for (byte[] frame : FRAMES) {
      for (int drop = 0; drop < frame.length - 1; drop++) {
        final byte[] damaged = new byte[frame.length - 1];
        System.arraycopy(frame, 0, damaged, 0, drop);
        System.arraycopy(frame, drop + 1, damaged, drop, frame.length - drop - 1);
        handler.clear();
        final FrameDecoder d = new FrameDecoder(handler);
        d.onBytes(damaged, 0, damaged.length);
        d.onBytes(next, 0, next.length);
        assertThat(handler.frames).as("dropped byte %d", drop).containsExactly(nextDecoded);
        assertThat(d.counters().totalErrors()).isEqualTo(1);
      }
    }
  }

  @Test
  void shouldLoseBothFramesWhenTheDelimiterBetweenThemIsLost() {
    final byte[] first = FRAMES.get(1);
    final byte[] joined = Arrays.copyOf(first, first.length - 1); // its 0x00 lost
    decoder.onBytes(joined, 0, joined.length);
    decoder.onBytes(FRAMES.get(2), 0, FRAMES.get(2).length);
    decoder.onBytes(FRAMES.get(3), 0, FRAMES.get(3).length);
    assertThat(handler.frames).containsExactly(expected().get(3));
    assertThat(decoder.counters().totalErrors()).isEqualTo(1);
  }

  @Test
  void shouldSkipAnOversizedRunAndDecodeTheNextFrame() {
    final byte[] noise = new byte[5000];
    Arrays.fill(noise, (byte) 0x7f);
    decoder.onBytes(noise, 0, noise.length);
    decoder.onBytes(new byte[] {0}, 0, 1);
    decoder.onBytes(STREAM, 0, STREAM.length);
    assertThat(handler.frames).isEqualTo(expected());
    assertThat(decoder.counters().errors(DecodeError.OVERSIZED)).isEqualTo(1);
    assertThat(decoder.counters().totalErrors()).isEqualTo(1);
  }

  @Test
  void shouldCountAPartialFrameDroppedByReset() {
    decoder.reset(); // nothing pending: nothing counted
    decoder.onBytes(STREAM, 0, FRAMES.get(0).length + 5);
    decoder.reset();
    decoder.onBytes(FRAMES.get(3), 0, FRAMES.get(3).length);
    assertThat(handler.frames).containsExactly(expected().get(0), expected().get(3));
    assertThat(decoder.counters().errors(DecodeError.INCOMPLETE_AT_RESET)).isEqualTo(1);
    assertThat(decoder.counters().totalErrors()).isEqualTo(1);
  }

  @Test
  void shouldCountOnePartialFrameWhenListeningStartsMidStream() {
    decoder.onBytes(STREAM, 7, STREAM.length - 7);
    assertThat(handler.frames).isEqualTo(expected().subList(1, FRAMES.size()));
    assertThat(decoder.counters().totalErrors()).isEqualTo(1);
  }

  @Test
  void shouldIgnoreEmptyFramesBetweenFrames() {
    final byte[] zeros = new byte[10];
    decoder.onBytes(zeros, 0, zeros.length);
    decoder.onBytes(STREAM, 0, STREAM.length);
    decoder.onBytes(zeros, 0, zeros.length);
    assertThat(handler.frames).isEqualTo(expected());
    assertThat(decoder.counters().totalErrors()).isZero();
  }

  @Test
  void shouldCountErrorsPerBadgeOnlyWhenTheCrcVouchesForTheBadgeId() {
    final FrameEncoder encoder = new FrameEncoder();
    for (int badge = 1; badge <= 100; badge++) {
      for (int seq = 0; seq < 3; seq++) {
        encoder.status(badge, seq, seq).batteryMv(3800).batteryPercent(70);
        final byte[] wire = encoder.finishToArray();
        decoder.onBytes(wire, 0, wire.length);
      }
    }
    // Badge 5 sends a frame type from the future; badge 6 a short STATUS; a corrupt frame "from" 7.
    final byte[] future = rawWithCrc(5, 0x7D, 4);
    decoder.onBytes(future, 0, future.length);
    final byte[] shortStatus = rawWithCrc(6, FrameType.STATUS, 3);
    decoder.onBytes(shortStatus, 0, shortStatus.length);
    encoder.status(7, 9, 9).batteryMv(3800).batteryPercent(70);
    final byte[] corrupt = encoder.finishToArray();
    corrupt[corrupt.length - 3] ^= 0x10;
    decoder.onBytes(corrupt, 0, corrupt.length);

    final DecoderCounters c = decoder.counters();
    assertThat(c.framesDecoded()).isEqualTo(300);
    assertThat(c.framesDecoded(42)).isEqualTo(3);
    assertThat(c.errors(5, DecodeError.UNKNOWN_TYPE)).isEqualTo(1);
    assertThat(c.errors(6, DecodeError.BAD_LENGTH)).isEqualTo(1);
    assertThat(c.errors(7, DecodeError.BAD_CRC)).isZero();
    assertThat(c.errors(DecodeError.BAD_CRC)).isEqualTo(1);
    assertThat(c.badgeIds()).hasSize(100).startsWith(1, 2, 3).endsWith(100);
    assertThat(handler.errors)
        .containsExactly(
            new CapturingFrameHandler.CapturedError(DecodeError.UNKNOWN_TYPE, 5),
            new CapturingFrameHandler.CapturedError(DecodeError.BAD_LENGTH, 6),
            new CapturingFrameHandler.CapturedError(DecodeError.BAD_CRC, FrameHandler.NO_BADGE_ID));
  }

  @Test
  void shouldKeepDecodingAfterTheHandlerThrows() {
    final List<RuntimeException> sink = new ArrayList<>();
    final int[] statusFrames = new int[1];
    final FrameDecoder d =
        new FrameDecoder(
            new FrameHandler() {
              @Override
              public void onHello(HelloFrame frame) {
                throw new IllegalStateException("handler bug, badgeId=" + frame.badgeId());
              }

              @Override
              public void onStatus(StatusFrame frame) {
                statusFrames[0]++;
              }
            },
            sink::add);
    d.onBytes(STREAM, 0, STREAM.length);
    assertThat(statusFrames[0]).isEqualTo(1);
    assertThat(d.counters().handlerFailures()).isEqualTo(1);
    assertThat(d.counters().framesDecoded()).isEqualTo(FRAMES.size());
    assertThat(sink)
        .singleElement()
        .extracting(Throwable::getMessage)
        .isEqualTo("handler bug, badgeId=161");
  }

  /** A valid-CRC frame with an arbitrary type and payload length, COBS-encoded with delimiter. */
  private static byte[] rawWithCrc(int badgeId, int type, int payloadLength) {
    final byte[] raw = new byte[Frame.HEADER_LENGTH + payloadLength + 4];
    raw[0] = Protocol.VERSION;
    raw[1] = (byte) type;
    LittleEndian.putU16(raw, 2, badgeId);
    Arrays.fill(raw, Frame.HEADER_LENGTH, Frame.HEADER_LENGTH + payloadLength, (byte) 0x33);
    final int n = raw.length - 4;
    LittleEndian.putU32(raw, n, Crc32c.compute(raw, 0, n) & 0xFFFF_FFFFL);
    final byte[] wire = new byte[Cobs.maxEncodedLength(raw.length) + 1];
    final int m = Cobs.encode(raw, 0, raw.length, wire, 0);
    return Arrays.copyOf(wire, m + 1);
  }

  /** Sums every byte of every frame into an order-sensitive digest, without allocating. */
  private static final class DigestHandler implements FrameHandler {
    long digest;
    int frames;

    private void add(Frame f) {
      frames++;
      for (int i = 0; i < f.frameLength(); i++) {
        digest = digest * 31 + f.buffer()[f.offset() + i];
      }
    }

    @Override
    public void onHello(HelloFrame f) {
      add(f);
    }

    @Override
    public void onAccel(AccelFrame f) {
      add(f);
    }

    @Override
    public void onMicEnergy(MicEnergyFrame f) {
      add(f);
    }

    @Override
    public void onStatus(StatusFrame f) {
      add(f);
    }

    @Override
    public void onTimeSyncRequest(TimeSyncRequestFrame f) {
      add(f);
    }

    @Override
    public void onTimeSyncResponse(TimeSyncResponseFrame f) {
      add(f);
    }

    @Override
    public void onCommand(CommandFrame f) {
      add(f);
    }

    @Override
    public void onAck(AckFrame f) {
      add(f);
    }

    @Override
    public void onNack(NackFrame f) {
      add(f);
    }
  }
}
