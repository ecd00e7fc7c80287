package dev.rapport.badge.protocol;

import static dev.rapport.badge.protocol.LittleEndian.putU16;
import static dev.rapport.badge.protocol.LittleEndian.putU32;
import static dev.rapport.badge.protocol.LittleEndian.putU8;
import static dev.rapport.badge.protocol.LittleEndian.u16;
import static dev.rapport.badge.protocol.LittleEndian.u32;
import static dev.rapport.badge.protocol.LittleEndian.u8;

/**
 * HELLO (type 0x01, badge to host): sent at boot, on (re)connection and on REQUEST_HELLO. Tells the
 * host what the badge is and how to read its data; a HELLO also marks a badge reboot, after which
 * ticks and sequence numbers restart.
 *
 * <pre>
 * frame offset: 10     11     12     13   14         18          22
 *               +------+------+------+----+----------+-----------+
 *               |fw    |fw    |fw    |hw  |tick rate |accel rate |
 *               |major |minor |patch |rev |Hz        |milli-Hz   |
 *               |u8    |u8    |u8    |u8  |u32 LE    |u32 LE     |
 *               +------+------+------+----+----------+-----------+
 * frame offset: 22              26          28       29            30
 *               +---------------+-----------+--------+-------------+
 *               |accel scale    |mic period |accel   |capabilities |
 *               |nano-g per LSB |ms         |range g |u8           |
 *               |u32 LE         |u16 LE     |u8      |             |
 *               +---------------+-----------+--------+-------------+
 * </pre>
 *
 * Payload 20 bytes; longer payloads are accepted and the extra bytes ignored (future fields).
 */
public final class HelloFrame extends Frame {
  public static final int FIRMWARE_MAJOR_OFFSET = PAYLOAD_OFFSET;
  public static final int FIRMWARE_MINOR_OFFSET = FIRMWARE_MAJOR_OFFSET + 1;
  public static final int FIRMWARE_PATCH_OFFSET = FIRMWARE_MINOR_OFFSET + 1;
  public static final int HARDWARE_REVISION_OFFSET = FIRMWARE_PATCH_OFFSET + 1;
  public static final int TICK_RATE_HZ_OFFSET = HARDWARE_REVISION_OFFSET + 1;
  public static final int ACCEL_RATE_MILLI_HZ_OFFSET = TICK_RATE_HZ_OFFSET + 4;
  public static final int ACCEL_SCALE_NANO_G_OFFSET = ACCEL_RATE_MILLI_HZ_OFFSET + 4;
  public static final int MIC_PERIOD_MS_OFFSET = ACCEL_SCALE_NANO_G_OFFSET + 4;
  public static final int ACCEL_RANGE_G_OFFSET = MIC_PERIOD_MS_OFFSET + 2;
  public static final int CAPABILITIES_OFFSET = ACCEL_RANGE_G_OFFSET + 1;
  public static final int PAYLOAD_LENGTH = CAPABILITIES_OFFSET + 1 - PAYLOAD_OFFSET;

  /** Capability bits: the badge has an accelerometer. */
  public static final int CAPABILITY_ACCEL = 0x01;

  /** The badge has a microphone and sends MIC_ENERGY. */
  public static final int CAPABILITY_MIC = 0x02;

  /** The badge measures its battery voltage. */
  public static final int CAPABILITY_BATTERY = 0x04;

  /** The badge can identify itself (LED, buzzer or vibration) on IDENTIFY. */
  public static final int CAPABILITY_IDENTIFY = 0x08;

  @Override
  public int frameType() {
    return FrameType.HELLO;
  }

  @Override
  public boolean hasValidLength() {
    return payloadLength() >= PAYLOAD_LENGTH;
  }

  public int firmwareMajor() {
    return u8(buffer, offset + FIRMWARE_MAJOR_OFFSET);
  }

  public int firmwareMinor() {
    return u8(buffer, offset + FIRMWARE_MINOR_OFFSET);
  }

  public int firmwarePatch() {
    return u8(buffer, offset + FIRMWARE_PATCH_OFFSET);
  }

  public int hardwareRevision() {
    return u8(buffer, offset + HARDWARE_REVISION_OFFSET);
  }

  /** Ticks per second of the badge clock used in every tick field. */
  public long tickRateHz() {
    return u32(buffer, offset + TICK_RATE_HZ_OFFSET);
  }

  /** Nominal accelerometer output rate in thousandths of a hertz (12.5 Hz = 12500). */
  public long accelRateMilliHz() {
    return u32(buffer, offset + ACCEL_RATE_MILLI_HZ_OFFSET);
  }

  /** Acceleration of one LSB of an ACCEL sample, in nano-g (LIS3DH 2 g high-res: 62500). */
  public long accelScaleNanoGPerLsb() {
    return u32(buffer, offset + ACCEL_SCALE_NANO_G_OFFSET);
  }

  /** Length of one MIC_ENERGY period in milliseconds. */
  public int micPeriodMs() {
    return u16(buffer, offset + MIC_PERIOD_MS_OFFSET);
  }

  /** Full-scale range of the accelerometer, +- this many g. */
  public int accelRangeG() {
    return u8(buffer, offset + ACCEL_RANGE_G_OFFSET);
  }

  /** Bit set of {@code CAPABILITY_*}. */
  public int capabilities() {
    return u8(buffer, offset + CAPABILITIES_OFFSET);
  }

  public HelloFrame firmwareVersion(int major, int minor, int patch) {
    checkU8("firmwareMajor", major);
    checkU8("firmwareMinor", minor);
    checkU8("firmwarePatch", patch);
    putU8(buffer, offset + FIRMWARE_MAJOR_OFFSET, major);
    putU8(buffer, offset + FIRMWARE_MINOR_OFFSET, minor);
    putU8(buffer, offset + FIRMWARE_PATCH_OFFSET, patch);
    return this;
  }

  public HelloFrame hardwareRevision(int hardwareRevision) {
    checkU8("hardwareRevision", hardwareRevision);
    putU8(buffer, offset + HARDWARE_REVISION_OFFSET, hardwareRevision);
    return this;
  }

  public HelloFrame tickRateHz(long tickRateHz) {
    checkU32("tickRateHz", tickRateHz);
    putU32(buffer, offset + TICK_RATE_HZ_OFFSET, tickRateHz);
    return this;
  }

  public HelloFrame accelRateMilliHz(long accelRateMilliHz) {
    checkU32("accelRateMilliHz", accelRateMilliHz);
    putU32(buffer, offset + ACCEL_RATE_MILLI_HZ_OFFSET, accelRateMilliHz);
    return this;
  }

  public HelloFrame accelScaleNanoGPerLsb(long accelScaleNanoGPerLsb) {
    checkU32("accelScaleNanoGPerLsb", accelScaleNanoGPerLsb);
    putU32(buffer, offset + ACCEL_SCALE_NANO_G_OFFSET, accelScaleNanoGPerLsb);
    return this;
  }

  public HelloFrame micPeriodMs(int micPeriodMs) {
    checkU16("micPeriodMs", micPeriodMs);
    putU16(buffer, offset + MIC_PERIOD_MS_OFFSET, micPeriodMs);
    return this;
  }

  public HelloFrame accelRangeG(int accelRangeG) {
    checkU8("accelRangeG", accelRangeG);
    putU8(buffer, offset + ACCEL_RANGE_G_OFFSET, accelRangeG);
    return this;
  }

  public HelloFrame capabilities(int capabilities) {
    checkU8("capabilities", capabilities);
    putU8(buffer, offset + CAPABILITIES_OFFSET, capabilities);
    return this;
  }

  @Override
  public void appendFields(StringBuilder sb) {
    super.appendFields(sb);
    sb.append(" fw_major=").append(firmwareMajor());
    sb.append(" fw_minor=").append(firmwareMinor());
    sb.append(" fw_patch=").append(firmwarePatch());
    sb.append(" hw_revision=").append(hardwareRevision());
    sb.append(" tick_rate_hz=").append(tickRateHz());
    sb.append(" accel_rate_millihz=").append(accelRateMilliHz());
    sb.append(" accel_scale_nano_g=").append(accelScaleNanoGPerLsb());
    sb.append(" mic_period_ms=").append(micPeriodMs());
    sb.append(" accel_range_g=").append(accelRangeG());
    sb.append(" capabilities=").append(capabilities());
  }
}
