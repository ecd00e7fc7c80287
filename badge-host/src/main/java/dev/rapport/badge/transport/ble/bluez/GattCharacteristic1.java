package dev.rapport.badge.transport.ble.bluez;

import java.util.Map;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/**
 * BlueZ's {@code org.bluez.GattCharacteristic1}. Notifications do not come as calls: after {@link
 * #StartNotify} BlueZ emits {@code PropertiesChanged} of {@code Value} on the characteristic's path
 * for each one, and the first may be emitted before StartNotify returns.
 */
@DBusInterfaceName(BlueZ.GATT_CHARACTERISTIC_INTERFACE)
public interface GattCharacteristic1 extends DBusInterface {
  void StartNotify();

  void StopNotify();

  /** Option {@code type}: {@code "command"} writes without response, {@code "request"} with. */
  void WriteValue(byte[] value, Map<String, Variant<?>> options);
}
