package dev.rapport.badge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Steady state allocates nothing: the decoder runs for every byte of every badge on a Raspberry Pi,
 * so garbage per frame would become GC pauses in the engine. Measured with the JVM's per-thread
 * allocation counter around thousands of frames, after a warm-up that lets the JIT compile the loop
 * and lets the per-badge table see every badge once.
 */
class DecoderAllocationTest {
  private static final int FRAMES_MEASURED = 20_000;

  /** Reads every field so the JIT cannot drop the work, and allocates nothing itself. */
  private static final class SummingHandler implements FrameHandler {
    long sum;

    @Override
    public void onHello(HelloFrame f) {
      sum += f.tickRateHz() + f.accelScaleNanoGPerLsb() + f.micPeriodMs();
    }

    @Override
    public void onAccel(AccelFrame f) {
      for (int i = 0; i < f.sampleCount(); i++) {
        sum += f.xMg(i) + f.yMg(i) + f.zMg(i);
      }
    }

    @Override
    public void onMicEnergy(MicEnergyFrame f) {
      for (int i = 0; i < f.count(); i++) {
        sum += f.levelCentiDb(i);
      }
    }

    @Override
    public void onStatus(StatusFrame f) {
      sum += f.batteryMv() + f.droppedAccelSamples();
    }

    @Override
    public void onTimeSyncRequest(TimeSyncRequestFrame f) {
      sum += f.correlationId();
    }

    @Override
    public void onTimeSyncResponse(TimeSyncResponseFrame f) {
      sum += f.receiveTick() + f.sendTick();
    }

    @Override
    public void onCommand(CommandFrame f) {
      sum += f.opcode() + f.correlationId();
    }

    @Override
    public void onAck(AckFrame f) {
      sum += f.status();
    }

    @Override
    public void onNack(NackFrame f) {
      sum += f.reason();
    }

    @Override
    public void onDecodeError(DecodeError error, int badgeId) {
      sum += error.ordinal();
    }
  }

  @Test
  void shouldAllocateNothingWhileDecodingInSteadyState() {
    final List<byte[]> frames = SampleFrames.oneOfEachType();
    final byte[] stream = SampleFrames.joined(frames);
    // Include damage, so error paths are measured too: a corrupt frame and some noise.
    final byte[] damaged = frames.get(1).clone();
    damaged[5] ^= 0x40;
    final byte[] noise = {0x12, 0x34, 0x56, 0x00};
    final SummingHandler handler = new SummingHandler();
    final FrameDecoder decoder = new FrameDecoder(handler);

    final int rounds = FRAMES_MEASURED / frames.size();
    decode(decoder, stream, damaged, noise, rounds * 3); // warm-up
    final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    final long framesBefore = decoder.counters().framesDecoded();
    final long before = threads.getCurrentThreadAllocatedBytes();
    final long calibration = threads.getCurrentThreadAllocatedBytes() - before;
    final long start = threads.getCurrentThreadAllocatedBytes();
    decode(decoder, stream, damaged, noise, rounds);
    final long allocated = threads.getCurrentThreadAllocatedBytes() - start - calibration;

    assertThat(decoder.counters().framesDecoded() - framesBefore)
        .isEqualTo((long) rounds * 4 * frames.size());
    assertThat(handler.sum).isNotZero();
    assertThat(allocated)
        .as("bytes allocated decoding %d frames", rounds * 4 * frames.size())
        .isLessThanOrEqualTo(0);
  }

  @Test
  void shouldAllocateNothingWhileEncodingInSteadyState() {
    final FrameEncoder encoder = new FrameEncoder();
    final byte[] wire = new byte[Protocol.MAX_WIRE_LENGTH];
    encodeBatches(encoder, wire, 50_000);
    final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    final long start = threads.getCurrentThreadAllocatedBytes();
    final long written = encodeBatches(encoder, wire, FRAMES_MEASURED);
    final long allocated = threads.getCurrentThreadAllocatedBytes() - start;
    assertThat(written).isGreaterThan(FRAMES_MEASURED * 30L);
    assertThat(allocated).as("bytes allocated encoding").isLessThanOrEqualTo(0);
  }

  private static long encodeBatches(FrameEncoder encoder, byte[] wire, int frames) {
    long written = 0;
    for (int i = 0; i < frames; i++) {
      final AccelFrame a =
          encoder
              .accel(0x00a1, i & 0xFFFF, i)
              .firstSampleTick(i)
              .sampleRateMilliHz(25_000)
              .scaleNanoGPerLsb(61_000);
      for (int s = 0; s < 5; s++) {
        a.appendSample(i & 0x7FFF, -s, 16_384);
      }
      written += encoder.finish(wire, 0);
    }
    return written;
  }

  private static void decode(
      FrameDecoder decoder, byte[] stream, byte[] damaged, byte[] noise, int rounds) {
    for (int r = 0; r < rounds; r++) {
      decoder.onBytes(stream, 0, stream.length);
      decoder.onBytes(damaged, 0, damaged.length);
      decoder.onBytes(noise, 0, noise.length);
      // The same stream cut as BLE notifications of 20 bytes.
      for (int at = 0; at < stream.length; at += 20) {
        decoder.onBytes(stream, at, Math.min(20, stream.length - at));
      }
      for (int b = 0; b < stream.length; b++) {
        decoder.onBytes(stream, b, 1);
      }
      decoder.onBytes(stream, 0, stream.length);
    }
  }
}
