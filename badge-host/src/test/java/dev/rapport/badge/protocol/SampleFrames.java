package dev.rapport.badge.protocol;

import java.util.List;

/**
 * One realistic wire frame of every type, for tests that need "a stream of valid frames". Shipped
 * in the test-jar.
 */
public final class SampleFrames {
  private SampleFrames() {}

  /** Wire bytes (COBS + delimiter) of one frame per type, badge 0x00a1, sequence 7.. upwards. */
  public static List<byte[]> oneOfEachType() {
    final FrameEncoder e = new FrameEncoder();
    final int badge = 0x00a1;
    e.hello(badge, 7, 1000)
        .firmwareVersion(1, 2, 3)
        .hardwareRevision(2)
        .tickRateHz(32768)
        .accelRateMilliHz(25_000)
        .accelScaleNanoGPerLsb(61_000)
        .micPeriodMs(40)
        .accelRangeG(2)
        .capabilities(0x0F);
    final byte[] hello = e.finishToArray();
    e.accel(badge, 8, 2000)
        .firstSampleTick(1500)
        .sampleRateMilliHz(25_000)
        .scaleNanoGPerLsb(61_000)
        .appendSample(12, -40, 16_390)
        .appendSample(0, 0, 16_384)
        .appendSample(-32768, 32767, 256);
    final byte[] accel = e.finishToArray();
    e.micEnergy(badge, 9, 3000).firstPeriodTick(2500).periodMs(40).appendLevel(0).appendLevel(4512);
    final byte[] mic = e.finishToArray();
    e.status(badge, 10, 4000)
        .batteryMv(3917)
        .batteryPercent(81)
        .flags(StatusFrame.FLAG_ACCEL_STREAMING | StatusFrame.FLAG_MIC_STREAMING)
        .droppedAccelSamples(3)
        .droppedMicPeriods(0);
    final byte[] status = e.finishToArray();
    e.timeSyncRequest(badge, 500, 0).correlationId(77);
    final byte[] syncRequest = e.finishToArray();
    e.timeSyncResponse(badge, 11, 5003).correlationId(77).receiveTick(5000).sendTick(5003);
    final byte[] syncResponse = e.finishToArray();
    e.command(badge, 501, 0).correlationId(78).startStreaming(CommandOpcode.STREAM_ACCEL);
    final byte[] command = e.finishToArray();
    e.ack(badge, 12, 6000).reply(78, CommandOpcode.START_STREAMING, ReplyCode.ACK_DONE);
    final byte[] ack = e.finishToArray();
    e.nack(badge, 13, 6100).reply(79, 0x42, ReplyCode.NACK_UNKNOWN_OPCODE);
    final byte[] nack = e.finishToArray();
    return List.of(hello, accel, mic, status, syncRequest, syncResponse, command, ack, nack);
  }

  /** All of {@link #oneOfEachType()} joined into one byte stream. */
  public static byte[] joined(List<byte[]> frames) {
    int total = 0;
    for (byte[] f : frames) {
      total += f.length;
    }
    final byte[] all = new byte[total];
    int at = 0;
    for (byte[] f : frames) {
      System.arraycopy(f, 0, all, at, f.length);
      at += f.length;
    }
    return all;
  }
}
