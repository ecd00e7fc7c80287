package dev.rapport.badge.protocol;

import static dev.rapport.badge.protocol.LittleEndian.i64;
import static dev.rapport.badge.protocol.LittleEndian.putI64;
import static dev.rapport.badge.protocol.LittleEndian.putU16;
import static dev.rapport.badge.protocol.LittleEndian.putU32;
import static dev.rapport.badge.protocol.LittleEndian.putU8;
import static dev.rapport.badge.protocol.LittleEndian.u16;
import static dev.rapport.badge.protocol.LittleEndian.u32;
import static dev.rapport.badge.protocol.LittleEndian.u8;

/**
 * COMMAND (type 0x82, host to badge): one opcode with its arguments, answered by ACK or NACK with
 * the same correlation id. The header's badge id is the target, or {@link BadgeId#BROADCAST} for
 * every badge on the link (each answers on its own).
 *
 * <pre>
 * frame offset: 10              14      15   ...
 *               +---------------+-------+----------------------+
 *               |correlation id |opcode |arguments (by opcode) |
 *               |u32 LE         |u8     |                      |
 *               +---------------+-------+----------------------+
 * </pre>
 *
 * The decoder checks only the 5 fixed bytes, so that a badge can NACK an opcode it does not know;
 * {@link #hasValidArguments()} checks the argument length of a known opcode.
 */
public final class CommandFrame extends Frame {
  public static final int CORRELATION_ID_OFFSET = PAYLOAD_OFFSET;
  public static final int OPCODE_OFFSET = CORRELATION_ID_OFFSET + 4;
  public static final int ARGUMENTS_OFFSET = OPCODE_OFFSET + 1;
  public static final int FIXED_PAYLOAD_LENGTH = ARGUMENTS_OFFSET - PAYLOAD_OFFSET;

  /** START/STOP_STREAMING: streams u8. */
  public static final int STREAMS_OFFSET = ARGUMENTS_OFFSET;

  /** SET_ACCEL: rate milli-Hz u32 LE, then range g u8. */
  public static final int ACCEL_RATE_MILLI_HZ_OFFSET = ARGUMENTS_OFFSET;

  public static final int ACCEL_RANGE_G_OFFSET = ACCEL_RATE_MILLI_HZ_OFFSET + 4;

  /** SET_MIC_PERIOD: period ms u16 LE. */
  public static final int MIC_PERIOD_MS_OFFSET = ARGUMENTS_OFFSET;

  /** IDENTIFY: duration ms u16 LE. */
  public static final int IDENTIFY_DURATION_MS_OFFSET = ARGUMENTS_OFFSET;

  /** SYNC_TIME: host Unix time ms i64 LE. */
  public static final int HOST_UNIX_MS_OFFSET = ARGUMENTS_OFFSET;

  @Override
  public int frameType() {
    return FrameType.COMMAND;
  }

  @Override
  public boolean hasValidLength() {
    return payloadLength() >= FIXED_PAYLOAD_LENGTH;
  }

  /** True if the opcode is known and its arguments are all present (extra bytes are ignored). */
  public boolean hasValidArguments() {
    final int needed = CommandOpcode.argumentLength(opcode());
    return needed >= 0 && argumentLength() >= needed;
  }

  public long correlationId() {
    return u32(buffer, offset + CORRELATION_ID_OFFSET);
  }

  public int opcode() {
    return u8(buffer, offset + OPCODE_OFFSET);
  }

  public int argumentLength() {
    return length - ARGUMENTS_OFFSET;
  }

  /** START_STREAMING / STOP_STREAMING: bit set of {@code CommandOpcode.STREAM_*}. */
  public int streams() {
    return u8(buffer, offset + STREAMS_OFFSET);
  }

  public long accelRateMilliHz() {
    return u32(buffer, offset + ACCEL_RATE_MILLI_HZ_OFFSET);
  }

  public int accelRangeG() {
    return u8(buffer, offset + ACCEL_RANGE_G_OFFSET);
  }

  public int micPeriodMs() {
    return u16(buffer, offset + MIC_PERIOD_MS_OFFSET);
  }

  public int identifyDurationMs() {
    return u16(buffer, offset + IDENTIFY_DURATION_MS_OFFSET);
  }

  public long hostUnixMs() {
    return i64(buffer, offset + HOST_UNIX_MS_OFFSET);
  }

  public CommandFrame correlationId(long correlationId) {
    checkU32("correlationId", correlationId);
    putU32(buffer, offset + CORRELATION_ID_OFFSET, correlationId);
    return this;
  }

  public CommandFrame startStreaming(int streams) {
    return streamsCommand(CommandOpcode.START_STREAMING, streams);
  }

  public CommandFrame stopStreaming(int streams) {
    return streamsCommand(CommandOpcode.STOP_STREAMING, streams);
  }

  public CommandFrame setAccel(long rateMilliHz, int rangeG) {
    checkU32("rateMilliHz", rateMilliHz);
    checkU8("rangeG", rangeG);
    opcode(CommandOpcode.SET_ACCEL);
    putU32(buffer, offset + ACCEL_RATE_MILLI_HZ_OFFSET, rateMilliHz);
    putU8(buffer, offset + ACCEL_RANGE_G_OFFSET, rangeG);
    return this;
  }

  public CommandFrame setMicPeriod(int periodMs) {
    checkU16("periodMs", periodMs);
    opcode(CommandOpcode.SET_MIC_PERIOD);
    putU16(buffer, offset + MIC_PERIOD_MS_OFFSET, periodMs);
    return this;
  }

  public CommandFrame identify(int durationMs) {
    checkU16("durationMs", durationMs);
    opcode(CommandOpcode.IDENTIFY);
    putU16(buffer, offset + IDENTIFY_DURATION_MS_OFFSET, durationMs);
    return this;
  }

  public CommandFrame syncTime(long hostUnixMs) {
    opcode(CommandOpcode.SYNC_TIME);
    putI64(buffer, offset + HOST_UNIX_MS_OFFSET, hostUnixMs);
    return this;
  }

  public CommandFrame requestStatus() {
    opcode(CommandOpcode.REQUEST_STATUS);
    return this;
  }

  public CommandFrame requestHello() {
    opcode(CommandOpcode.REQUEST_HELLO);
    return this;
  }

  /**
   * Any opcode with raw argument bytes: for tests of how badges answer opcodes they do not know or
   * arguments that are too short.
   */
  public CommandFrame rawOpcode(int opcode, byte[] arguments, int argumentsOffset, int length) {
    checkU8("opcode", opcode);
    if (length < 0 || length > Protocol.MAX_PAYLOAD_LENGTH - FIXED_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException("arguments too long, length=" + length);
    }
    putU8(buffer, offset + OPCODE_OFFSET, opcode);
    System.arraycopy(arguments, argumentsOffset, buffer, offset + ARGUMENTS_OFFSET, length);
    setLength(ARGUMENTS_OFFSET + length);
    return this;
  }

  private CommandFrame streamsCommand(int opcode, int streams) {
    checkU8("streams", streams);
    opcode(opcode);
    putU8(buffer, offset + STREAMS_OFFSET, streams);
    return this;
  }

  private void opcode(int opcode) {
    putU8(buffer, offset + OPCODE_OFFSET, opcode);
    setLength(ARGUMENTS_OFFSET + CommandOpcode.argumentLength(opcode));
  }

  @Override
  public void appendFields(StringBuilder sb) {
    super.appendFields(sb);
    sb.append(" correlation_id=").append(correlationId());
    sb.append(" opcode=").append(opcode());
    if (!hasValidArguments()) {
      sb.append(" argument_length=").append(argumentLength());
      return;
    }
    switch (opcode()) {
      case CommandOpcode.START_STREAMING:
      case CommandOpcode.STOP_STREAMING:
        sb.append(" streams=").append(streams());
        break;
      case CommandOpcode.SET_ACCEL:
        sb.append(" accel_rate_millihz=").append(accelRateMilliHz());
        sb.append(" accel_range_g=").append(accelRangeG());
        break;
      case CommandOpcode.SET_MIC_PERIOD:
        sb.append(" mic_period_ms=").append(micPeriodMs());
        break;
      case CommandOpcode.IDENTIFY:
        sb.append(" duration_ms=").append(identifyDurationMs());
        break;
      case CommandOpcode.SYNC_TIME:
        sb.append(" host_unix_ms=").append(hostUnixMs());
        break;
      default:
        break;
    }
  }
}
