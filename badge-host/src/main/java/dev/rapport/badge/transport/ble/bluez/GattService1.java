package dev.rapport.badge.transport.ble.bluez;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** BlueZ's {@code org.bluez.GattService1}: properties only (UUID, Device, Primary). */
@DBusInterfaceName(BlueZ.GATT_SERVICE_INTERFACE)
public interface GattService1 extends DBusInterface {}
