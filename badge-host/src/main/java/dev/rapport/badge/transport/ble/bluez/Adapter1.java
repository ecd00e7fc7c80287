package dev.rapport.badge.transport.ble.bluez;

import java.util.Map;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/** BlueZ's {@code org.bluez.Adapter1}: the local Bluetooth controller (e.g. /org/bluez/hci0). */
@DBusInterfaceName(BlueZ.ADAPTER_INTERFACE)
public interface Adapter1 extends DBusInterface {
  void StartDiscovery();

  void StopDiscovery();

  /** Keys used here: {@code UUIDs} (as), {@code Transport} (s), {@code DuplicateData} (b). */
  void SetDiscoveryFilter(Map<String, Variant<?>> filter);
}
