package dev.rapport.badge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrameRoundTripTest {
  @Test
  void shouldDecodeEveryTypeTheEncoderWrites() {
    final CapturingFrameHandler handler = new CapturingFrameHandler();
    final FrameDecoder decoder = new FrameDecoder(handler);
    final List<byte[]> frames = SampleFrames.oneOfEachType();
    for (byte[] f : frames) {
      decoder.onBytes(f, 0, f.length);
    }
    assertThat(handler.errors).isEmpty();
    assertThat(handler.frames)
        .extracting(CapturedFrame::type)
        .containsExactly(
            FrameType.HELLO,
            FrameType.ACCEL,
            FrameType.MIC_ENERGY,
            FrameType.STATUS,
            FrameType.TIME_SYNC_REQUEST,
            FrameType.TIME_SYNC_RESPONSE,
            FrameType.COMMAND,
            FrameType.ACK,
            FrameType.NACK);
    assertThat(handler.frames.get(1).fieldMap())
        .containsEntry("x", "12,0,-32768")
        .containsEntry("y", "-40,0,32767")
        .containsEntry("z", "16390,16384,256")
        .containsEntry("seq", "8");
    assertThat(decoder.counters().framesDecoded(0x00a1)).isEqualTo(9);
  }
}
