package dev.rapport.gateway.bench;

import dev.rapport.badge.protocol.AccelFrame;
import dev.rapport.badge.protocol.Crc32c;
import dev.rapport.badge.protocol.FrameDecoder;
import dev.rapport.badge.protocol.FrameEncoder;
import dev.rapport.badge.protocol.FrameHandler;
import dev.rapport.badge.protocol.MicEnergyFrame;
import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The wire decoder against the least any decoder must do with the same bytes, in the same run: one
 * JDK CRC-32C pass (hardware-assisted) and one pass of the protocol's table CRC over the whole
 * stream. The stream is what a badge sends: ACCEL batches of 10 samples and MIC_ENERGY frames of 10
 * levels, 64 badges interleaved. An operation is one frame; JMH reports ns per frame, and bytes per
 * second follow from {@link #STREAM_FRAMES} and the stream length the setup prints.
 *
 * <pre>
 * java -cp gateway/target/rapport.jar org.openjdk.jmh.Main FrameDecoderBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameDecoderBenchmark {
  /** Frames in the stream: one operation of the benchmark methods each. */
  static final int STREAM_FRAMES = 4096;

  private static final int BADGES = 64;

  private byte[] stream;
  private FrameDecoder decoder;
  private final SummingHandler handler = new SummingHandler();
  private final CRC32C jdkCrc = new CRC32C();

  /** Reads every sample so the JIT cannot drop the decoding, as the gateway's intake does. */
  static final class SummingHandler implements FrameHandler {
    long sum;

    @Override
    public void onAccel(AccelFrame f) {
      for (int i = 0; i < f.sampleCount(); i++) {
        sum += f.x(i) + f.y(i) + f.z(i);
      }
    }

    @Override
    public void onMicEnergy(MicEnergyFrame f) {
      for (int i = 0; i < f.count(); i++) {
        sum += f.levelCentiDb(i);
      }
    }
  }

  @Setup
  public void setUp() {
    stream = stream(STREAM_FRAMES, 1);
    decoder = new FrameDecoder(handler);
    System.out.printf(
        "%nstream: %d frames, %d bytes (%.1f bytes per frame)%n",
        STREAM_FRAMES, stream.length, stream.length / (double) STREAM_FRAMES);
  }

  /** A badge-like stream: per badge, ACCEL and MIC_ENERGY frames alternate. */
  static byte[] stream(int frames, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    FrameEncoder encoder = new FrameEncoder();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < frames; i++) {
      int badge = 1 + i % BADGES;
      int sequence = i / BADGES;
      long tick = 32_768L * sequence / 5;
      if ((sequence & 1) == 0) {
        AccelFrame accel =
            encoder
                .accel(badge, sequence, tick)
                .firstSampleTick(tick)
                .sampleRateMilliHz(50_000)
                .scaleNanoGPerLsb(1_000_000);
        for (int s = 0; s < 10; s++) {
          accel.appendSample(
              random.nextInt(-300, 300), random.nextInt(-300, 300), random.nextInt(700, 1300));
        }
      } else {
        MicEnergyFrame mic = encoder.micEnergy(badge, sequence, tick);
        for (int s = 0; s < 10; s++) {
          mic.appendLevel(random.nextInt(0, 9000));
        }
      }
      out.writeBytes(encoder.finishToArray());
    }
    return out.toByteArray();
  }

  @Benchmark
  @OperationsPerInvocation(STREAM_FRAMES)
  public long decode() {
    decoder.onBytes(stream, 0, stream.length);
    return handler.sum;
  }

  /** Baseline: the JDK's intrinsic CRC-32C over the same bytes, nothing else. */
  @Benchmark
  @OperationsPerInvocation(STREAM_FRAMES)
  public long jdkCrc32cOnly() {
    jdkCrc.reset();
    jdkCrc.update(stream, 0, stream.length);
    return jdkCrc.getValue();
  }

  /**
   * Baseline: the protocol's table CRC-32C (the one the decoder and firmware use) over the bytes.
   */
  @Benchmark
  @OperationsPerInvocation(STREAM_FRAMES)
  public int tableCrc32cOnly() {
    return Crc32c.compute(stream, 0, stream.length);
  }
}
