package dev.rapport.badge.transport.ble;

import dev.rapport.badge.protocol.BleMapping;
import dev.rapport.badge.transport.ble.bluez.BlueZ;
import dev.rapport.badge.transport.ble.bluez.Variants;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.types.Variant;

/**
 * Decides from BlueZ's Device1 properties whether a device is a badge, and reads its advertisement.
 * Manufacturer data under {@link BleMapping#MANUFACTURER_ID}: byte 0 protocol version, bytes 1-2
 * badge id (little-endian), byte 3 battery percent (0-100, 255 unknown).
 */
public final class BadgeAdvertising {
  static final int MANUFACTURER_DATA_MIN_BYTES = 4;
  private static final int VERSION_OFFSET = 0;
  private static final int BADGE_ID_OFFSET = 1;
  private static final int BATTERY_OFFSET = 3;
  private static final int BATTERY_UNKNOWN = 255;
  private static final int BATTERY_MAX_PERCENT = 100;

  private BadgeAdvertising() {}

  /** A badge advertises a name with the badge prefix, or the badge service UUID, or both. */
  public static boolean isBadge(Map<String, Variant<?>> deviceProperties, BleConfig config) {
    final String name = name(deviceProperties);
    if (name != null && name.startsWith(config.namePrefix())) {
      return true;
    }
    final List<String> uuids = Variants.strings(deviceProperties.get(BlueZ.UUIDS));
    for (String uuid : uuids) {
      if (uuid.equalsIgnoreCase(config.serviceUuid())) {
        return true;
      }
    }
    return false;
  }

  /** Name if advertised, else BlueZ's Alias (which falls back to the address). */
  static String name(Map<String, Variant<?>> deviceProperties) {
    final String name = Variants.string(deviceProperties.get(BlueZ.NAME));
    return name != null ? name : Variants.string(deviceProperties.get(BlueZ.ALIAS));
  }

  public static BleAdvertisement parse(
      String address, Map<String, Variant<?>> deviceProperties, long seenNanos) {
    int version = BleAdvertisement.UNKNOWN;
    int badgeId = BleAdvertisement.UNKNOWN;
    int battery = BleAdvertisement.UNKNOWN;
    final byte[] data = manufacturerData(deviceProperties.get(BlueZ.MANUFACTURER_DATA));
    if (data != null && data.length >= MANUFACTURER_DATA_MIN_BYTES) {
      version = data[VERSION_OFFSET] & 0xFF;
      badgeId = (data[BADGE_ID_OFFSET] & 0xFF) | (data[BADGE_ID_OFFSET + 1] & 0xFF) << 8;
      final int percent = data[BATTERY_OFFSET] & 0xFF;
      battery =
          percent <= BATTERY_MAX_PERCENT && percent != BATTERY_UNKNOWN
              ? percent
              : BleAdvertisement.UNKNOWN;
    }
    final int rssi =
        Variants.integer(deviceProperties.get(BlueZ.RSSI), BleAdvertisement.RSSI_UNKNOWN);
    return new BleAdvertisement(
        address, name(deviceProperties), rssi, badgeId, battery, version, seenNanos);
  }

  /** The bytes under our company id in an a{qv} ManufacturerData value, or null. */
  static byte[] manufacturerData(Object value) {
    if (!(Variants.unwrap(value) instanceof Map<?, ?> byCompany)) {
      return null;
    }
    for (Map.Entry<?, ?> entry : byCompany.entrySet()) {
      if (Variants.integer(entry.getKey(), -1) == BleMapping.MANUFACTURER_ID) {
        return Variants.bytes(entry.getValue());
      }
    }
    return null;
  }
}
