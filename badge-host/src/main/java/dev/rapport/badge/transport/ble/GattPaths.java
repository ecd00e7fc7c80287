package dev.rapport.badge.transport.ble;

import dev.rapport.badge.protocol.BleMapping;
import dev.rapport.badge.transport.ble.bluez.BlueZ;
import dev.rapport.badge.transport.ble.bluez.Variants;
import java.util.Map;
import org.freedesktop.dbus.types.Variant;

/**
 * Where BlueZ put a badge's characteristics after resolving its services: BlueZ numbers the objects
 * itself (…/service000a/char000b), so they are found by UUID, afresh after every connect.
 *
 * @param mtu the ATT MTU BlueZ reports on the RX characteristic (BlueZ 5.62 and later), or the
 *     smallest every link supports
 */
record GattPaths(String txPath, String rxPath, int mtu) {

  static GattPaths find(
      Map<String, Map<String, Map<String, Variant<?>>>> objects,
      String devicePath,
      BleConfig config)
      throws BleBadgeLink.ConnectFailure {
    String tx = null;
    String rx = null;
    int mtu = BleMapping.DEFAULT_ATT_MTU;
    final String prefix = devicePath + "/";
    for (Map.Entry<String, Map<String, Map<String, Variant<?>>>> object : objects.entrySet()) {
      final Map<String, Variant<?>> characteristic =
          object.getValue().get(BlueZ.GATT_CHARACTERISTIC_INTERFACE);
      if (characteristic == null || !object.getKey().startsWith(prefix)) {
        continue;
      }
      final String uuid = Variants.string(characteristic.get(BlueZ.UUID));
      if (config.txCharacteristicUuid().equalsIgnoreCase(uuid)) {
        tx = object.getKey();
      } else if (config.rxCharacteristicUuid().equalsIgnoreCase(uuid)) {
        rx = object.getKey();
        mtu = Math.max(mtu, Variants.integer(characteristic.get(BlueZ.MTU), mtu));
      }
    }
    if (tx == null || rx == null) {
      throw new BleBadgeLink.ConnectFailure(
          "badge characteristics not found, device="
              + devicePath
              + " txUuid="
              + config.txCharacteristicUuid()
              + (tx == null ? " (missing)" : "")
              + " rxUuid="
              + config.rxCharacteristicUuid()
              + (rx == null ? " (missing)" : ""));
    }
    return new GattPaths(tx, rx, mtu);
  }
}
