package dev.rapport.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.transport.testing.Await;
import dev.rapport.badge.transport.testing.bluez.FakeBluez;
import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.config.GatewayConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Pi may start the gateway before {@code bluetooth.service}: BlueZ is not on the bus yet. The
 * gateway must run without BLE meanwhile (its other badges scored as usual) and pick BLE up once
 * BlueZ appears, without a restart. Here the bus itself appears late: the fake BlueZ's private bus
 * is started only after the gateway tried and failed.
 */
@Timeout(60)
class BleStartRetryTest {
  private static final String ADDRESS = "C0:FF:EE:00:00:02";

  @TempDir Path dir;

  @Test
  void shouldStartBleOnceBluezAppearsAfterTheGateway() throws Exception {
    // FakeBluez listens on this address once started; nothing is there yet.
    String busAddress = "unix:path=" + dir.resolve("bluez-test-bus");
    GatewayConfig config =
        ConfigLoader.parse(
            "site: lab\ngateway: gw8\ndata_dir: '"
                + dir.resolve("data")
                + "'\nbadges:\n  simulated:\n    count: 1\n  ble:\n    enabled: true\n"
                + "    bus_address: '"
                + busAddress
                + "'\nmqtt:\n  embedded:\n    port: 0\ndashboard:\n  enabled: false\n"
                + "hardware:\n  mode: 'off'\n",
            name -> null);
    try (GatewayRuntime runtime = new GatewayRuntime(config, RuntimeOptions.defaults("test"))) {
      runtime.start();
      assertThat(runtime.bleActive()).as("BLE without a bus").isFalse();
      int linksWithoutBle = runtime.links().size();
      assertThat(linksWithoutBle).as("the simulated badge's link runs meanwhile").isEqualTo(1);

      try (FakeBluez bluez = FakeBluez.start(dir)) {
        assertThat(bluez.busAddress()).isEqualTo(busAddress);
        bluez.addBadge(ADDRESS, 2, 80);

        // The first retry comes 0.8-1 s after the failure, the next 1.6-2 s after that.
        Await.until(runtime::bleActive, Duration.ofSeconds(15), "BLE started once BlueZ is there");
        Await.until(
            () -> runtime.links().stream().anyMatch(l -> l.id().equals("ble:" + ADDRESS)),
            Duration.ofSeconds(10),
            "the BLE badge found and its link added");
        assertThat(runtime.links()).hasSize(linksWithoutBle + 1);
      }
      // BlueZ and its bus are gone before the gateway stops: its shutdown must still complete.
    }
  }
}
