package dev.rapport.badge.transport.testing.bluez;

import dev.rapport.badge.transport.ble.bluez.Adapter1;
import dev.rapport.badge.transport.ble.bluez.BlueZ;
import dev.rapport.badge.transport.ble.bluez.Variants;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.freedesktop.dbus.types.Variant;

/** The fake controller; remembers what discovery the gateway asked for. */
public final class FakeAdapter extends FakeBluezObject implements Adapter1 {
  private volatile boolean discovering;
  private final AtomicInteger startDiscoveryCalls = new AtomicInteger();
  private volatile Map<String, Variant<?>> discoveryFilter = Map.of();

  FakeAdapter(FakeBluez bluez, String path) {
    super(bluez, path, BlueZ.ADAPTER_INTERFACE);
    init("Address", new Variant<>("00:1A:7D:DA:71:13"));
    init("Powered", new Variant<>(Boolean.TRUE));
    init("Discovering", new Variant<>(Boolean.FALSE));
  }

  @Override
  public void StartDiscovery() {
    startDiscoveryCalls.incrementAndGet();
    discovering = true;
    change("Discovering", new Variant<>(Boolean.TRUE));
  }

  @Override
  public void StopDiscovery() {
    discovering = false;
    change("Discovering", new Variant<>(Boolean.FALSE));
  }

  @Override
  public void SetDiscoveryFilter(Map<String, Variant<?>> filter) {
    discoveryFilter = Map.copyOf(filter);
  }

  /**
   * The controller is switched off and on again (rfkill, a USB dongle re-enumerating): as in BlueZ,
   * powering off ends every discovery session.
   */
  public void powerCycle() {
    discovering = false;
    change("Discovering", new Variant<>(Boolean.FALSE));
    change("Powered", new Variant<>(Boolean.FALSE));
    change("Powered", new Variant<>(Boolean.TRUE));
  }

  /** As bluetoothd restarting: the adapter object goes away and comes back, not discovering. */
  public void restart() {
    discovering = false;
    init("Discovering", new Variant<>(Boolean.FALSE));
    bluez.unexportAndAnnounce(this);
    bluez.exportAndAnnounce(this);
  }

  public int startDiscoveryCalls() {
    return startDiscoveryCalls.get();
  }

  public boolean discovering() {
    return discovering;
  }

  /** The UUIDs of the last discovery filter, empty when none was set. */
  public List<String> filterUuids() {
    return Variants.strings(discoveryFilter.get("UUIDs"));
  }

  public String filterTransport() {
    return Variants.string(discoveryFilter.get("Transport"));
  }
}
