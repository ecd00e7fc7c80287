package dev.rapport.badge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Feeds the decoder a million random and mutated inputs (more with {@code
 * -Drapport.fuzz.iterations=N}; another seed with {@code -Drapport.fuzz.seed=S}). After each input
 * comes a 0x00 and a known good probe frame. The decoder must never throw, must deliver the probe
 * every time (it always resynchronises), and must never deliver anything but a frame that was
 * really sent: a mutated frame either arrives intact or not at all.
 */
class DecoderFuzzTest {
  private static final long ITERATIONS = Long.getLong("rapport.fuzz.iterations", 1_000_000L);
  private static final long SEED = Long.getLong("rapport.fuzz.seed", 20_260_101L);

  private static final List<byte[]> FRAMES = SampleFrames.oneOfEachType();

  /** Remembers the raw bytes of the frames it is given, without allocating. */
  private static final class LastFrameHandler implements FrameHandler {
    final byte[] last = new byte[Protocol.MAX_FRAME_LENGTH];
    int lastLength;
    long frames;

    private void take(Frame f) {
      frames++;
      lastLength = f.copyTo(last, 0);
    }

    @Override
    public void onHello(HelloFrame f) {
      take(f);
    }

    @Override
    public void onAccel(AccelFrame f) {
      take(f);
    }

    @Override
    public void onMicEnergy(MicEnergyFrame f) {
      take(f);
    }

    @Override
    public void onStatus(StatusFrame f) {
      take(f);
    }

    @Override
    public void onTimeSyncRequest(TimeSyncRequestFrame f) {
      take(f);
    }

    @Override
    public void onTimeSyncResponse(TimeSyncResponseFrame f) {
      take(f);
    }

    @Override
    public void onCommand(CommandFrame f) {
      take(f);
    }

    @Override
    public void onAck(AckFrame f) {
      take(f);
    }

    @Override
    public void onNack(NackFrame f) {
      take(f);
    }
  }

  @Test
  void shouldSurviveAMillionRandomAndMutatedInputsAndAlwaysResync() {
    final byte[][] raws = new byte[FRAMES.size()][];
    for (int i = 0; i < FRAMES.size(); i++) {
      final byte[] w = FRAMES.get(i);
      final byte[] raw = new byte[Protocol.MAX_FRAME_LENGTH];
      raws[i] = Arrays.copyOf(raw, Cobs.decode(w, 0, w.length - 1, raw, 0) - Protocol.CRC_LENGTH);
    }
    final SplittableRandom random = new SplittableRandom(SEED);
    final LastFrameHandler handler = new LastFrameHandler();
    final FrameDecoder decoder = new FrameDecoder(handler);
    final byte[] input = new byte[1024];
    final byte[] delimiter = {0};
    final long startNs = System.nanoTime();
    long bytes = 0;
    for (long iteration = 0; iteration < ITERATIONS; iteration++) {
      final int length = mutate(random, input);
      final long framesBefore = handler.frames;
      // Feed in random pieces, as transports do.
      for (int at = 0; at < length; ) {
        final int piece = Math.min(length - at, 1 + random.nextInt(64));
        decoder.onBytes(input, at, piece);
        at += piece;
      }
      if (handler.frames != framesBefore && !isSentFrame(handler, raws)) {
        throw new AssertionError(
            "delivered a frame nobody sent, iteration="
                + iteration
                + ", seed="
                + SEED
                + ", frame="
                + Hex.of(handler.last, 0, handler.lastLength));
      }
      final int probe = (int) (iteration % FRAMES.size());
      final byte[] wire = FRAMES.get(probe);
      decoder.onBytes(delimiter, 0, 1);
      decoder.onBytes(wire, 0, wire.length);
      if (handler.lastLength != raws[probe].length
          || !Arrays.equals(
              handler.last, 0, handler.lastLength, raws[probe], 0, raws[probe].length)) {
        throw new AssertionError(
            "probe frame not decoded after input, iteration="
                + iteration
                + ", seed="
                + SEED
                + ", input="
                + Hex.of(input, 0, length));
      }
      bytes += length + 1 + wire.length;
    }
    final double seconds = (System.nanoTime() - startNs) / 1e9;
    System.out.printf(
        "fuzz: %d inputs, %d bytes, %.1f s, %.1f MB/s, errors=%d (seed %d)%n",
        ITERATIONS, bytes, seconds, bytes / seconds / 1e6, decoder.counters().totalErrors(), SEED);
    assertThat(decoder.counters().bytesReceived()).isEqualTo(bytes);
    assertThat(decoder.counters().totalErrors()).isPositive();
  }

  private static boolean isSentFrame(LastFrameHandler handler, byte[][] raws) {
    for (byte[] raw : raws) {
      if (Arrays.equals(handler.last, 0, handler.lastLength, raw, 0, raw.length)) {
        return true;
      }
    }
    return false;
  }

  /** Writes one fuzz input into {@code out}; returns its length. */
  private static int mutate(SplittableRandom random, byte[] out) {
    switch (random.nextInt(6)) {
      case 0: // pure noise, zeros at their natural rate
        {
          final int n = random.nextInt(300);
          for (int i = 0; i < n; i++) {
            out[i] = (byte) random.nextInt(256);
          }
          return n;
        }
      case 1: // noise from a small alphabet rich in COBS codes and zeros
        {
          final int n = random.nextInt(300);
          for (int i = 0; i < n; i++) {
            final int r = random.nextInt(8);
            out[i] = (byte) (r == 0 ? 0 : r == 1 ? 0xFF : r == 2 ? 1 : random.nextInt(256));
          }
          return n;
        }
      case 2: // a real frame with 1 to 4 bits flipped
        {
          final int n = copyFrame(random, out, 0);
          for (int k = 1 + random.nextInt(4); k > 0; k--) {
            final int bit = random.nextInt(n * 8);
            out[bit / 8] ^= (byte) (1 << (bit % 8));
          }
          return n;
        }
      case 3: // a real frame truncated, or with one byte lost, or one byte inserted
        {
          int n = copyFrame(random, out, 0);
          final int at = random.nextInt(n);
          switch (random.nextInt(3)) {
            case 0:
              return at;
            case 1:
              System.arraycopy(out, at + 1, out, at, n - at - 1);
              return n - 1;
            default:
              System.arraycopy(out, at, out, at + 1, n - at);
              out[at] = (byte) random.nextInt(256);
              return n + 1;
          }
        }
      case 4: // several real frames, some delimiters lost
        {
          int n = 0;
          for (int k = 1 + random.nextInt(3); k > 0; k--) {
            n = copyFrame(random, out, n);
            if (random.nextInt(3) == 0) {
              n--; // drop its delimiter: it joins the next one
            }
          }
          return n;
        }
      default: // a real frame then noise without a delimiter, so the noise ends at our probe's 00
        {
          int n = copyFrame(random, out, 0);
          for (int k = random.nextInt(40); k > 0; k--) {
            out[n++] = (byte) (1 + random.nextInt(255));
          }
          return n;
        }
    }
  }

  private static int copyFrame(SplittableRandom random, byte[] out, int at) {
    final byte[] frame = FRAMES.get(random.nextInt(FRAMES.size()));
    System.arraycopy(frame, 0, out, at, frame.length);
    return at + frame.length;
  }
}
