package dev.rapport.badge.transport.ble.bluez;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.types.Variant;

/**
 * What BlueZ announces on D-Bus, reduced to plain arguments. Called on the connection's single
 * signal thread, in the order BlueZ sent them.
 */
public interface BlueZSignals {
  /** An object appeared (a device found by discovery, GATT objects after a connect). */
  void onInterfacesAdded(String objectPath, Map<String, Map<String, Variant<?>>> interfaces);

  /** Interfaces of an object went away (a device forgotten, GATT objects after a disconnect). */
  void onInterfacesRemoved(String objectPath, List<String> interfaces);

  /** Properties of one interface changed; a notification is a change of {@code Value}. */
  void onPropertiesChanged(
      String objectPath, String interfaceName, Map<String, Variant<?>> changed);
}
