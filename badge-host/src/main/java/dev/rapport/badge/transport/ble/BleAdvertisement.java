package dev.rapport.badge.transport.ble;

/**
 * What a badge's advertisement (as BlueZ last reported it) says, for health reports before and
 * between connections. Unknown numbers are {@link #UNKNOWN}, an unknown RSSI is {@link
 * #RSSI_UNKNOWN} (the HCI value for "not available").
 *
 * @param badgeId from the manufacturer data (docs/protocol.md), the wire id of the badge
 * @param batteryPercent 0 to 100
 * @param protocolVersion the badge's wire protocol version
 * @param seenNanos the central's clock when this was parsed
 */
public record BleAdvertisement(
    String address,
    String name,
    int rssiDbm,
    int badgeId,
    int batteryPercent,
    int protocolVersion,
    long seenNanos) {

  public static final int UNKNOWN = -1;
  public static final int RSSI_UNKNOWN = 127;

  public boolean hasBattery() {
    return batteryPercent != UNKNOWN;
  }
}
