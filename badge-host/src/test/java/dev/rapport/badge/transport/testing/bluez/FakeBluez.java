package dev.rapport.badge.transport.testing.bluez;

import dev.rapport.badge.protocol.BleMapping;
import dev.rapport.badge.transport.ble.bluez.BlueZ;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.bin.EmbeddedDBusDaemon;
import org.freedesktop.dbus.connections.BusAddress;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.Variant;

/**
 * A BlueZ-shaped service on dbus-java's embedded D-Bus daemon: it owns {@code org.bluez}, exports
 * an ObjectManager at "/", an adapter at /org/bluez/hci0 and devices under it, and emits
 * InterfacesAdded, InterfacesRemoved and PropertiesChanged the way bluetoothd does, so that the
 * production BLE code runs unchanged against it (pass {@link #busAddress()} to {@code
 * BlueZClient.connect}).
 *
 * <p>A test plays the radio world: it adds badges and other devices, makes them notify, drops their
 * connection or removes them, and reads what the gateway wrote.
 */
public final class FakeBluez implements AutoCloseable {
  public static final String ADAPTER_PATH = BlueZ.DEFAULT_ADAPTER_PATH;
  private static final long DAEMON_START_TIMEOUT_MS = 10_000;

  private final String busAddress;
  private final EmbeddedDBusDaemon daemon;
  private final DBusConnection connection;
  private final FakeAdapter adapter;
  private final Map<String, FakeBluezObject> exported = new ConcurrentHashMap<>();
  private final Map<String, FakeDevice> devices = new ConcurrentHashMap<>();

  private FakeBluez(Path dir) throws DBusException {
    this.busAddress = "unix:path=" + dir.resolve("bluez-test-bus");
    this.daemon = new EmbeddedDBusDaemon(BusAddress.of(busAddress + ",listen=true"));
    daemon.startInBackgroundAndWait(DAEMON_START_TIMEOUT_MS);
    this.connection = DBusConnectionBuilder.forAddress(busAddress).withShared(false).build();
    connection.requestBusName(BlueZ.BUS_NAME);
    connection.exportObject("/", new Root());
    this.adapter = new FakeAdapter(this, ADAPTER_PATH);
    export(adapter);
  }

  /** Starts a daemon whose socket lives in {@code dir} (a test's temp dir). */
  public static FakeBluez start(Path dir) throws DBusException {
    return new FakeBluez(dir);
  }

  public String busAddress() {
    return busAddress;
  }

  public FakeAdapter adapter() {
    return adapter;
  }

  /**
   * A badge as docs/protocol.md describes it: name RAPPORT-xxxx, the badge service UUID, and
   * manufacturer data carrying protocol version 1, the badge id and the battery level.
   */
  public FakeDevice addBadge(String address, int badgeId, int batteryPercent) {
    final FakeDevice device =
        new FakeDevice(
            this,
            BlueZ.devicePath(ADAPTER_PATH, address),
            address,
            String.format("%s%04x", BleMapping.NAME_PREFIX, badgeId),
            List.of(BleMapping.SERVICE_UUID),
            true);
    device.init(BlueZ.MANUFACTURER_DATA, FakeDevice.manufacturerData(badgeId, batteryPercent));
    devices.put(address, device);
    device.appear();
    return device;
  }

  /** Any device: a badge only if name or UUIDs say so; GATT only if {@code badgeGatt}. */
  public FakeDevice addDevice(String address, String name, List<String> uuids, boolean badgeGatt) {
    final FakeDevice device =
        new FakeDevice(
            this, BlueZ.devicePath(ADAPTER_PATH, address), address, name, uuids, badgeGatt);
    devices.put(address, device);
    device.appear();
    return device;
  }

  /** The device with this address, as added by the test. */
  public FakeDevice device(String address) {
    final FakeDevice object = devices.get(address);
    if (object == null) {
      throw new IllegalArgumentException("no such fake device, address=" + address);
    }
    return object;
  }

  void export(FakeBluezObject object) {
    try {
      connection.exportObject(object.getObjectPath(), object);
    } catch (DBusException e) {
      throw FakeBluezObject.wrap(e);
    }
    exported.put(object.getObjectPath(), object);
  }

  /** Exports the object and announces it, as BlueZ does when it learns of a device or service. */
  void exportAndAnnounce(FakeBluezObject object) {
    export(object);
    emit(
        () ->
            new ObjectManager.InterfacesAdded(
                "/",
                new DBusPath(object.getObjectPath()),
                Map.of(object.interfaceName(), object.snapshot())));
  }

  void unexportAndAnnounce(FakeBluezObject object) {
    exported.remove(object.getObjectPath());
    connection.unExportObject(object.getObjectPath());
    emit(
        () ->
            new ObjectManager.InterfacesRemoved(
                "/", new DBusPath(object.getObjectPath()), List.of(object.interfaceName())));
  }

  /** Builds and sends a signal; the builder may throw the checked DBusException. */
  void emit(SignalFactory factory) {
    try {
      connection.sendMessage(factory.create());
    } catch (DBusException e) {
      throw FakeBluezObject.wrap(e);
    }
  }

  /** A signal constructor call; dbus-java's signal constructors throw DBusException. */
  @FunctionalInterface
  interface SignalFactory {
    DBusSignal create() throws DBusException;
  }

  @Override
  public void close() throws IOException {
    try {
      connection.close();
    } finally {
      daemon.close();
    }
  }

  /** org.freedesktop.DBus.ObjectManager at "/", as bluetoothd exports it. */
  private final class Root implements ObjectManager {
    @Override
    public Map<DBusPath, Map<String, Map<String, Variant<?>>>> GetManagedObjects() {
      final Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects = new LinkedHashMap<>();
      exported.forEach(
          (path, object) ->
              objects.put(new DBusPath(path), Map.of(object.interfaceName(), object.snapshot())));
      return objects;
    }

    @Override
    public String getObjectPath() {
      return "/";
    }
  }
}
