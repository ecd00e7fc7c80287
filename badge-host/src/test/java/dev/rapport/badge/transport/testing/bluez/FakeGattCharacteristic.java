package dev.rapport.badge.transport.testing.bluez;

import dev.rapport.badge.transport.ble.bluez.BlueZ;
import dev.rapport.badge.transport.ble.bluez.GattCharacteristic1;
import dev.rapport.badge.transport.ble.bluez.Variants;
import dev.rapport.badge.transport.testing.ByteSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.types.UInt16;
import org.freedesktop.dbus.types.Variant;

/**
 * A badge characteristic. TX notifies: after StartNotify each {@link #notifyValue} becomes a
 * PropertiesChanged of Value, like BlueZ; values queued with {@link FakeDevice#onStartNotify} are
 * emitted inside StartNotify, before its reply, as a badge sending HELLO at once would cause. RX
 * records every WriteValue.
 */
final class FakeGattCharacteristic extends FakeBluezObject implements GattCharacteristic1 {
  private final List<byte[]> onStartNotify;
  private final Consumer<byte[]> onWrite;
  private final ByteSink written = new ByteSink();
  private final List<Integer> writeLengths = new ArrayList<>();
  private final List<String> writeTypes = new ArrayList<>();
  private boolean notifying;

  FakeGattCharacteristic(
      FakeBluez bluez,
      String path,
      String uuid,
      String servicePath,
      List<String> flags,
      int mtu,
      List<byte[]> onStartNotify,
      Consumer<byte[]> onWrite) {
    super(bluez, path, BlueZ.GATT_CHARACTERISTIC_INTERFACE);
    this.onStartNotify = onStartNotify;
    this.onWrite = onWrite;
    init(BlueZ.UUID, new Variant<>(uuid));
    init("Service", new Variant<>(new DBusPath(servicePath)));
    init(BlueZ.VALUE, new Variant<>(new byte[0]));
    init(BlueZ.NOTIFYING, new Variant<>(Boolean.FALSE));
    init(BlueZ.FLAGS, new Variant<>(flags.toArray(new String[0])));
    init(BlueZ.MTU, new Variant<>(new UInt16(mtu)));
  }

  @Override
  public void StartNotify() {
    synchronized (this) {
      notifying = true;
    }
    change(BlueZ.NOTIFYING, new Variant<>(Boolean.TRUE));
    for (byte[] value : onStartNotify) {
      notifyValue(value);
    }
  }

  @Override
  public void StopNotify() {
    synchronized (this) {
      notifying = false;
    }
    change(BlueZ.NOTIFYING, new Variant<>(Boolean.FALSE));
  }

  void notifyValue(byte[] value) {
    synchronized (this) {
      if (!notifying) {
        throw new IllegalStateException(
            "notifications are off on "
                + getObjectPath()
                + ": the gateway never called StartNotify");
      }
    }
    change(BlueZ.VALUE, new Variant<>(value.clone()));
  }

  @Override
  public void WriteValue(byte[] value, Map<String, Variant<?>> options) {
    final int mtu = Variants.integer(property(BlueZ.MTU), 23);
    if (value.length > mtu - 3) {
      // BlueZ refuses a write without response longer than one ATT PDU.
      throw new DBusExecutionException(
          "value longer than ATT_MTU - 3, length=" + value.length + " mtu=" + mtu);
    }
    synchronized (this) {
      writeLengths.add(value.length);
      writeTypes.add(Variants.string(options.get("type")));
    }
    written.append(value, 0, value.length);
    onWrite.accept(value.clone());
  }

  ByteSink written() {
    return written;
  }

  synchronized List<Integer> writeLengths() {
    return List.copyOf(writeLengths);
  }

  synchronized List<String> writeTypes() {
    return List.copyOf(writeTypes);
  }

  synchronized boolean notifying() {
    return notifying;
  }
}
