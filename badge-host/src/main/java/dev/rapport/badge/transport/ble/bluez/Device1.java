package dev.rapport.badge.transport.ble.bluez;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * BlueZ's {@code org.bluez.Device1}: a remote device found by discovery. Properties read here:
 * Address, Name, Alias, UUIDs, Connected, ServicesResolved, ManufacturerData (a{qv}), RSSI (n).
 */
@DBusInterfaceName(BlueZ.DEVICE_INTERFACE)
public interface Device1 extends DBusInterface {
  /** Returns once connected; GATT services are usable only after ServicesResolved turns true. */
  void Connect();

  void Disconnect();
}
