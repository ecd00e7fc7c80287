package dev.rapport.badge.transport.testing.bluez;

import dev.rapport.badge.protocol.BleMapping;
import dev.rapport.badge.transport.ble.bluez.BlueZ;
import dev.rapport.badge.transport.ble.bluez.Device1;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.types.UInt16;
import org.freedesktop.dbus.types.Variant;

/**
 * A remote device in the fake BlueZ. Connect behaves like bluetoothd's: Connected turns true, the
 * GATT objects appear (InterfacesAdded), then ServicesResolved turns true, either before Connect
 * returns or a moment later ({@link #resolveServicesLate}). A lost link reverses it.
 */
public final class FakeDevice extends FakeBluezObject implements Device1 {
  public static final int DEFAULT_MTU = BleMapping.DEFAULT_ATT_MTU;

  private final String address;
  private final boolean badgeGatt;
  private final List<byte[]> onStartNotify = new CopyOnWriteArrayList<>();
  private volatile boolean reachable = true;
  private volatile long resolveServicesLateMs;
  private volatile Consumer<byte[]> writeListener = value -> {};
  private int connectCalls;
  private int disconnectCalls;
  private boolean present;
  private FakeGattService service;
  private FakeGattCharacteristic tx;
  private FakeGattCharacteristic rx;

  FakeDevice(
      FakeBluez bluez,
      String path,
      String address,
      String name,
      List<String> uuids,
      boolean badgeGatt) {
    super(bluez, path, BlueZ.DEVICE_INTERFACE);
    this.address = address;
    this.badgeGatt = badgeGatt;
    init(BlueZ.ADDRESS, new Variant<>(address));
    if (name != null) {
      init(BlueZ.NAME, new Variant<>(name));
    }
    init(BlueZ.ALIAS, new Variant<>(name != null ? name : address.replace(':', '-')));
    init(BlueZ.UUIDS, new Variant<>(uuids.toArray(new String[0])));
    init(BlueZ.CONNECTED, new Variant<>(Boolean.FALSE));
    init(BlueZ.SERVICES_RESOLVED, new Variant<>(Boolean.FALSE));
    init(BlueZ.RSSI, new Variant<>((short) -61));
    init("Adapter", new Variant<>(new DBusPath(FakeBluez.ADAPTER_PATH)));
  }

  static Variant<?> manufacturerData(int badgeId, int batteryPercent) {
    final byte[] data = {1, (byte) badgeId, (byte) (badgeId >>> 8), (byte) batteryPercent};
    final Map<UInt16, Variant<?>> byCompany = new HashMap<>();
    byCompany.put(new UInt16(BleMapping.MANUFACTURER_ID), new Variant<>(data));
    return new Variant<>(byCompany, "a{qv}");
  }

  public String address() {
    return address;
  }

  // --- what the test does to the radio world ---

  /** BlueZ (re)discovers the device: it is exported and announced, and answers again. */
  public synchronized void appear() {
    reachable = true;
    if (!present) {
      present = true;
      bluez.exportAndAnnounce(this);
    }
  }

  /**
   * BlueZ forgets the device (out of range too long): the link drops, then InterfacesRemoved. Being
   * out of range, it does not answer a Connect in between.
   */
  public void remove() {
    reachable = false;
    dropConnection();
    synchronized (this) {
      if (present) {
        present = false;
        bluez.unexportAndAnnounce(this);
      }
    }
  }

  /** The radio link breaks (badge out of range, battery pulled): as BlueZ reports a loss. */
  public void dropConnection() {
    tearDown();
  }

  /** While false, Connect fails as it does for a badge that does not answer. */
  public void reachable(boolean isReachable) {
    reachable = isReachable;
  }

  /** Emit ServicesResolved this long after Connect returned, instead of before. */
  public void resolveServicesLate(Duration delay) {
    resolveServicesLateMs = delay.toMillis();
  }

  /** Values the badge notifies the instant notifications are enabled (inside StartNotify). */
  public void onStartNotify(byte[] value) {
    onStartNotify.add(value.clone());
  }

  /** One notification from the badge on its TX characteristic. */
  public void notifyValue(byte[] value) {
    final FakeGattCharacteristic characteristic;
    synchronized (this) {
      characteristic = tx;
    }
    if (characteristic == null) {
      throw new IllegalStateException("not connected, device=" + address);
    }
    characteristic.notifyValue(value);
  }

  /** The badge advertises a new battery level. */
  public void advertise(int badgeId, int batteryPercent) {
    change(BlueZ.MANUFACTURER_DATA, manufacturerData(badgeId, batteryPercent));
  }

  /**
   * Hands every value the gateway writes to the RX characteristic to {@code listener}, on the D-Bus
   * thread that serves the write, so that a simulated badge can answer what the gateway sends
   * (TIME_SYNC requests, commands). The value is a copy the listener may keep.
   */
  public void onWrite(Consumer<byte[]> listener) {
    writeListener = java.util.Objects.requireNonNull(listener, "listener");
  }

  /** Waits until the gateway wrote at least {@code count} bytes to the RX characteristic. */
  public byte[] awaitWritten(int count, Duration timeout) throws InterruptedException {
    final FakeGattCharacteristic characteristic;
    synchronized (this) {
      characteristic = rx;
    }
    if (characteristic == null) {
      throw new IllegalStateException("not connected, device=" + address);
    }
    return characteristic.written().await(count, timeout);
  }

  /** Lengths of the writes the RX characteristic received, in order. */
  public synchronized List<Integer> writeLengths() {
    return rx == null ? List.of() : rx.writeLengths();
  }

  /** The "type" option of each write ("command" = without response). */
  public synchronized List<String> writeTypes() {
    return rx == null ? List.of() : rx.writeTypes();
  }

  public synchronized boolean connected() {
    return service != null;
  }

  public synchronized boolean notifying() {
    return tx != null && tx.notifying();
  }

  public synchronized int connectCalls() {
    return connectCalls;
  }

  public synchronized int disconnectCalls() {
    return disconnectCalls;
  }

  /** Waits until Connect has been called at least {@code count} times. */
  public synchronized void awaitConnectCalls(int count, Duration timeout)
      throws InterruptedException {
    final long deadlineNs = System.nanoTime() + timeout.toNanos();
    while (connectCalls < count) {
      final long remainingNs = deadlineNs - System.nanoTime();
      if (remainingNs <= 0) {
        throw new AssertionError(
            "expected " + count + " Connect calls within " + timeout + ", got " + connectCalls);
      }
      TimeUnit.NANOSECONDS.timedWait(this, remainingNs);
    }
  }

  // --- org.bluez.Device1, called by the gateway over D-Bus ---

  @Override
  public void Connect() {
    synchronized (this) {
      connectCalls++;
      notifyAll();
      if (!reachable) {
        throw new DBusExecutionException("le-connection-abort-by-local");
      }
      if (service != null) {
        return;
      }
    }
    change(BlueZ.CONNECTED, new Variant<>(Boolean.TRUE));
    if (badgeGatt) {
      exportGatt();
    }
    final long lateMs = resolveServicesLateMs;
    if (lateMs <= 0) {
      change(BlueZ.SERVICES_RESOLVED, new Variant<>(Boolean.TRUE));
    } else {
      final Thread resolver =
          new Thread(
              () -> {
                try {
                  Thread.sleep(lateMs); // simulating BlueZ's service discovery taking a while
                  change(BlueZ.SERVICES_RESOLVED, new Variant<>(Boolean.TRUE));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "fake-bluez-resolve " + address);
      resolver.setDaemon(true);
      resolver.start();
    }
  }

  @Override
  public void Disconnect() {
    synchronized (this) {
      disconnectCalls++;
    }
    tearDown();
  }

  private void exportGatt() {
    final String servicePath = getObjectPath() + "/service0010";
    final FakeGattService newService =
        new FakeGattService(bluez, servicePath, BleMapping.SERVICE_UUID, getObjectPath());
    final FakeGattCharacteristic newTx =
        new FakeGattCharacteristic(
            bluez,
            servicePath + "/char0011",
            BleMapping.TX_NOTIFY_CHARACTERISTIC_UUID,
            servicePath,
            List.of("notify"),
            DEFAULT_MTU,
            onStartNotify,
            value -> {});
    final FakeGattCharacteristic newRx =
        new FakeGattCharacteristic(
            bluez,
            servicePath + "/char0014",
            BleMapping.RX_WRITE_CHARACTERISTIC_UUID,
            servicePath,
            List.of("write-without-response"),
            DEFAULT_MTU,
            List.of(),
            value -> writeListener.accept(value));
    bluez.exportAndAnnounce(newService);
    bluez.exportAndAnnounce(newTx);
    bluez.exportAndAnnounce(newRx);
    synchronized (this) {
      service = newService;
      tx = newTx;
      rx = newRx;
    }
  }

  private void tearDown() {
    final FakeGattService oldService;
    final FakeGattCharacteristic oldTx;
    final FakeGattCharacteristic oldRx;
    final boolean wasConnected;
    synchronized (this) {
      wasConnected = Boolean.TRUE.equals(property(BlueZ.CONNECTED).getValue());
      oldService = service;
      oldTx = tx;
      oldRx = rx;
      service = null;
      tx = null;
      // rx is kept so that a test can still read what was written before the loss
    }
    if (!wasConnected) {
      return;
    }
    change(BlueZ.SERVICES_RESOLVED, new Variant<>(Boolean.FALSE));
    change(BlueZ.CONNECTED, new Variant<>(Boolean.FALSE));
    if (oldService != null) {
      bluez.unexportAndAnnounce(oldTx);
      bluez.unexportAndAnnounce(oldRx);
      bluez.unexportAndAnnounce(oldService);
    }
  }
}
