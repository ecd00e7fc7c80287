package dev.rapport.badge.protocol;

/**
 * The code byte of ACK and NACK frames. ACK codes say how a command was accepted; NACK reasons say
 * why it was refused, so the host can tell a retry that may succeed (BUSY) from one that never will
 * (UNKNOWN_OPCODE).
 */
public final class ReplyCode {
  /** ACK: executed now. */
  public static final int ACK_DONE = 0x00;

  /** ACK: this correlation id was already executed; acknowledged again, not executed twice. */
  public static final int ACK_DUPLICATE = 0x01;

  /** NACK: the opcode is not defined for this firmware; do not retry. */
  public static final int NACK_UNKNOWN_OPCODE = 0x01;

  /** NACK: the arguments are shorter than the opcode needs; a host bug, do not retry. */
  public static final int NACK_BAD_ARGUMENT_LENGTH = 0x02;

  /** NACK: a value is out of range or unsupported by the hardware (e.g. a rate); do not retry. */
  public static final int NACK_UNSUPPORTED_VALUE = 0x03;

  /** NACK: temporarily unable (e.g. flash write in progress); retry later. */
  public static final int NACK_BUSY = 0x04;

  /** NACK: battery too low to start streaming. */
  public static final int NACK_LOW_BATTERY = 0x05;

  /** NACK: the badge lacks the hardware (e.g. IDENTIFY without LED or buzzer). */
  public static final int NACK_NOT_SUPPORTED = 0x06;

  /** NACK: the badge failed internally (sensor error). */
  public static final int NACK_INTERNAL_ERROR = 0xFF;

  private ReplyCode() {}

  public static String nackReasonName(int reason) {
    switch (reason) {
      case NACK_UNKNOWN_OPCODE:
        return "UNKNOWN_OPCODE";
      case NACK_BAD_ARGUMENT_LENGTH:
        return "BAD_ARGUMENT_LENGTH";
      case NACK_UNSUPPORTED_VALUE:
        return "UNSUPPORTED_VALUE";
      case NACK_BUSY:
        return "BUSY";
      case NACK_LOW_BATTERY:
        return "LOW_BATTERY";
      case NACK_NOT_SUPPORTED:
        return "NOT_SUPPORTED";
      case NACK_INTERNAL_ERROR:
        return "INTERNAL_ERROR";
      default:
        return String.format("UNKNOWN_0x%02x", reason & 0xFF);
    }
  }
}
