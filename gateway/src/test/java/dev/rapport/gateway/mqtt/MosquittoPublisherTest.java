package dev.rapport.gateway.mqtt;

import dev.rapport.gateway.mqtt.brokers.Mosquitto;
import dev.rapport.gateway.mqtt.brokers.TestBroker;
import java.nio.file.Path;

/** The publisher's promises against Debian's mosquitto 2, started and killed by the test. */
class MosquittoPublisherTest extends PublisherScenarios {
  @Override
  TestBroker newBroker(Path dir) throws Exception {
    java.nio.file.Files.createDirectories(dir);
    return new Mosquitto(dir);
  }
}
