package dev.rapport.badge.protocol;

/**
 * COMMAND opcodes (byte 14 of a COMMAND frame) and the length of their arguments. Every command is
 * idempotent (it sets state, never toggles), so the host may retry with the same correlation id and
 * a badge that executes it twice ends in the same state.
 */
public final class CommandOpcode {
  /** Args: streams u8 (bit set of {@link #STREAM_ACCEL}, {@link #STREAM_MIC}). */
  public static final int START_STREAMING = 0x01;

  /** Args: streams u8. */
  public static final int STOP_STREAMING = 0x02;

  /** Args: rate milli-Hz u32 LE, range g u8. NACK UNSUPPORTED_VALUE if the sensor cannot. */
  public static final int SET_ACCEL = 0x03;

  /** Args: period ms u16 LE. */
  public static final int SET_MIC_PERIOD = 0x04;

  /** Args: duration ms u16 LE (0 stops). Blink the LED (or buzz) so a person finds the badge. */
  public static final int IDENTIFY = 0x05;

  /**
   * Args: host time, ms since the Unix epoch, i64 LE. The badge may keep it with its tick for local
   * logs or a display; the host never relies on it (clock alignment uses TIME_SYNC exchanges).
   */
  public static final int SYNC_TIME = 0x06;

  /** No args. The badge sends a STATUS frame after the ACK. */
  public static final int REQUEST_STATUS = 0x07;

  /** No args. The badge sends a HELLO frame after the ACK. */
  public static final int REQUEST_HELLO = 0x08;

  /** Stream bit: accelerometer (ACCEL frames). */
  public static final int STREAM_ACCEL = 0x01;

  /** Stream bit: microphone energy (MIC_ENERGY frames). */
  public static final int STREAM_MIC = 0x02;

  private CommandOpcode() {}

  /**
   * Length in bytes of the opcode's arguments, or -1 for an opcode this version does not define.
   */
  public static int argumentLength(int opcode) {
    switch (opcode) {
      case START_STREAMING:
      case STOP_STREAMING:
        return 1;
      case SET_ACCEL:
        return 5;
      case SET_MIC_PERIOD:
      case IDENTIFY:
        return 2;
      case SYNC_TIME:
        return 8;
      case REQUEST_STATUS:
      case REQUEST_HELLO:
        return 0;
      default:
        return -1;
    }
  }

  public static String name(int opcode) {
    switch (opcode) {
      case START_STREAMING:
        return "START_STREAMING";
      case STOP_STREAMING:
        return "STOP_STREAMING";
      case SET_ACCEL:
        return "SET_ACCEL";
      case SET_MIC_PERIOD:
        return "SET_MIC_PERIOD";
      case IDENTIFY:
        return "IDENTIFY";
      case SYNC_TIME:
        return "SYNC_TIME";
      case REQUEST_STATUS:
        return "REQUEST_STATUS";
      case REQUEST_HELLO:
        return "REQUEST_HELLO";
      default:
        return String.format("UNKNOWN_0x%02x", opcode & 0xFF);
    }
  }
}
