package dev.rapport.badge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Two frames written out byte by byte from docs/protocol.md, so a reader can check the spec against
 * the code by eye: the same bytes as the vectors frame.status and frame.command_identify.
 */
class GoldenBytesTest {
  private static final byte[] STATUS_ON_THE_WIRE = {
    0x04, // COBS code: 3 data bytes, then an implied 00
    0x01, // version 1
    0x04, // type STATUS
    (byte) 0xa1, // badge id low byte   (0x00a1 LE; its high byte 00 is the implied zero)
    0x02, // COBS code: 1 data byte, then 00
    0x08, // sequence low byte      (8 LE; high byte 00 implied)
    0x01, // COBS code: 0 data bytes, then 00 -> tick byte 0 = 00
    0x01, // COBS code: 00                    -> tick byte 1 = 00
    0x02, // COBS code: 1 data byte, then 00
    0x05, // tick byte 2 = 05               (tick 0x00050000 = 327680 LE; byte 3 = 00 implied)
    0x06, // COBS code: 5 data bytes, then 00
    0x4d, // battery_mv low byte    (3917 = 0x0f4d LE)
    0x0f, // battery_mv high byte
    0x51, // battery_percent 81
    0x03, // flags: accel streaming | mic streaming
    0x03, // dropped_accel_samples byte 0 (3 LE; byte 1 = 00 implied)
    0x01, // COBS: dropped_accel_samples byte 2 = 00
    0x01, // COBS: dropped_accel_samples byte 3 = 00
    0x01, // COBS: dropped_mic_periods byte 0 = 00
    0x01, // COBS: dropped_mic_periods byte 1 = 00
    0x01, // COBS: dropped_mic_periods byte 2 = 00
    0x01, // COBS: dropped_mic_periods byte 3 = 00
    0x05, // COBS code: 4 data bytes, last block (no implied zero)
    (byte) 0xdc, // CRC-32C 0xdce63adc, LE byte 0
    0x3a, // CRC byte 1
    (byte) 0xe6, // CRC byte 2
    (byte) 0xdc, // CRC byte 3
    0x00, // delimiter
  };

  private static final byte[] IDENTIFY_ON_THE_WIRE = {
    0x04, // COBS code: 3 data bytes, then 00
    0x01, // version 1
    (byte) 0x82, // type COMMAND (bit 7: host to badge)
    (byte) 0xa1, // target badge id 0x00a1, low byte (high byte 00 implied)
    0x03, // COBS code: 2 data bytes, then 00
    (byte) 0xed, // host sequence 1005 = 0x03ed, low byte
    0x03, // host sequence high byte    (tick byte 0 = 00 implied: host frames carry tick 0)
    0x01, // COBS: tick byte 1 = 00
    0x01, // COBS: tick byte 2 = 00
    0x01, // COBS: tick byte 3 = 00
    0x02, // COBS code: 1 data byte, then 00
    0x05, // correlation id 5, byte 0 (LE; byte 1 = 00 implied)
    0x01, // COBS: correlation id byte 2 = 00
    0x01, // COBS: correlation id byte 3 = 00
    0x08, // COBS code: 7 data bytes, last block
    0x05, // opcode IDENTIFY
    (byte) 0xb8, // duration_ms 3000 = 0x0bb8, low byte
    0x0b, // duration_ms high byte
    (byte) 0xe3, // CRC-32C 0x299f26e3, LE byte 0
    0x26, // CRC byte 1
    (byte) 0x9f, // CRC byte 2
    0x29, // CRC byte 3
    0x00, // delimiter
  };

  @Test
  void shouldEncodeStatusToTheDocumentedBytes() {
    final FrameEncoder encoder = new FrameEncoder();
    encoder
        .status(0x00a1, 8, 327_680)
        .batteryMv(3917)
        .batteryPercent(81)
        .flags(StatusFrame.FLAG_ACCEL_STREAMING | StatusFrame.FLAG_MIC_STREAMING)
        .droppedAccelSamples(3)
        .droppedMicPeriods(0);
    assertThat(encoder.finishToArray()).isEqualTo(STATUS_ON_THE_WIRE);
  }

  @Test
  void shouldDecodeStatusFromTheDocumentedBytes() {
    final StatusFrame[] seen = new StatusFrame[1];
    final int[] battery = new int[1];
    final FrameDecoder decoder =
        new FrameDecoder(
            new FrameHandler() {
              @Override
              public void onStatus(StatusFrame frame) {
                seen[0] = frame;
                battery[0] = frame.batteryMv();
                assertThat(frame.badgeId()).isEqualTo(0x00a1);
                assertThat(frame.sequence()).isEqualTo(8);
                assertThat(frame.tick()).isEqualTo(327_680);
                assertThat(frame.batteryPercent()).isEqualTo(81);
                assertThat(frame.flags()).isEqualTo(3);
                assertThat(frame.droppedAccelSamples()).isEqualTo(3);
                assertThat(frame.droppedMicPeriods()).isZero();
              }
            });
    decoder.onBytes(STATUS_ON_THE_WIRE, 0, STATUS_ON_THE_WIRE.length);
    assertThat(seen[0]).isNotNull();
    assertThat(battery[0]).isEqualTo(3917);
  }

  @Test
  void shouldEncodeAndDecodeIdentifyAsDocumented() {
    final FrameEncoder encoder = new FrameEncoder();
    encoder.command(0x00a1, 1005, 0).correlationId(5).identify(3000);
    assertThat(encoder.finishToArray()).isEqualTo(IDENTIFY_ON_THE_WIRE);

    final long[] decoded = new long[4];
    new FrameDecoder(
            new FrameHandler() {
              @Override
              public void onCommand(CommandFrame frame) {
                decoded[0] = frame.correlationId();
                decoded[1] = frame.opcode();
                decoded[2] = frame.identifyDurationMs();
                decoded[3] = frame.hasValidArguments() ? 1 : 0;
              }
            })
        .onBytes(IDENTIFY_ON_THE_WIRE, 0, IDENTIFY_ON_THE_WIRE.length);
    assertThat(decoded).containsExactly(5, CommandOpcode.IDENTIFY, 3000, 1);
  }

  @Test
  void shouldMatchTheCrcBytesToAnIndependentComputation() {
    // The CRC bytes in the arrays above came from a separate bitwise implementation (the C code in
    // docs/protocol.md); recompute them here from the raw frames with the table-driven one.
    final byte[] raw = new byte[64];
    final int n = Cobs.decode(STATUS_ON_THE_WIRE, 0, STATUS_ON_THE_WIRE.length - 1, raw, 0);
    assertThat(n).isEqualTo(Frame.HEADER_LENGTH + StatusFrame.PAYLOAD_LENGTH + 4);
    assertThat(Crc32c.compute(raw, 0, n - 4)).isEqualTo(0xdce63adc);
    assertThat(bitwiseCrc32c(raw, n - 4)).isEqualTo(0xdce63adc);
  }

  private static int bitwiseCrc32c(byte[] p, int length) {
    int crc = 0xFFFFFFFF;
    for (int i = 0; i < length; i++) {
      crc ^= p[i] & 0xFF;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
      }
    }
    return ~crc;
  }
}
