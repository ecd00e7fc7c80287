package dev.rapport.badge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Caller mistakes are refused loudly, naming the field and its value; nothing half-built leaks. */
class FrameEncoderTest {
  private final FrameEncoder encoder = new FrameEncoder();

  @Test
  void shouldRefuseHeaderValuesOutOfRangeNamingTheField() {
    assertThatThrownBy(() -> encoder.status(0x10000, 0, 0)).hasMessageContaining("badgeId=65536");
    assertThatThrownBy(() -> encoder.status(1, -1, 0)).hasMessageContaining("sequence=-1");
    assertThatThrownBy(() -> encoder.status(1, 0, 1L << 32))
        .hasMessageContaining("tick=4294967296");
  }

  @Test
  void shouldRefusePayloadValuesOutOfRangeNamingTheField() {
    assertThatThrownBy(() -> encoder.accel(1, 0, 0).appendSample(40_000, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x=40000");
    assertThatThrownBy(() -> encoder.status(1, 0, 0).batteryPercent(101))
        .hasMessageContaining("batteryPercent=101");
    assertThatThrownBy(() -> encoder.micEnergy(1, 0, 0).appendLevel(9032))
        .hasMessageContaining("levelCentiDb=9032");
    assertThatThrownBy(() -> encoder.hello(1, 0, 0).micPeriodMs(70_000))
        .hasMessageContaining("micPeriodMs=70000");
  }

  @Test
  void shouldRefuseABatchBeyondTheMaximumFrame() {
    final AccelFrame accel = encoder.accel(1, 0, 0);
    for (int i = 0; i < AccelFrame.MAX_SAMPLES; i++) {
      accel.appendSample(i, i, i);
    }
    assertThatThrownBy(() -> accel.appendSample(0, 0, 0)).hasMessageContaining("sampleCount=37");
    final byte[] wire = encoder.finishToArray();
    assertThat(wire.length).isLessThanOrEqualTo(Protocol.MAX_WIRE_LENGTH);

    final MicEnergyFrame mic = encoder.micEnergy(1, 0, 0);
    for (int i = 0; i < MicEnergyFrame.MAX_LEVELS; i++) {
      mic.appendLevel(i);
    }
    assertThatThrownBy(() -> mic.appendLevel(0)).hasMessageContaining("count=116");
  }

  @Test
  void shouldRefuseToFinishAnEmptyBatchOrNothing() {
    encoder.accel(1, 0, 0);
    assertThatThrownBy(() -> encoder.finish(new byte[300], 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("frameType=ACCEL");
    encoder.status(1, 0, 0);
    encoder.finishToArray();
    assertThatThrownBy(encoder::finishToArray).hasMessageContaining("no frame started");
  }

  @Test
  void shouldRefuseADestinationThatIsTooSmall() {
    encoder.status(1, 0, 0);
    assertThatThrownBy(() -> encoder.finish(new byte[10], 0)).hasMessageContaining("needed=");
  }

  @Test
  void shouldRefuseExtensionsOnBatchesAndBeyondTheMaximum() {
    encoder.accel(1, 0, 0).appendSample(1, 2, 3);
    assertThatThrownBy(() -> encoder.appendExtension(new byte[1], 0, 1))
        .hasMessageContaining("frameType=ACCEL");
    encoder.status(1, 0, 0);
    assertThatThrownBy(() -> encoder.appendExtension(new byte[300], 0, 300))
        .hasMessageContaining("length=300");
  }

  @Test
  void shouldNotCarryBytesOfThePreviousFrameIntoTheNext() {
    encoder
        .status(1, 0, 0)
        .batteryMv(0xFFFF)
        .batteryPercent(255)
        .flags(0xFF)
        .droppedAccelSamples(0xFFFF_FFFFL)
        .droppedMicPeriods(0xFFFF_FFFFL);
    encoder.finishToArray();
    encoder.status(1, 0, 0).batteryMv(3700); // fields not set must read 0, not the old values
    final FrameEncoder fresh = new FrameEncoder();
    fresh.status(1, 0, 0).batteryMv(3700);
    assertThat(encoder.finishToArray()).isEqualTo(fresh.finishToArray());
  }

  @Test
  void shouldWriteIntoHeapAndDirectByteBuffersAtTheirPosition() {
    encoder.status(1, 2, 3).batteryMv(3700);
    final byte[] expected = encoder.finishToArray();
    for (ByteBuffer buffer :
        new ByteBuffer[] {ByteBuffer.allocate(300), ByteBuffer.allocateDirect(300)}) {
      buffer.position(5);
      encoder.status(1, 2, 3).batteryMv(3700);
      assertThat(encoder.finish(buffer)).isEqualTo(expected.length);
      assertThat(buffer.position()).isEqualTo(5 + expected.length);
      final byte[] written = new byte[expected.length];
      buffer.position(5);
      buffer.get(written);
      assertThat(written).isEqualTo(expected);
    }
  }
}
