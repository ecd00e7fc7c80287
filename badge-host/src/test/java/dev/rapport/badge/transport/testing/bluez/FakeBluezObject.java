package dev.rapport.badge.transport.testing.bluez;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;

/**
 * One object of the fake BlueZ tree: a path, one BlueZ interface with its properties, and the
 * org.freedesktop.DBus.Properties behaviour BlueZ has (GetAll, and a PropertiesChanged signal for
 * every change).
 */
abstract class FakeBluezObject implements Properties {
  final FakeBluez bluez;
  private final String path;
  private final String interfaceName;
  private final Map<String, Variant<?>> properties = new LinkedHashMap<>();

  FakeBluezObject(FakeBluez bluez, String path, String interfaceName) {
    this.bluez = bluez;
    this.path = path;
    this.interfaceName = interfaceName;
  }

  @Override
  public String getObjectPath() {
    return path;
  }

  String interfaceName() {
    return interfaceName;
  }

  synchronized Map<String, Variant<?>> snapshot() {
    return new LinkedHashMap<>(properties);
  }

  /** Sets a property without a signal: for the initial state, before the object is exported. */
  synchronized void init(String name, Variant<?> value) {
    properties.put(name, value);
  }

  synchronized Variant<?> property(String name) {
    return properties.get(name);
  }

  /** Sets a property and emits PropertiesChanged, as BlueZ does. */
  void change(String name, Variant<?> value) {
    synchronized (this) {
      properties.put(name, value);
    }
    bluez.emit(
        () ->
            new Properties.PropertiesChanged(path, interfaceName, Map.of(name, value), List.of()));
  }

  @Override
  public synchronized Map<String, Variant<?>> GetAll(String requestedInterface) {
    return requestedInterface.equals(interfaceName) ? snapshot() : Map.of();
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <A> A Get(String requestedInterface, String name) {
    final Variant<?> value = properties.get(name);
    return value == null ? null : (A) value.getValue();
  }

  @Override
  public <A> void Set(String requestedInterface, String name, A value) {
    throw new UnsupportedOperationException(
        "the fake BlueZ has no writable properties, name=" + name);
  }

  /** Unchecked wrapper so fakes can emit from D-Bus method bodies. */
  static RuntimeException wrap(DBusException e) {
    return new IllegalStateException("fake BlueZ could not emit a signal", e);
  }
}
