package dev.rapport.badge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Byte positions after encoding: each field, written with a distinctive value, must appear at the
 * frame offset docs/protocol.md gives for it, least significant byte first. The offsets are typed
 * here from the doc's tables, not taken from the constants, so the doc and the code are checked
 * against each other.
 */
class FrameLayoutTest {
  private final FrameEncoder encoder = new FrameEncoder();

  @Test
  void shouldPlaceHeaderFieldsAtDocumentedOffsets() {
    encoder.status(0xB1A2, 0xC3D4, 0xE5F60718L);
    final byte[] raw = raw(encoder.finishToArray());
    assertThat(raw[0]).isEqualTo((byte) 1);
    assertThat(raw[1]).isEqualTo((byte) FrameType.STATUS);
    assertLe(raw, 2, 0xB1A2, 2);
    assertLe(raw, 4, 0xC3D4, 2);
    assertLe(raw, 6, 0xE5F60718L, 4);
    assertThat(Frame.PAYLOAD_OFFSET).isEqualTo(10);
  }

  @Test
  void shouldPlaceHelloFieldsAtDocumentedOffsets() {
    encoder
        .hello(1, 2, 3)
        .firmwareVersion(0x11, 0x12, 0x13)
        .hardwareRevision(0x14)
        .tickRateHz(0x15161718L)
        .accelRateMilliHz(0x191A1B1CL)
        .accelScaleNanoGPerLsb(0x1D1E1F20L)
        .micPeriodMs(0x2122)
        .accelRangeG(0x23)
        .capabilities(0x24);
    final byte[] raw = raw(encoder.finishToArray());
    assertLe(raw, 10, 0x11, 1);
    assertLe(raw, 11, 0x12, 1);
    assertLe(raw, 12, 0x13, 1);
    assertLe(raw, 13, 0x14, 1);
    assertLe(raw, 14, 0x15161718L, 4);
    assertLe(raw, 18, 0x191A1B1CL, 4);
    assertLe(raw, 22, 0x1D1E1F20L, 4);
    assertLe(raw, 26, 0x2122, 2);
    assertLe(raw, 28, 0x23, 1);
    assertLe(raw, 29, 0x24, 1);
    assertThat(raw.length).isEqualTo(30 + 4);
  }

  @Test
  void shouldPlaceAccelFieldsAtDocumentedOffsets() {
    encoder
        .accel(1, 2, 3)
        .firstSampleTick(0x11121314L)
        .sampleRateMilliHz(0x15161718L)
        .scaleNanoGPerLsb(0x191A1B1CL)
        .appendSample(0x2122, 0x2324, 0x2526)
        .appendSample(-2, -3, -4);
    final byte[] raw = raw(encoder.finishToArray());
    assertLe(raw, 10, 0x11121314L, 4);
    assertLe(raw, 14, 0x15161718L, 4);
    assertLe(raw, 18, 0x191A1B1CL, 4);
    assertLe(raw, 22, 2, 1);
    assertLe(raw, 23, 0x2122, 2);
    assertLe(raw, 25, 0x2324, 2);
    assertLe(raw, 27, 0x2526, 2);
    assertLe(raw, 29, 0xFFFE, 2);
    assertLe(raw, 31, 0xFFFD, 2);
    assertLe(raw, 33, 0xFFFC, 2);
    assertThat(raw.length).isEqualTo(35 + 4);
    assertThat(AccelFrame.MAX_SAMPLES).isEqualTo(37);
  }

  @Test
  void shouldPlaceMicEnergyFieldsAtDocumentedOffsets() {
    encoder
        .micEnergy(1, 2, 3)
        .firstPeriodTick(0x11121314L)
        .periodMs(0x1516)
        .appendLevel(0x0102)
        .appendLevel(0xFFFF);
    final byte[] raw = raw(encoder.finishToArray());
    assertLe(raw, 10, 0x11121314L, 4);
    assertLe(raw, 14, 0x1516, 2);
    assertLe(raw, 16, 2, 1);
    assertLe(raw, 17, 0x0102, 2);
    assertLe(raw, 19, 0xFFFF, 2);
    assertThat(raw.length).isEqualTo(21 + 4);
    assertThat(MicEnergyFrame.MAX_LEVELS).isEqualTo(116);
  }

  @Test
  void shouldPlaceStatusFieldsAtDocumentedOffsets() {
    encoder
        .status(1, 2, 3)
        .batteryMv(0x1112)
        .batteryPercent(0x13)
        .flags(0x14)
        .droppedAccelSamples(0x15161718L)
        .droppedMicPeriods(0x191A1B1CL);
    final byte[] raw = raw(encoder.finishToArray());
    assertLe(raw, 10, 0x1112, 2);
    assertLe(raw, 12, 0x13, 1);
    assertLe(raw, 13, 0x14, 1);
    assertLe(raw, 14, 0x15161718L, 4);
    assertLe(raw, 18, 0x191A1B1CL, 4);
    assertThat(raw.length).isEqualTo(22 + 4);
  }

  @Test
  void shouldPlaceTimeSyncFieldsAtDocumentedOffsets() {
    encoder.timeSyncRequest(1, 2, 0).correlationId(0x11121314L);
    byte[] raw = raw(encoder.finishToArray());
    assertLe(raw, 10, 0x11121314L, 4);
    assertThat(raw.length).isEqualTo(14 + 4);

    encoder
        .timeSyncResponse(1, 2, 3)
        .correlationId(0x11121314L)
        .receiveTick(0x15161718L)
        .sendTick(0x191A1B1CL);
    raw = raw(encoder.finishToArray());
    assertLe(raw, 10, 0x11121314L, 4);
    assertLe(raw, 14, 0x15161718L, 4);
    assertLe(raw, 18, 0x191A1B1CL, 4);
    assertThat(raw.length).isEqualTo(22 + 4);
  }

  @Test
  void shouldPlaceCommandArgumentsAtDocumentedOffsets() {
    encoder.command(1, 2, 0).correlationId(0x11121314L).setAccel(0x15161718L, 0x19);
    byte[] raw = raw(encoder.finishToArray());
    assertLe(raw, 10, 0x11121314L, 4);
    assertLe(raw, 14, CommandOpcode.SET_ACCEL, 1);
    assertLe(raw, 15, 0x15161718L, 4);
    assertLe(raw, 19, 0x19, 1);
    assertThat(raw.length).isEqualTo(20 + 4);

    encoder.command(1, 2, 0).correlationId(1).syncTime(0x0102030405060708L);
    raw = raw(encoder.finishToArray());
    assertLe(raw, 15, 0x05060708L, 4);
    assertLe(raw, 19, 0x01020304L, 4);
    assertThat(raw.length).isEqualTo(23 + 4);

    encoder.command(1, 2, 0).correlationId(1).requestHello();
    assertThat(raw(encoder.finishToArray()).length).isEqualTo(15 + 4);
  }

  @Test
  void shouldPlaceAckAndNackFieldsAtDocumentedOffsets() {
    encoder.ack(1, 2, 3).reply(0x11121314L, 0x15, ReplyCode.ACK_DUPLICATE);
    byte[] raw = raw(encoder.finishToArray());
    assertThat(raw[1]).isEqualTo((byte) FrameType.ACK);
    assertLe(raw, 10, 0x11121314L, 4);
    assertLe(raw, 14, 0x15, 1);
    assertLe(raw, 15, ReplyCode.ACK_DUPLICATE, 1);

    encoder.nack(1, 2, 3).reply(0x11121314L, 0x15, ReplyCode.NACK_INTERNAL_ERROR);
    raw = raw(encoder.finishToArray());
    assertThat(raw[1]).isEqualTo((byte) FrameType.NACK);
    assertLe(raw, 15, 0xFF, 1);
    assertThat(raw.length).isEqualTo(16 + 4);
  }

  @Test
  void shouldAppendCrcLittleEndianAfterThePayload() {
    encoder.timeSyncRequest(7, 8, 0).correlationId(9);
    final byte[] raw = raw(encoder.finishToArray());
    final int crc = Crc32c.compute(raw, 0, raw.length - 4);
    assertLe(raw, raw.length - 4, crc & 0xFFFF_FFFFL, 4);
  }

  private static byte[] raw(byte[] wire) {
    assertThat(wire[wire.length - 1]).as("delimiter").isZero();
    final byte[] raw = new byte[Protocol.MAX_FRAME_LENGTH];
    final int n = Cobs.decode(wire, 0, wire.length - 1, raw, 0);
    return java.util.Arrays.copyOf(raw, n);
  }

  private static void assertLe(byte[] raw, int offset, long value, int size) {
    for (int i = 0; i < size; i++) {
      assertThat(raw[offset + i] & 0xFF)
          .as("byte %d of the %d-byte field at frame offset %d", i, size, offset)
          .isEqualTo((int) ((value >>> (8 * i)) & 0xFF));
    }
  }
}
