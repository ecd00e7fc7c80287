package dev.rapport.badge.transport.ble;

import dev.rapport.badge.protocol.BleMapping;
import dev.rapport.badge.transport.BadgeLink;
import dev.rapport.badge.transport.BoundedByteQueue;
import dev.rapport.badge.transport.LinkCounters;
import dev.rapport.badge.transport.LinkEvents;
import dev.rapport.badge.transport.LinkListener;
import dev.rapport.badge.transport.LinkState;
import dev.rapport.badge.transport.ReconnectBackoff;
import dev.rapport.badge.transport.ble.bluez.BlueZ;
import dev.rapport.badge.transport.ble.bluez.BlueZClient;
import dev.rapport.badge.transport.ble.bluez.GattCharacteristic1;
import dev.rapport.badge.transport.ble.bluez.Variants;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One badge over BLE through BlueZ: connect, wait for ServicesResolved, find the badge's TX
 * (notify) and RX (write) characteristics, enable notifications, deliver each notification's bytes,
 * write sends without response, and reconnect with backoff after a loss. Created by {@link
 * BleCentral} when it recognises a badge.
 *
 * <p>The notification route is registered before StartNotify: a badge sends its first frames
 * (HELLO) as soon as notifications are on, and BlueZ may emit them before StartNotify returns.
 * Bytes can therefore reach the listener while the state is still CONNECTING.
 *
 * <p>State changes happen under {@code lock}, each connect attempt and each loss bumps {@code
 * generation}, and a connect attempt that finds the generation moved on gives up: that is how a
 * loss reported on the signal thread wins over a connect in progress on the connect thread.
 */
public final class BleBadgeLink implements BadgeLink {
  private static final Logger LOG = LoggerFactory.getLogger(BleBadgeLink.class);

  /** ATT needs 3 bytes of each PDU for its own header. */
  private static final int ATT_HEADER_BYTES = 3;

  private static final long CLOSE_TIMEOUT_MS = 5_000;

  /** Write without response: commands are idempotent or acknowledged by the protocol itself. */
  private static final Map<String, Variant<?>> WRITE_COMMAND =
      Map.of("type", new Variant<>("command"));

  private final BleCentral central;
  private final String devicePath;
  private final String address;
  private final String id;
  private final LinkEvents events;
  private final BoundedByteQueue outbound;
  private final ReconnectBackoff backoff; // connect thread only
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Runnable drainTask = this::drainOutbound;
  private final Runnable connectTask = this::connectOnce;
  private final Object lock = new Object();

  private byte[] notificationBuffer = new byte[BleMapping.DEFAULT_ATT_MTU]; // signal thread only
  private final byte[] writeBuffer; // write thread only
  private volatile BleAdvertisement advertisement;

  // Guarded by lock.
  private int generation;
  private boolean servicesResolved;
  private boolean closing;
  private boolean connectedByUs;
  private String txPath;
  private GattCharacteristic1 rx;
  private int writeChunkBytes = BleMapping.DEFAULT_ATT_MTU - ATT_HEADER_BYTES;
  private ScheduledFuture<?> pendingConnect;

  BleBadgeLink(BleCentral central, String devicePath, String address) {
    this.central = central;
    this.devicePath = devicePath;
    this.address = address;
    this.id = "ble:" + address;
    this.events = new LinkEvents(this);
    this.outbound = new BoundedByteQueue(central.config().sendQueueBytes());
    this.writeBuffer = new byte[central.config().sendQueueBytes()];
    this.backoff = central.config().backoff().newBackoff(central.random());
  }

  @Override
  public String id() {
    return id;
  }

  public String address() {
    return address;
  }

  /** BlueZ's object path of the device, e.g. /org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF. */
  public String devicePath() {
    return devicePath;
  }

  /** The latest advertisement BlueZ reported for this badge (battery, RSSI); never null. */
  public BleAdvertisement advertisement() {
    return advertisement;
  }

  @Override
  public void start(LinkListener listener) {
    synchronized (lock) {
      events.start(listener);
      scheduleConnect(0);
    }
  }

  @Override
  public boolean send(byte[] bytes, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    if (events.state() != LinkState.CONNECTED || !outbound.offer(bytes, offset, length)) {
      events.counters().onSendFailure();
      return false;
    }
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        central.writer().execute(drainTask);
      } catch (RejectedExecutionException e) {
        drainScheduled.set(false);
        events.counters().onSendFailure();
        return false;
      }
    }
    return true;
  }

  @Override
  public LinkState state() {
    return events.state();
  }

  @Override
  public LinkCounters counters() {
    return events.counters();
  }

  // --- connect thread ---

  private void scheduleConnect(long delayNs) {
    // Called with lock held.
    if (closing) {
      return;
    }
    if (pendingConnect != null) {
      pendingConnect.cancel(false);
    }
    try {
      pendingConnect = central.connector().schedule(connectTask, delayNs, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("central is closing, no reconnect scheduled, linkId={}", id);
    }
  }

  private void connectOnce() {
    final int attempt;
    synchronized (lock) {
      if (closing) {
        return;
      }
      pendingConnect = null;
      attempt = ++generation;
      servicesResolved = false;
      events.changeState(LinkState.CONNECTING, "connecting, device=" + devicePath);
    }
    final BlueZClient client = central.client();
    String tx = null;
    try {
      final Map<String, Variant<?>> device = client.properties(devicePath, BlueZ.DEVICE_INTERFACE);
      if (!Variants.bool(device.get(BlueZ.CONNECTED))) {
        client.device(devicePath).Connect();
        synchronized (lock) {
          connectedByUs = true;
        }
      }
      awaitServicesResolved(attempt);
      final GattPaths gatt = GattPaths.find(client.managedObjects(), devicePath, central.config());
      tx = gatt.txPath();
      final GattCharacteristic1 rxCharacteristic = client.characteristic(gatt.rxPath());
      synchronized (lock) {
        requireCurrent(attempt);
        txPath = tx;
        rx = rxCharacteristic;
        writeChunkBytes = gatt.mtu() - ATT_HEADER_BYTES;
      }
      central.routeNotifications(tx, this); // before StartNotify, see class comment
      client.characteristic(tx).StartNotify();
      synchronized (lock) {
        requireCurrent(attempt);
        backoff.reset();
        events.counters().onConnect();
        events.changeState(
            LinkState.CONNECTED,
            "connected, device="
                + devicePath
                + " tx="
                + tx
                + " rx="
                + gatt.rxPath()
                + " mtu="
                + gatt.mtu());
      }
    } catch (DBusException | DBusExecutionException | ConnectFailure e) {
      connectFailed(attempt, tx, e);
    } catch (RuntimeException e) {
      // Not a D-Bus error but a bug or a surprise from dbus-java: log it in full, and still
      // retry, because an exception left in the executor's Future would strand the link.
      LOG.error("unexpected failure while connecting, linkId={}", id, e);
      connectFailed(attempt, tx, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the central is shutting down
    }
  }

  private void connectFailed(int attempt, String tx, Exception cause) {
    final boolean disconnect;
    synchronized (lock) {
      if (closing) {
        return;
      }
      if (tx != null && tx.equals(txPath)) {
        txPath = null;
        rx = null;
      }
      central.unrouteNotifications(tx);
      events.counters().onConnectFailure();
      events.changeState(
          LinkState.DISCONNECTED,
          "connect failed, device=" + devicePath + " cause=" + describe(cause));
      disconnect = connectedByUs && generation == attempt;
      connectedByUs = false;
    }
    if (disconnect) {
      // We connected but could not finish: do not leave the badge connected and unused.
      disconnectQuietly();
    }
    final long delayNs = backoff.nextDelayNs();
    synchronized (lock) {
      scheduleConnect(delayNs);
    }
  }

  private void awaitServicesResolved(int attempt)
      throws DBusException, ConnectFailure, InterruptedException {
    // BlueZ may have resolved services before Connect returned; then no signal will follow.
    final Map<String, Variant<?>> device =
        central.client().properties(devicePath, BlueZ.DEVICE_INTERFACE);
    if (Variants.bool(device.get(BlueZ.SERVICES_RESOLVED))) {
      return;
    }
    final long timeoutMs = central.config().servicesResolvedTimeoutMs();
    final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    synchronized (lock) {
      while (!servicesResolved) {
        requireCurrent(attempt);
        final long remainingNs = deadlineNs - System.nanoTime();
        if (remainingNs <= 0) {
          throw new ConnectFailure(
              "services not resolved within " + timeoutMs + " ms, device=" + devicePath);
        }
        TimeUnit.NANOSECONDS.timedWait(lock, remainingNs);
      }
    }
  }

  /** Called with lock held. */
  private void requireCurrent(int attempt) throws ConnectFailure {
    if (closing) {
      throw new ConnectFailure("link closed during connect");
    }
    if (generation != attempt) {
      throw new ConnectFailure("connection lost during connect");
    }
  }

  private void disconnectQuietly() {
    try {
      central.client().device(devicePath).Disconnect();
    } catch (DBusException | DBusExecutionException e) {
      LOG.warn("disconnect failed, linkId={} cause={}", id, describe(e));
    }
  }

  // --- signal thread ---

  void onServicesResolved(boolean resolved) {
    synchronized (lock) {
      servicesResolved = resolved;
      lock.notifyAll();
    }
  }

  void onConnectionLost(String reason) {
    synchronized (lock) {
      if (closing) {
        return;
      }
      final LinkState state = events.state();
      generation++; // a connect in progress gives up
      servicesResolved = false;
      lock.notifyAll();
      if (state != LinkState.CONNECTED) {
        return; // a connect attempt fails by itself, or a retry is already scheduled
      }
      central.unrouteNotifications(txPath);
      txPath = null;
      rx = null;
      connectedByUs = false;
      final int dropped = outbound.clear();
      if (dropped > 0) {
        events.counters().onOutBytesDiscarded(dropped);
      }
      events.counters().onDisconnect();
      events.changeState(LinkState.DISCONNECTED, reason);
    }
    scheduleReconnectWithBackoff();
  }

  /** BlueZ found the device again: a waiting reconnect need not sit out its backoff. */
  void onDeviceReappeared() {
    synchronized (lock) {
      if (!closing && events.state() == LinkState.DISCONNECTED && pendingConnect != null) {
        scheduleConnect(0);
      }
    }
  }

  private void scheduleReconnectWithBackoff() {
    try {
      // The backoff is not thread-safe: draw the delay on the connect thread.
      central
          .connector()
          .execute(
              () -> {
                final long delayNs = backoff.nextDelayNs();
                synchronized (lock) {
                  scheduleConnect(delayNs);
                }
              });
    } catch (RejectedExecutionException e) {
      LOG.debug("central is closing, no reconnect, linkId={}", id);
    }
  }

  void onNotification(Object value, long receiveNanos) {
    final int length = Variants.byteLength(value);
    if (length < 0) {
      LOG.warn("notification Value is not a byte array, linkId={} value={}", id, value);
      return;
    }
    if (length > notificationBuffer.length) {
      // Grows to the largest notification seen (at most an ATT MTU), then never again.
      notificationBuffer = new byte[Math.max(length, notificationBuffer.length * 2)];
    }
    Variants.copyBytes(value, notificationBuffer);
    events.deliver(notificationBuffer, 0, length, receiveNanos);
  }

  void updateAdvertisement(BleAdvertisement latest) {
    advertisement = latest;
  }

  // --- write thread ---

  private void drainOutbound() {
    drainScheduled.set(false); // first: a send from now on schedules another drain
    while (true) {
      final GattCharacteristic1 target;
      final int chunkBytes;
      synchronized (lock) {
        target = rx;
        chunkBytes = writeChunkBytes;
      }
      if (target == null) {
        final int dropped = outbound.clear();
        if (dropped > 0) {
          events.counters().onOutBytesDiscarded(dropped);
        }
        return;
      }
      final int count;
      try {
        count = outbound.poll(writeBuffer, chunkBytes, 0);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (count == 0) {
        return;
      }
      // D-Bus sends whole arrays, so each write needs an array of exactly its length.
      final byte[] value = Arrays.copyOf(writeBuffer, count);
      try {
        target.WriteValue(value, WRITE_COMMAND);
        events.counters().onBytesOut(count);
      } catch (DBusExecutionException e) {
        events.counters().onOutBytesDiscarded(count);
        LOG.warn("BLE write failed, linkId={} bytes={} cause={}", id, count, describe(e));
      } catch (RuntimeException e) {
        events.counters().onOutBytesDiscarded(count);
        LOG.error("BLE write failed unexpectedly, linkId={} bytes={}", id, count, e);
      }
    }
  }

  // --- owner ---

  @Override
  public void close() {
    final boolean release;
    synchronized (lock) {
      if (closing) {
        return;
      }
      closing = true;
      generation++;
      lock.notifyAll();
      if (pendingConnect != null) {
        pendingConnect.cancel(false);
        pendingConnect = null;
      }
      central.unrouteNotifications(txPath);
      release = events.state() == LinkState.CONNECTED || connectedByUs;
      txPath = null;
      rx = null;
      final int dropped = outbound.clear();
      if (dropped > 0) {
        events.counters().onOutBytesDiscarded(dropped);
      }
    }
    if (release) {
      releaseDevice();
    }
    events.changeState(LinkState.CLOSED, "closed by owner");
  }

  /** Disconnects the badge on the connect thread, so it cannot interleave with a connect. */
  private void releaseDevice() {
    try {
      final Future<?> done = central.connector().submit(this::disconnectQuietly);
      done.get(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      disconnectQuietly(); // the central's threads are gone; do it here
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("releasing the badge failed, linkId={} cause={}", id, describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  @Override
  public String toString() {
    return id + " " + events.state();
  }

  /** A connect step that failed for a reason of ours rather than a D-Bus error. */
  static final class ConnectFailure extends Exception {
    private static final long serialVersionUID = 1L;

    ConnectFailure(String message) {
      super(message);
    }
  }
}
