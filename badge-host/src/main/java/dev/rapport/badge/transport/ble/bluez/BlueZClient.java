package dev.rapport.badge.transport.ble.bluez;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.matchrules.DBusMatchRuleBuilder;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our thin layer over BlueZ's D-Bus API: one private connection, typed proxies for the few
 * interfaces we use, and BlueZ's signals delivered to one {@link BlueZSignals}. Production connects
 * to the system bus; tests pass the address of an embedded daemon. Thread-safe.
 */
public final class BlueZClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BlueZClient.class);

  /** Every object BlueZ exports lives under this path; signals elsewhere are not ours. */
  private static final String BLUEZ_PATH_NAMESPACE = "/org/bluez";

  private final DBusConnection connection;
  private final List<AutoCloseable> subscriptions = new ArrayList<>();

  private BlueZClient(DBusConnection connection) {
    this.connection = connection;
  }

  /** Connects to the system bus, where bluetoothd lives. */
  public static BlueZClient connectSystemBus() throws DBusException {
    return new BlueZClient(configure(DBusConnectionBuilder.forSystemBus()));
  }

  /** Connects to the bus at {@code busAddress}, e.g. {@code unix:path=/tmp/test-bus}. */
  public static BlueZClient connect(String busAddress) throws DBusException {
    Objects.requireNonNull(busAddress, "busAddress");
    return new BlueZClient(configure(DBusConnectionBuilder.forAddress(busAddress)));
  }

  private static DBusConnection configure(DBusConnectionBuilder builder) throws DBusException {
    // One signal thread: notifications of one badge must reach the decoder in the order BlueZ
    // emitted them, and a pool would reorder them. A private connection keeps our handlers off
    // any other user's shared connection.
    return builder
        .withShared(false)
        .receivingThreadConfig()
        .withSignalThreadCount(1)
        .connectionConfig()
        .build();
  }

  /**
   * Routes BlueZ's InterfacesAdded, InterfacesRemoved and PropertiesChanged signals to {@code
   * signals}. Call before the first method call whose effects you must not miss.
   */
  public synchronized void subscribe(BlueZSignals signals) throws DBusException {
    Objects.requireNonNull(signals, "signals");
    subscriptions.add(
        connection.addSigHandler(
            ObjectManager.InterfacesAdded.class,
            s -> signals.onInterfacesAdded(s.getSignalSource().getPath(), s.getInterfaces())));
    subscriptions.add(
        connection.addSigHandler(
            ObjectManager.InterfacesRemoved.class,
            s -> signals.onInterfacesRemoved(s.getSignalSource().getPath(), s.getInterfaces())));
    subscriptions.add(
        connection.<Properties.PropertiesChanged>addSigHandler(
            DBusMatchRuleBuilder.create()
                .withType(Properties.PropertiesChanged.class)
                .withPathNamespace(BLUEZ_PATH_NAMESPACE)
                .build(),
            s ->
                signals.onPropertiesChanged(
                    s.getPath(), s.getInterfaceName(), s.getPropertiesChanged())));
  }

  /** BlueZ's whole object tree: object path -> interface name -> property name -> value. */
  public Map<String, Map<String, Map<String, Variant<?>>>> managedObjects() throws DBusException {
    final ObjectManager manager =
        connection.getRemoteObject(BlueZ.BUS_NAME, "/", ObjectManager.class);
    final Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects = manager.GetManagedObjects();
    final Map<String, Map<String, Map<String, Variant<?>>>> byPath = new HashMap<>();
    objects.forEach((path, interfaces) -> byPath.put(path.getPath(), interfaces));
    return byPath;
  }

  /** All properties of one interface of one object. */
  public Map<String, Variant<?>> properties(String objectPath, String interfaceName)
      throws DBusException {
    return remote(objectPath, Properties.class).GetAll(interfaceName);
  }

  public Adapter1 adapter(String objectPath) throws DBusException {
    return remote(objectPath, Adapter1.class);
  }

  public Device1 device(String objectPath) throws DBusException {
    return remote(objectPath, Device1.class);
  }

  public GattCharacteristic1 characteristic(String objectPath) throws DBusException {
    return remote(objectPath, GattCharacteristic1.class);
  }

  private <T extends DBusInterface> T remote(String objectPath, Class<T> type)
      throws DBusException {
    return connection.getRemoteObject(BlueZ.BUS_NAME, objectPath, type);
  }

  @Override
  public synchronized void close() {
    for (AutoCloseable subscription : subscriptions) {
      try {
        subscription.close();
      } catch (Exception e) {
        LOG.warn("removing a BlueZ signal handler failed", e);
      }
    }
    subscriptions.clear();
    try {
      connection.close();
    } catch (IOException e) {
      LOG.warn("closing the D-Bus connection failed", e);
    }
  }
}
