package dev.rapport.badge.transport.ble;

/**
 * Told about badges the {@link BleCentral} finds. Called on the D-Bus signal thread (or the thread
 * calling {@link BleCentral#start} for devices BlueZ already knew): return quickly.
 */
public interface BleDiscoveryListener {

  /**
   * A new badge: its link exists but is not started. Call {@link BleBadgeLink#start} to connect, or
   * ignore the badge.
   */
  void onBadgeDiscovered(BleBadgeLink link, BleAdvertisement advertisement);

  /** A known badge advertised again (battery, RSSI). */
  default void onAdvertisement(BleBadgeLink link, BleAdvertisement advertisement) {}
}
