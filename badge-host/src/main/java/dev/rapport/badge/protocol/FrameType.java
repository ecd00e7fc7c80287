package dev.rapport.badge.protocol;

/**
 * Frame type codes, byte 1 of every frame. Bit 7 set means the frame travels host to badge, clear
 * means badge to host, so a receiver can tell direction without a table.
 */
public final class FrameType {
  public static final int HELLO = 0x01;
  public static final int ACCEL = 0x02;
  public static final int MIC_ENERGY = 0x03;
  public static final int STATUS = 0x04;
  public static final int TIME_SYNC_RESPONSE = 0x05;
  public static final int ACK = 0x06;
  public static final int NACK = 0x07;
  public static final int TIME_SYNC_REQUEST = 0x81;
  public static final int COMMAND = 0x82;

  /** Set in the type code of every host-to-badge frame. */
  public static final int HOST_TO_BADGE_BIT = 0x80;

  private FrameType() {}

  public static boolean isHostToBadge(int type) {
    return (type & HOST_TO_BADGE_BIT) != 0;
  }

  /** The name used in docs and vectors, or {@code "UNKNOWN_0xNN"}; for diagnostics only. */
  public static String name(int type) {
    switch (type) {
      case HELLO:
        return "HELLO";
      case ACCEL:
        return "ACCEL";
      case MIC_ENERGY:
        return "MIC_ENERGY";
      case STATUS:
        return "STATUS";
      case TIME_SYNC_RESPONSE:
        return "TIME_SYNC_RESPONSE";
      case ACK:
        return "ACK";
      case NACK:
        return "NACK";
      case TIME_SYNC_REQUEST:
        return "TIME_SYNC_REQUEST";
      case COMMAND:
        return "COMMAND";
      default:
        return String.format("UNKNOWN_0x%02x", type & 0xFF);
    }
  }
}
