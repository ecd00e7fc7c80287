package dev.rapport.gateway.mqtt;

import dev.rapport.gateway.mqtt.brokers.MoquetteBroker;
import dev.rapport.gateway.mqtt.brokers.TestBroker;
import java.nio.file.Path;

/** The publisher's promises against the embedded broker; stopping the server is the outage. */
class MoquettePublisherTest extends PublisherScenarios {
  @Override
  TestBroker newBroker(Path dir) {
    return new MoquetteBroker(dir);
  }

  @Override
  boolean brokerSetsRetainFlag() {
    return false;
  }

  @Override
  boolean brokerRetainsWill() {
    return false;
  }
}
