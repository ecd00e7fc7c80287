package dev.rapport.badge.transport.ble.bluez;

/** Names BlueZ uses on D-Bus, in one place. */
public final class BlueZ {
  public static final String BUS_NAME = "org.bluez";
  public static final String ADAPTER_INTERFACE = "org.bluez.Adapter1";
  public static final String DEVICE_INTERFACE = "org.bluez.Device1";
  public static final String GATT_SERVICE_INTERFACE = "org.bluez.GattService1";
  public static final String GATT_CHARACTERISTIC_INTERFACE = "org.bluez.GattCharacteristic1";

  public static final String DEFAULT_ADAPTER_PATH = "/org/bluez/hci0";

  // Adapter1 properties
  public static final String POWERED = "Powered";

  // Device1 properties
  public static final String ADDRESS = "Address";
  public static final String NAME = "Name";
  public static final String ALIAS = "Alias";
  public static final String UUIDS = "UUIDs";
  public static final String CONNECTED = "Connected";
  public static final String SERVICES_RESOLVED = "ServicesResolved";
  public static final String MANUFACTURER_DATA = "ManufacturerData";
  public static final String RSSI = "RSSI";

  // GattService1 / GattCharacteristic1 properties
  public static final String UUID = "UUID";
  public static final String VALUE = "Value";
  public static final String NOTIFYING = "Notifying";
  public static final String FLAGS = "Flags";
  public static final String MTU = "MTU";

  private BlueZ() {}

  /** BlueZ names a device object after its address: /org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF. */
  public static String devicePath(String adapterPath, String address) {
    return adapterPath + "/dev_" + address.replace(':', '_');
  }
}
