package dev.rapport.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.gateway.mqtt.brokers.FreePort;
import dev.rapport.gateway.mqtt.brokers.TestSubscriber;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class EmbeddedBrokerTest {
  @TempDir Path dataDir;

  @Test
  void shouldBindLoopbackOnlyOnAFreePortWithFilesInTheDataDirectory() throws Exception {
    boolean cwdDataBefore = Files.exists(Path.of("data"));
    try (EmbeddedBroker broker = new EmbeddedBroker(BrokerSettings.loopback(0, dataDir))) {
      int port = broker.start();
      assertThat(port).isPositive().isEqualTo(broker.port());
      // 127.0.0.1 only (Java binds IPv4 addresses on a dual-stack socket, as ::ffff:127.0.0.1).
      assertThat(listeningAddresses(port)).containsExactly("0000000000000000FFFF00000100007F");

      try (TestSubscriber client =
          new TestSubscriber("tcp://127.0.0.1:" + port, "probe", true, "rapport/#").connect()) {
        client.publish("rapport/probe", "{}");
        client.await(r -> r.topic().equals("rapport/probe"), 10_000);
      }
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertThat(names).contains("moquette_store.h2");
      assertThat(names).as("telemetry writes .moquette_uuid").doesNotContain(".moquette_uuid");
    }
    assertThat(Files.exists(Path.of("data"))).as("./data must not appear").isEqualTo(cwdDataBefore);
  }

  /**
   * Local addresses with a listening socket on the port, as the kernel lists them: IPv6 form
   * (/proc/net/tcp6; IPv4 addresses mapped), hex.
   */
  static List<String> listeningAddresses(int port) throws IOException {
    String portHex = String.format(Locale.ROOT, "%04X", port);
    List<String> lines = new java.util.ArrayList<>();
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      List<String> rows = Files.readAllLines(Path.of(table));
      for (String row : rows.subList(1, rows.size())) {
        String[] f = row.trim().split("\\s+");
        if (table.endsWith("tcp")) {
          f[1] = "0000000000000000FFFF0000" + f[1]; // IPv4 written as IPv4-mapped IPv6
        }
        lines.add(String.join(" ", f));
      }
    }
    return lines.stream()
        .map(l -> l.split(" "))
        .filter(f -> f[1].endsWith(":" + portHex) && f[3].equals("0A"))
        .map(f -> f[1].substring(0, f[1].indexOf(':')))
        .toList();
  }

  @Test
  void shouldStartAgainOnTheSamePortAfterAStop() throws Exception {
    int port = FreePort.find();
    EmbeddedBroker broker = new EmbeddedBroker(BrokerSettings.loopback(port, dataDir));
    assertThat(broker.start()).isEqualTo(port);
    broker.stop();
    assertThat(broker.running()).isFalse();
    assertThat(broker.port()).isEqualTo(-1);
    broker.stop(); // twice is harmless
    assertThat(broker.start()).isEqualTo(port);
    broker.close();
  }

  @Test
  void shouldNameHostAndPortWhenThePortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      EmbeddedBroker broker = new EmbeddedBroker(BrokerSettings.loopback(port, dataDir));
      assertThatThrownBy(broker::start)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("host=127.0.0.1 port=" + port);
      assertThat(broker.running()).isFalse();
    }
  }

  @Test
  void shouldTurnTelemetryOffAndKeepFilesOutOfTheWorkingDirectory() {
    Properties p =
        new EmbeddedBroker(BrokerSettings.of("0.0.0.0", 1884, dataDir)).moquetteProperties();
    assertThat(p.getProperty("telemetry_enabled")).isEqualTo("false");
    assertThat(p.getProperty("data_path")).isEqualTo(dataDir.toString());
    assertThat(p.getProperty("persistence_enabled")).isEqualTo("true");
    assertThat(p.getProperty("host")).isEqualTo("0.0.0.0");
    assertThat(p.getProperty("port")).isEqualTo("1884");
    assertThat(p.getProperty("allow_anonymous")).isEqualTo("true");
  }

  @Test
  void shouldLogThroughSlf4jSimpleWithoutLog4jOnTheClasspath() {
    assertThat(LoggerFactory.getILoggerFactory().getClass().getName())
        .startsWith("org.slf4j.simple");
    for (String absent :
        new String[] {"org.apache.log4j.Logger", "org.slf4j.reload4j.Reload4jLoggerAdapter"}) {
      assertThatThrownBy(() -> Class.forName(absent)).isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void shouldRejectSettingsThatCannotWork() {
    assertThatThrownBy(() -> BrokerSettings.loopback(70_000, dataDir))
        .hasMessageContaining("port=70000");
    assertThatThrownBy(() -> BrokerSettings.of(" ", 1883, dataDir)).hasMessageContaining("host=");
    assertThatThrownBy(() -> BrokerSettings.loopback(1883, null))
        .hasMessageContaining("dataDirectory=null");
  }
}
