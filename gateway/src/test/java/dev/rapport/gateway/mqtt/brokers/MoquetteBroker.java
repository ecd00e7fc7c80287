package dev.rapport.gateway.mqtt.brokers;

import dev.rapport.gateway.mqtt.BrokerSettings;
import dev.rapport.gateway.mqtt.EmbeddedBroker;
import java.nio.file.Path;

/** The gateway's own embedded broker, as a test broker: stopping it is the outage. */
public final class MoquetteBroker implements TestBroker {
  private final BrokerSettings settings;
  private EmbeddedBroker broker;

  public MoquetteBroker(Path dataDirectory) {
    this.settings = BrokerSettings.loopback(FreePort.find(), dataDirectory);
  }

  @Override
  public int port() {
    return settings.port();
  }

  @Override
  public void start() throws Exception {
    broker = new EmbeddedBroker(settings);
    broker.start();
  }

  @Override
  public void kill() {
    if (broker != null) {
      broker.stop();
      broker = null;
    }
  }
}
