package dev.rapport.gateway.runtime;

import dev.rapport.gateway.config.GatewayConfig;
import dev.rapport.gateway.mqtt.ConnectionState;
import dev.rapport.gateway.mqtt.ConnectionStatus;
import dev.rapport.hardware.ExecutorHardwareScheduler;
import dev.rapport.hardware.GatewayHardware;
import dev.rapport.hardware.HardwareSettings;
import dev.rapport.hardware.LightPattern;
import dev.rapport.hardware.pi4j.Pi4jHardware;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own LED and marker button: the YAML's hardware section mapped onto the hardware
 * module, the button turned into markers, and the LED pattern chosen from the broker connection and
 * the badges missing. Pi4J types stay inside the hardware module.
 */
final class HardwareWiring implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HardwareWiring.class);

  private final GatewayHardware hardware;
  private final ExecutorHardwareScheduler scheduler;
  private final IntSupplier missingBadges;
  private volatile boolean brokerConnected;

  HardwareWiring(
      GatewayConfig.Hardware config, Consumer<String> marker, IntSupplier missingBadges) {
    this.missingBadges = missingBadges;
    if ("off".equals(config.mode())) {
      scheduler = null;
      hardware = GatewayHardware.none("hardware.mode is off");
    } else {
      scheduler = new ExecutorHardwareScheduler();
      HardwareSettings settings =
          HardwareSettings.builder()
              .required("on".equals(config.mode()))
              .led(true, config.ledPin())
              .button(true, config.buttonPin())
              .buzzer(config.buzzerPin() >= 0, Math.max(0, config.buzzerPin()))
              .debounceMs(config.debounceMs())
              .build();
      hardware = Pi4jHardware.open(settings, scheduler);
    }
    LOG.info("gateway hardware: {}", hardware.description());
    hardware.markerButton().onPress(pressedAtMs -> marker.accept("button"));
    hardware.statusLight().show(LightPattern.STARTING);
  }

  /** Called with every change of the broker connection. */
  void onBrokerStatus(ConnectionStatus status) {
    brokerConnected = status.state() == ConnectionState.CONNECTED;
    refresh();
  }

  /** Re-evaluates the LED pattern; call about once a second. */
  void refresh() {
    hardware
        .statusLight()
        .show(LightPattern.select(true, brokerConnected, missingBadges.getAsInt()));
  }

  @Override
  public void close() {
    try {
      hardware.close();
    } catch (Exception e) {
      LOG.warn("gateway hardware did not close cleanly: {}", e.toString());
    }
    if (scheduler != null) {
      scheduler.close();
    }
  }
}
