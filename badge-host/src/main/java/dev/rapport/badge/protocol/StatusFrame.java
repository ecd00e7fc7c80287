package dev.rapport.badge.protocol;

import static dev.rapport.badge.protocol.LittleEndian.putU16;
import static dev.rapport.badge.protocol.LittleEndian.putU32;
import static dev.rapport.badge.protocol.LittleEndian.putU8;
import static dev.rapport.badge.protocol.LittleEndian.u16;
import static dev.rapport.badge.protocol.LittleEndian.u32;
import static dev.rapport.badge.protocol.LittleEndian.u8;

/**
 * STATUS (type 0x04, badge to host): health, sent every 10 s and on REQUEST_STATUS. The dropped
 * counters count samples the badge measured but could not send (its queue was full), which the host
 * cannot infer from sequence gaps: together they separate badge-side from link-side loss.
 *
 * <pre>
 * frame offset: 10          12         13     14                     18                   22
 *               +-----------+----------+------+----------------------+--------------------+
 *               |battery mV |battery % |flags |dropped accel samples |dropped mic periods |
 *               |u16 LE     |u8        |u8    |u32 LE                |u32 LE              |
 *               +-----------+----------+------+----------------------+--------------------+
 * </pre>
 *
 * Payload 12 bytes; longer payloads are accepted and the extra bytes ignored. Dropped counters
 * count since boot and wrap.
 */
public final class StatusFrame extends Frame {
  public static final int BATTERY_MV_OFFSET = PAYLOAD_OFFSET;
  public static final int BATTERY_PERCENT_OFFSET = BATTERY_MV_OFFSET + 2;
  public static final int FLAGS_OFFSET = BATTERY_PERCENT_OFFSET + 1;
  public static final int DROPPED_ACCEL_SAMPLES_OFFSET = FLAGS_OFFSET + 1;
  public static final int DROPPED_MIC_PERIODS_OFFSET = DROPPED_ACCEL_SAMPLES_OFFSET + 4;
  public static final int PAYLOAD_LENGTH = DROPPED_MIC_PERIODS_OFFSET + 4 - PAYLOAD_OFFSET;

  /** Battery percent when the badge has no fuel gauge. */
  public static final int BATTERY_PERCENT_UNKNOWN = 0xFF;

  public static final int FLAG_ACCEL_STREAMING = 0x01;
  public static final int FLAG_MIC_STREAMING = 0x02;
  public static final int FLAG_CHARGING = 0x04;
  public static final int FLAG_EXTERNAL_POWER = 0x08;
  public static final int FLAG_LOW_BATTERY = 0x10;
  public static final int FLAG_SENSOR_FAULT = 0x20;
  public static final int FLAG_IDENTIFYING = 0x40;

  @Override
  public int frameType() {
    return FrameType.STATUS;
  }

  @Override
  public boolean hasValidLength() {
    return payloadLength() >= PAYLOAD_LENGTH;
  }

  public int batteryMv() {
    return u16(buffer, offset + BATTERY_MV_OFFSET);
  }

  /** 0..100, or {@link #BATTERY_PERCENT_UNKNOWN}. */
  public int batteryPercent() {
    return u8(buffer, offset + BATTERY_PERCENT_OFFSET);
  }

  /** Bit set of {@code FLAG_*}; bit 7 is reserved (sent as 0, ignored when received). */
  public int flags() {
    return u8(buffer, offset + FLAGS_OFFSET);
  }

  public long droppedAccelSamples() {
    return u32(buffer, offset + DROPPED_ACCEL_SAMPLES_OFFSET);
  }

  public long droppedMicPeriods() {
    return u32(buffer, offset + DROPPED_MIC_PERIODS_OFFSET);
  }

  public StatusFrame batteryMv(int batteryMv) {
    checkU16("batteryMv", batteryMv);
    putU16(buffer, offset + BATTERY_MV_OFFSET, batteryMv);
    return this;
  }

  public StatusFrame batteryPercent(int batteryPercent) {
    if (batteryPercent != BATTERY_PERCENT_UNKNOWN && (batteryPercent < 0 || batteryPercent > 100)) {
      throw new IllegalArgumentException(
          "batteryPercent must be 0..100 or 255, batteryPercent=" + batteryPercent);
    }
    putU8(buffer, offset + BATTERY_PERCENT_OFFSET, batteryPercent);
    return this;
  }

  public StatusFrame flags(int flags) {
    checkU8("flags", flags);
    putU8(buffer, offset + FLAGS_OFFSET, flags);
    return this;
  }

  public StatusFrame droppedAccelSamples(long droppedAccelSamples) {
    checkU32("droppedAccelSamples", droppedAccelSamples);
    putU32(buffer, offset + DROPPED_ACCEL_SAMPLES_OFFSET, droppedAccelSamples);
    return this;
  }

  public StatusFrame droppedMicPeriods(long droppedMicPeriods) {
    checkU32("droppedMicPeriods", droppedMicPeriods);
    putU32(buffer, offset + DROPPED_MIC_PERIODS_OFFSET, droppedMicPeriods);
    return this;
  }

  @Override
  public void appendFields(StringBuilder sb) {
    super.appendFields(sb);
    sb.append(" battery_mv=").append(batteryMv());
    sb.append(" battery_percent=").append(batteryPercent());
    sb.append(" flags=").append(flags());
    sb.append(" dropped_accel_samples=").append(droppedAccelSamples());
    sb.append(" dropped_mic_periods=").append(droppedMicPeriods());
  }
}
