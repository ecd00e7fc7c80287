package dev.rapport.badge.protocol;

import static dev.rapport.badge.protocol.LittleEndian.i16;
import static dev.rapport.badge.protocol.LittleEndian.putU16;
import static dev.rapport.badge.protocol.LittleEndian.putU32;
import static dev.rapport.badge.protocol.LittleEndian.putU8;
import static dev.rapport.badge.protocol.LittleEndian.u32;
import static dev.rapport.badge.protocol.LittleEndian.u8;

/**
 * ACCEL (type 0x02, badge to host): a batch of consecutive 3-axis accelerometer samples. Every
 * batch carries its own first-sample tick, rate and scale, so it can be read without the HELLO and
 * a lost batch never corrupts the next.
 *
 * <pre>
 * frame offset: 10            14           18          22     23      25      27      29      31
 *               +-------------+------------+-----------+------+-------+-------+-------+-------+--
 *               |first sample |sample rate |scale      |count |x[0]   |y[0]   |z[0]   |x[1]   | ..
 *               |tick         |milli-Hz    |nano-g/LSB |u8    |i16 LE |i16 LE |i16 LE |i16 LE |
 *               |u32 LE       |u32 LE      |u32 LE     |      |       |       |       |       |
 *               +-------------+------------+-----------+------+-------+-------+-------+-------+--
 * </pre>
 *
 * Payload exactly {@code 13 + 6 * sampleCount} bytes, sampleCount 1..37. Sample {@code i} was taken
 * at tick {@code firstSampleTick + i * tickRateHz * 1000 / sampleRateMilliHz} (nominal; the host's
 * clock alignment corrects drift). Acceleration in g = raw * scale / 1e9.
 */
public final class AccelFrame extends Frame {
  public static final int FIRST_SAMPLE_TICK_OFFSET = PAYLOAD_OFFSET;
  public static final int SAMPLE_RATE_MILLI_HZ_OFFSET = FIRST_SAMPLE_TICK_OFFSET + 4;
  public static final int SCALE_NANO_G_OFFSET = SAMPLE_RATE_MILLI_HZ_OFFSET + 4;
  public static final int SAMPLE_COUNT_OFFSET = SCALE_NANO_G_OFFSET + 4;
  public static final int SAMPLES_OFFSET = SAMPLE_COUNT_OFFSET + 1;
  public static final int SAMPLE_X_OFFSET = 0;
  public static final int SAMPLE_Y_OFFSET = SAMPLE_X_OFFSET + 2;
  public static final int SAMPLE_Z_OFFSET = SAMPLE_Y_OFFSET + 2;
  public static final int SAMPLE_LENGTH = SAMPLE_Z_OFFSET + 2;
  public static final int FIXED_PAYLOAD_LENGTH = SAMPLES_OFFSET - PAYLOAD_OFFSET;
  public static final int MAX_SAMPLES =
      (Protocol.MAX_PAYLOAD_LENGTH - FIXED_PAYLOAD_LENGTH) / SAMPLE_LENGTH;

  private static final long NANO_G_PER_MILLI_G = 1_000_000L;

  @Override
  public int frameType() {
    return FrameType.ACCEL;
  }

  @Override
  public boolean hasValidLength() {
    if (payloadLength() < FIXED_PAYLOAD_LENGTH) {
      return false;
    }
    final int count = sampleCount();
    return count >= 1
        && count <= MAX_SAMPLES
        && payloadLength() == FIXED_PAYLOAD_LENGTH + count * SAMPLE_LENGTH;
  }

  public long firstSampleTick() {
    return u32(buffer, offset + FIRST_SAMPLE_TICK_OFFSET);
  }

  public long sampleRateMilliHz() {
    return u32(buffer, offset + SAMPLE_RATE_MILLI_HZ_OFFSET);
  }

  public long scaleNanoGPerLsb() {
    return u32(buffer, offset + SCALE_NANO_G_OFFSET);
  }

  public int sampleCount() {
    return u8(buffer, offset + SAMPLE_COUNT_OFFSET);
  }

  /** Raw x of sample {@code index} (0-based), in LSB; see {@link #scaleNanoGPerLsb()}. */
  public int x(int index) {
    return i16(buffer, offset + SAMPLES_OFFSET + index * SAMPLE_LENGTH + SAMPLE_X_OFFSET);
  }

  public int y(int index) {
    return i16(buffer, offset + SAMPLES_OFFSET + index * SAMPLE_LENGTH + SAMPLE_Y_OFFSET);
  }

  public int z(int index) {
    return i16(buffer, offset + SAMPLES_OFFSET + index * SAMPLE_LENGTH + SAMPLE_Z_OFFSET);
  }

  public int xMg(int index) {
    return toMilliG(x(index), scaleNanoGPerLsb());
  }

  public int yMg(int index) {
    return toMilliG(y(index), scaleNanoGPerLsb());
  }

  public int zMg(int index) {
    return toMilliG(z(index), scaleNanoGPerLsb());
  }

  /**
   * Converts a raw sample to milli-g exactly as docs/protocol.md specifies: {@code raw * scale} is
   * exact in nano-g (fits a long), then divided by 10^6 rounding half away from zero, so every host
   * and every replay gets the same integer.
   */
  public static int toMilliG(int raw, long scaleNanoGPerLsb) {
    final long nanoG = raw * scaleNanoGPerLsb;
    final long half = NANO_G_PER_MILLI_G / 2;
    return (int)
        (nanoG >= 0
            ? (nanoG + half) / NANO_G_PER_MILLI_G
            : -((-nanoG + half) / NANO_G_PER_MILLI_G));
  }

  public AccelFrame firstSampleTick(long firstSampleTick) {
    checkU32("firstSampleTick", firstSampleTick);
    putU32(buffer, offset + FIRST_SAMPLE_TICK_OFFSET, firstSampleTick);
    return this;
  }

  public AccelFrame sampleRateMilliHz(long sampleRateMilliHz) {
    checkU32("sampleRateMilliHz", sampleRateMilliHz);
    putU32(buffer, offset + SAMPLE_RATE_MILLI_HZ_OFFSET, sampleRateMilliHz);
    return this;
  }

  public AccelFrame scaleNanoGPerLsb(long scaleNanoGPerLsb) {
    checkU32("scaleNanoGPerLsb", scaleNanoGPerLsb);
    putU32(buffer, offset + SCALE_NANO_G_OFFSET, scaleNanoGPerLsb);
    return this;
  }

  /** Appends one sample (raw int16 per axis) to the batch being encoded. */
  public AccelFrame appendSample(int x, int y, int z) {
    final int count = sampleCount();
    if (count >= MAX_SAMPLES) {
      throw new IllegalStateException("ACCEL batch full, sampleCount=" + count);
    }
    checkI16("x", x);
    checkI16("y", y);
    checkI16("z", z);
    final int at = offset + SAMPLES_OFFSET + count * SAMPLE_LENGTH;
    putU16(buffer, at + SAMPLE_X_OFFSET, x);
    putU16(buffer, at + SAMPLE_Y_OFFSET, y);
    putU16(buffer, at + SAMPLE_Z_OFFSET, z);
    putU8(buffer, offset + SAMPLE_COUNT_OFFSET, count + 1);
    setLength(SAMPLES_OFFSET + (count + 1) * SAMPLE_LENGTH);
    return this;
  }

  @Override
  public void appendFields(StringBuilder sb) {
    super.appendFields(sb);
    sb.append(" first_sample_tick=").append(firstSampleTick());
    sb.append(" sample_rate_millihz=").append(sampleRateMilliHz());
    sb.append(" scale_nano_g=").append(scaleNanoGPerLsb());
    sb.append(" sample_count=").append(sampleCount());
    final int n = sampleCount();
    sb.append(" x=");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append(x(i));
    }
    sb.append(" y=");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append(y(i));
    }
    sb.append(" z=");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append(z(i));
    }
  }
}
