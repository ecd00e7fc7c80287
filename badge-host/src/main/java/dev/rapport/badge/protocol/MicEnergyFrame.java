package dev.rapport.badge.protocol;

import static dev.rapport.badge.protocol.LittleEndian.putU16;
import static dev.rapport.badge.protocol.LittleEndian.putU32;
import static dev.rapport.badge.protocol.LittleEndian.putU8;
import static dev.rapport.badge.protocol.LittleEndian.u16;
import static dev.rapport.badge.protocol.LittleEndian.u32;
import static dev.rapport.badge.protocol.LittleEndian.u8;

/**
 * MIC_ENERGY (type 0x03, badge to host): a batch of sound levels, one per fixed period. The badge
 * never sends audio: each value is the level of one period in hundredths of a dB, computed on the
 * badge and the PCM discarded (docs/protocol.md, "MIC_ENERGY"), so speech cannot be reconstructed.
 *
 * <pre>
 * frame offset: 10                 14         16     17        19        21
 *               +------------------+----------+------+---------+---------+--
 *               |first period tick |period ms |count |level[0] |level[1] | ..
 *               |u32 LE            |u16 LE    |u8    |u16 LE   |u16 LE   |
 *               +------------------+----------+------+---------+---------+--
 * </pre>
 *
 * Payload exactly {@code 7 + 2 * count} bytes, count 1..116. Period {@code i} starts at {@code
 * firstPeriodTick + i * periodMs * tickRateHz / 1000} ticks and lasts {@code periodMs}. Level
 * {@code 0xFFFF} means "not measured" (microphone fault), never a real level.
 */
public final class MicEnergyFrame extends Frame {
  public static final int FIRST_PERIOD_TICK_OFFSET = PAYLOAD_OFFSET;
  public static final int PERIOD_MS_OFFSET = FIRST_PERIOD_TICK_OFFSET + 4;
  public static final int COUNT_OFFSET = PERIOD_MS_OFFSET + 2;
  public static final int LEVELS_OFFSET = COUNT_OFFSET + 1;
  public static final int LEVEL_LENGTH = 2;
  public static final int FIXED_PAYLOAD_LENGTH = LEVELS_OFFSET - PAYLOAD_OFFSET;
  public static final int MAX_LEVELS =
      (Protocol.MAX_PAYLOAD_LENGTH - FIXED_PAYLOAD_LENGTH) / LEVEL_LENGTH;

  /** Level of a period the badge could not measure. */
  public static final int LEVEL_NOT_MEASURED = 0xFFFF;

  /** Highest real level: 10 log10(32768^2) dB = 90.31 dB above 1 LSB^2 of 16-bit PCM. */
  public static final int MAX_LEVEL_CENTI_DB = 9031;

  @Override
  public int frameType() {
    return FrameType.MIC_ENERGY;
  }

  @Override
  public boolean hasValidLength() {
    if (payloadLength() < FIXED_PAYLOAD_LENGTH) {
      return false;
    }
    final int count = count();
    return count >= 1
        && count <= MAX_LEVELS
        && payloadLength() == FIXED_PAYLOAD_LENGTH + count * LEVEL_LENGTH;
  }

  public long firstPeriodTick() {
    return u32(buffer, offset + FIRST_PERIOD_TICK_OFFSET);
  }

  public int periodMs() {
    return u16(buffer, offset + PERIOD_MS_OFFSET);
  }

  public int count() {
    return u8(buffer, offset + COUNT_OFFSET);
  }

  /**
   * Level of period {@code index} in 0.01 dB above 1 LSB^2 (0..9031), or {@link
   * #LEVEL_NOT_MEASURED}.
   */
  public int levelCentiDb(int index) {
    return u16(buffer, offset + LEVELS_OFFSET + index * LEVEL_LENGTH);
  }

  public MicEnergyFrame firstPeriodTick(long firstPeriodTick) {
    checkU32("firstPeriodTick", firstPeriodTick);
    putU32(buffer, offset + FIRST_PERIOD_TICK_OFFSET, firstPeriodTick);
    return this;
  }

  public MicEnergyFrame periodMs(int periodMs) {
    checkU16("periodMs", periodMs);
    putU16(buffer, offset + PERIOD_MS_OFFSET, periodMs);
    return this;
  }

  public MicEnergyFrame appendLevel(int levelCentiDb) {
    final int count = count();
    if (count >= MAX_LEVELS) {
      throw new IllegalStateException("MIC_ENERGY batch full, count=" + count);
    }
    if (levelCentiDb != LEVEL_NOT_MEASURED
        && (levelCentiDb < 0 || levelCentiDb > MAX_LEVEL_CENTI_DB)) {
      throw new IllegalArgumentException(
          "levelCentiDb must be 0..9031 or 65535, levelCentiDb=" + levelCentiDb);
    }
    putU16(buffer, offset + LEVELS_OFFSET + count * LEVEL_LENGTH, levelCentiDb);
    putU8(buffer, offset + COUNT_OFFSET, count + 1);
    setLength(LEVELS_OFFSET + (count + 1) * LEVEL_LENGTH);
    return this;
  }

  @Override
  public void appendFields(StringBuilder sb) {
    super.appendFields(sb);
    sb.append(" first_period_tick=").append(firstPeriodTick());
    sb.append(" period_ms=").append(periodMs());
    sb.append(" count=").append(count());
    sb.append(" level_centi_db=");
    for (int i = 0, n = count(); i < n; i++) {
      sb.append(i == 0 ? "" : ",").append(levelCentiDb(i));
    }
  }
}
