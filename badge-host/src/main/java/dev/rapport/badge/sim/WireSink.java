package dev.rapport.badge.sim;

/**
 * Receives the bytes simulated badges put on their links, in arrival order per link, on the thread
 * advancing the {@link BadgeFleet}. The buffer is reused after the call: copy or write it out
 * before returning.
 */
public interface WireSink {

  /**
   * @param link index of the link (0-based; a link is a serial port or a BLE connection)
   * @param arrivalTimeUs true session time at which these bytes reach the host
   * @param buffer holds one encoded frame with its 0x00 delimiter (or a lone 0x00 at boot)
   */
  void onWireBytes(int link, long arrivalTimeUs, byte[] buffer, int offset, int length);
}
