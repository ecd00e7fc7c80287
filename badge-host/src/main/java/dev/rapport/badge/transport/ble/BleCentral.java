package dev.rapport.badge.transport.ble;

import dev.rapport.badge.transport.ble.bluez.Adapter1;
import dev.rapport.badge.transport.ble.bluez.BlueZ;
import dev.rapport.badge.transport.ble.bluez.BlueZClient;
import dev.rapport.badge.transport.ble.bluez.BlueZSignals;
import dev.rapport.badge.transport.ble.bluez.Variants;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's BLE central on one adapter: runs discovery, recognises badges among the devices
 * BlueZ reports, makes one {@link BleBadgeLink} per badge, and routes BlueZ's signals (link loss,
 * services resolved, notifications) to the right link.
 *
 * <p>Threads: BlueZ signals arrive on the D-Bus connection's single signal thread, so each badge's
 * notifications stay in order. Connects run one at a time on the {@code ble-connect} thread,
 * because the controller makes one LE connection at a time anyway and parallel Connect calls only
 * earn "InProgress" errors; writes run on the {@code ble-write} thread so that a slow connect never
 * delays a command. The {@link BlueZClient} belongs to the caller, who closes it after this
 * central.
 */
public final class BleCentral implements AutoCloseable, BlueZSignals {
  private static final Logger LOG = LoggerFactory.getLogger(BleCentral.class);
  private static final long EXECUTOR_STOP_TIMEOUT_MS = 5_000;

  private final BlueZClient client;
  private final BleConfig config;
  private final BleDiscoveryListener discovery;
  private final LongSupplier nanoClock;
  private final RandomGenerator random;
  private final ScheduledExecutorService connector;
  private final ExecutorService writer;

  /** BlueZ's last word on each device under our adapter: path -> Device1 properties. */
  private final Map<String, Map<String, Variant<?>>> devices = new ConcurrentHashMap<>();

  private final Map<String, BleBadgeLink> linksByDevicePath = new ConcurrentHashMap<>();

  /** Characteristic path -> link, registered before StartNotify (see {@link BleBadgeLink}). */
  private final Map<String, BleBadgeLink> notificationRoutes = new ConcurrentHashMap<>();

  private final Set<String> ignoredDevicePaths = ConcurrentHashMap.newKeySet();
  private final AtomicLong badgesFound = new AtomicLong();
  private final AtomicLong discoveryStarts = new AtomicLong();
  private final AtomicLong devicesIgnored = new AtomicLong();
  private final AtomicLong signalErrors = new AtomicLong();
  private final AtomicLong unroutedNotifications = new AtomicLong();
  private volatile boolean closed;

  public BleCentral(BlueZClient client, BleConfig config, BleDiscoveryListener discovery) {
    this(client, config, discovery, System::nanoTime, RandomGenerator.getDefault());
  }

  /**
   * @param nanoClock stamps notifications ({@code receiveNanos}) and advertisements
   * @param random jitter of the reconnect backoff
   */
  public BleCentral(
      BlueZClient client,
      BleConfig config,
      BleDiscoveryListener discovery,
      LongSupplier nanoClock,
      RandomGenerator random) {
    this.client = Objects.requireNonNull(client, "client");
    this.config = Objects.requireNonNull(config, "config");
    this.discovery = Objects.requireNonNull(discovery, "discovery");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.random = Objects.requireNonNull(random, "random");
    this.connector =
        Executors.newSingleThreadScheduledExecutor(r -> daemonThread(r, "ble-connect"));
    this.writer = Executors.newSingleThreadExecutor(r -> daemonThread(r, "ble-write"));
  }

  private static Thread daemonThread(Runnable task, String name) {
    final Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Subscribes to BlueZ's signals, starts discovery and reports the badges BlueZ already knows.
   *
   * @throws DBusException when BlueZ or the adapter is not reachable
   */
  public void start() throws DBusException {
    // Signals first, so that nothing between the snapshot below and discovery is missed.
    client.subscribe(this);
    startDiscovery();
    client
        .managedObjects()
        .forEach(
            (path, interfaces) -> {
              final Map<String, Variant<?>> device = interfaces.get(BlueZ.DEVICE_INTERFACE);
              if (device != null && isOurDevice(path)) {
                devices.put(path, new ConcurrentHashMap<>(device));
                evaluate(path);
              }
            });
    LOG.info(
        "BLE discovery started, adapterPath={} knownDevices={} badges={}",
        config.adapterPath(),
        devices.size(),
        linksByDevicePath.size());
  }

  private void startDiscovery() throws DBusException {
    final Adapter1 adapter = client.adapter(config.adapterPath());
    final Map<String, Variant<?>> filter = new HashMap<>();
    filter.put("Transport", new Variant<>("le"));
    // Repeated advertisements update RSSI and manufacturer data (the battery level).
    filter.put("DuplicateData", new Variant<>(Boolean.TRUE));
    if (config.filterByServiceUuid()) {
      filter.put("UUIDs", new Variant<>(new String[] {config.serviceUuid()}));
    }
    try {
      adapter.SetDiscoveryFilter(filter);
      adapter.StartDiscovery();
    } catch (DBusExecutionException e) {
      throw new DBusException(
          "starting BLE discovery failed, adapterPath="
              + config.adapterPath()
              + " (is bluetoothd running and the adapter powered? is the user in the bluetooth"
              + " group?) cause="
              + e.getMessage(),
          e);
    }
    discoveryStarts.incrementAndGet();
  }

  /**
   * The adapter came back (bluetoothd restarted, or the controller was powered on again): its
   * discovery session died with it, so ask again. Runs on the connect thread, off the signal
   * thread, because it makes D-Bus calls.
   */
  private void resumeDiscovery(String reason) {
    if (closed) {
      return;
    }
    try {
      connector.execute(
          () -> {
            try {
              startDiscovery();
              LOG.info("BLE discovery resumed, adapterPath={}: {}", config.adapterPath(), reason);
            } catch (DBusException | RuntimeException e) {
              signalErrors.incrementAndGet();
              LOG.error("resuming BLE discovery failed, adapterPath={}", config.adapterPath(), e);
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.debug("central closing, discovery not resumed: {}", reason);
    }
  }

  public Collection<BleBadgeLink> links() {
    return List.copyOf(linksByDevicePath.values());
  }

  /** Discovery sessions started: 1 after start, one more per adapter comeback. */
  public long discoveryStarts() {
    return discoveryStarts.get();
  }

  /** Badges recognised since start. */
  public long badgesFound() {
    return badgesFound.get();
  }

  /** Devices seen that are not badges (each counted once). */
  public long devicesIgnored() {
    return devicesIgnored.get();
  }

  /** BlueZ signals whose handling threw; each is logged. */
  public long signalErrors() {
    return signalErrors.get();
  }

  /** Value changes on characteristics no link listens to (e.g. after a link was closed). */
  public long unroutedNotifications() {
    return unroutedNotifications.get();
  }

  @Override
  public void onInterfacesAdded(String path, Map<String, Map<String, Variant<?>>> interfaces) {
    try {
      if (path.equals(config.adapterPath()) && interfaces.containsKey(BlueZ.ADAPTER_INTERFACE)) {
        resumeDiscovery("adapter reappeared");
        return;
      }
      final Map<String, Variant<?>> device = interfaces.get(BlueZ.DEVICE_INTERFACE);
      if (device == null || !isOurDevice(path)) {
        return;
      }
      devices.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).putAll(device);
      final BleBadgeLink link = linksByDevicePath.get(path);
      if (link != null) {
        link.onDeviceReappeared();
      }
      evaluate(path);
    } catch (RuntimeException e) {
      signalFailed("InterfacesAdded", path, e);
    }
  }

  @Override
  public void onInterfacesRemoved(String path, List<String> interfaces) {
    try {
      if (!interfaces.contains(BlueZ.DEVICE_INTERFACE)) {
        return;
      }
      devices.remove(path);
      final BleBadgeLink link = linksByDevicePath.get(path);
      if (link != null) {
        link.onConnectionLost("device removed by BlueZ, path=" + path);
      }
    } catch (RuntimeException e) {
      signalFailed("InterfacesRemoved", path, e);
    }
  }

  @Override
  public void onPropertiesChanged(
      String path, String interfaceName, Map<String, Variant<?>> changed) {
    try {
      if (BlueZ.GATT_CHARACTERISTIC_INTERFACE.equals(interfaceName)) {
        final Variant<?> value = changed.get(BlueZ.VALUE);
        if (value != null) {
          final long receiveNanos = nanoClock.getAsLong();
          final BleBadgeLink link = notificationRoutes.get(path);
          if (link != null) {
            link.onNotification(value, receiveNanos);
          } else {
            unroutedNotifications.incrementAndGet();
          }
        }
      } else if (BlueZ.DEVICE_INTERFACE.equals(interfaceName) && isOurDevice(path)) {
        onDeviceChanged(path, changed);
      } else if (BlueZ.ADAPTER_INTERFACE.equals(interfaceName)
          && path.equals(config.adapterPath())
          && Boolean.TRUE.equals(Variants.unwrap(changed.get(BlueZ.POWERED)))) {
        resumeDiscovery("adapter powered on");
      }
    } catch (RuntimeException e) {
      signalFailed("PropertiesChanged", path, e);
    }
  }

  private void onDeviceChanged(String path, Map<String, Variant<?>> changed) {
    devices.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).putAll(changed);
    final BleBadgeLink link = linksByDevicePath.get(path);
    if (link != null) {
      final Variant<?> connected = changed.get(BlueZ.CONNECTED);
      if (connected != null && Boolean.FALSE.equals(connected.getValue())) {
        link.onConnectionLost("device disconnected (Connected=false), path=" + path);
      }
      final Variant<?> resolved = changed.get(BlueZ.SERVICES_RESOLVED);
      if (resolved != null) {
        link.onServicesResolved(Boolean.TRUE.equals(resolved.getValue()));
      }
    }
    if (changed.containsKey(BlueZ.NAME)
        || changed.containsKey(BlueZ.ALIAS)
        || changed.containsKey(BlueZ.UUIDS)
        || changed.containsKey(BlueZ.MANUFACTURER_DATA)
        || changed.containsKey(BlueZ.RSSI)) {
      evaluate(path);
    }
  }

  /** Makes a link for a newly recognised badge, or passes a known badge's advertisement on. */
  private void evaluate(String path) {
    final Map<String, Variant<?>> properties = devices.get(path);
    if (properties == null || closed) {
      return;
    }
    BleBadgeLink link = linksByDevicePath.get(path);
    final String address = address(path, properties);
    final BleAdvertisement advertisement =
        BadgeAdvertising.parse(address, properties, nanoClock.getAsLong());
    if (link == null) {
      if (!BadgeAdvertising.isBadge(properties, config)) {
        if (ignoredDevicePaths.add(path)) {
          devicesIgnored.incrementAndGet();
          LOG.debug("not a badge, ignored: path={} name={}", path, advertisement.name());
        }
        return;
      }
      final BleBadgeLink created = new BleBadgeLink(this, path, address);
      link = linksByDevicePath.putIfAbsent(path, created);
      if (link == null) {
        ignoredDevicePaths.remove(path);
        badgesFound.incrementAndGet();
        created.updateAdvertisement(advertisement);
        LOG.info("badge found: {} name={} path={}", created.id(), advertisement.name(), path);
        discovery.onBadgeDiscovered(created, advertisement);
        return;
      }
    }
    link.updateAdvertisement(advertisement);
    discovery.onAdvertisement(link, advertisement);
  }

  private static String address(String path, Map<String, Variant<?>> properties) {
    final Object address = properties.get(BlueZ.ADDRESS);
    if (address != null) {
      return String.valueOf(((Variant<?>) address).getValue());
    }
    // BlueZ names device objects dev_AA_BB_CC_DD_EE_FF after the address.
    final int slash = path.lastIndexOf('/');
    return path.substring(slash + 1).replaceFirst("^dev_", "").replace('_', ':');
  }

  private boolean isOurDevice(String path) {
    return path.startsWith(config.adapterPath() + "/");
  }

  private void signalFailed(String signal, String path, RuntimeException e) {
    signalErrors.incrementAndGet();
    LOG.error("handling BlueZ signal failed, signal={} path={}", signal, path, e);
  }

  // --- used by BleBadgeLink ---

  BlueZClient client() {
    return client;
  }

  BleConfig config() {
    return config;
  }

  LongSupplier nanoClock() {
    return nanoClock;
  }

  RandomGenerator random() {
    return random;
  }

  ScheduledExecutorService connector() {
    return connector;
  }

  ExecutorService writer() {
    return writer;
  }

  void routeNotifications(String characteristicPath, BleBadgeLink link) {
    notificationRoutes.put(characteristicPath, link);
  }

  void unrouteNotifications(String characteristicPath) {
    if (characteristicPath != null) {
      notificationRoutes.remove(characteristicPath);
    }
  }

  /** Stops discovery, closes (and disconnects) every link, and stops the central's threads. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (BleBadgeLink link : new ArrayList<>(linksByDevicePath.values())) {
      link.close();
    }
    try {
      client.adapter(config.adapterPath()).StopDiscovery();
    } catch (DBusException | DBusExecutionException e) {
      LOG.warn(
          "stopping BLE discovery failed, adapterPath={}: {}", config.adapterPath(), e.toString());
    }
    connector.shutdownNow();
    writer.shutdownNow();
    try {
      if (!connector.awaitTermination(EXECUTOR_STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          || !writer.awaitTermination(EXECUTOR_STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        LOG.error("BLE central threads did not stop within {} ms", EXECUTOR_STOP_TIMEOUT_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
