package dev.rapport.badge.transport.testing.bluez;

import dev.rapport.badge.transport.ble.bluez.BlueZ;
import dev.rapport.badge.transport.ble.bluez.GattService1;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;

/** The badge's primary GATT service, as BlueZ exports it after resolving services. */
final class FakeGattService extends FakeBluezObject implements GattService1 {
  FakeGattService(FakeBluez bluez, String path, String uuid, String devicePath) {
    super(bluez, path, BlueZ.GATT_SERVICE_INTERFACE);
    init(BlueZ.UUID, new Variant<>(uuid));
    init("Device", new Variant<>(new DBusPath(devicePath)));
    init("Primary", new Variant<>(Boolean.TRUE));
  }
}
