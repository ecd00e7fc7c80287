package dev.rapport.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.gateway.mqtt.brokers.FreePort;
import dev.rapport.gateway.mqtt.brokers.Mosquitto;
import dev.rapport.gateway.mqtt.brokers.TestPki;
import dev.rapport.gateway.mqtt.outbox.FsyncPolicy;
import dev.rapport.gateway.mqtt.outbox.Outbox;
import dev.rapport.gateway.mqtt.outbox.OutboxSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees when the broker refuses the gateway: a plain sentence in the status and one
 * log line per change, retries with backoff, and delivery once the cause is fixed.
 */
class MosquittoSecurityTest {
  static final Topics TOPICS = new Topics("lab", "gw1");
  static final long WAIT_MS = 20_000;

  @TempDir Path tmp;
  @TempDir static Path pkiDir;
  static TestPki brokerPki;
  static TestPki otherPki;
  private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();

  /** openssl key generation is the slow part of these tests: one set of certificates for all. */
  @BeforeAll
  static void createCertificates() throws Exception {
    brokerPki = TestPki.create(pkiDir.resolve("broker"), "broker");
    otherPki = TestPki.create(pkiDir.resolve("other"), "other");
  }

  @AfterEach
  void closeEverything() throws Exception {
    while (!cleanup.isEmpty()) {
      cleanup.pop().close();
    }
  }

  Mosquitto mosquitto(List<String> listener, List<String> global) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("broker"));
    Mosquitto m = new Mosquitto(dir, listener, global);
    cleanup.push(m);
    return m;
  }

  MqttPublisher publisher(MqttSettings settings, String outbox) throws Exception {
    MqttPublisher p =
        new MqttPublisher(
            settings,
            TOPICS,
            Outbox.open(
                new OutboxSettings(
                    tmp.resolve(outbox), 1 << 20, 64 << 10, FsyncPolicy.NEVER, 200, 200),
                System::currentTimeMillis),
            "0.1.0-test",
            System::currentTimeMillis);
    cleanup.push(p::close);
    return p;
  }

  static MqttSettings.Builder settings(String uri) {
    return MqttSettings.builder(uri, "rapport-lab-gw1")
        .reconnectMs(50, 300)
        .connectTimeoutMs(3_000)
        .shutdownFlushTimeoutMs(2_000);
  }

  @Test
  void shouldReportRefusedCredentialsOnceAndDeliverWithTheRightPassword() throws Exception {
    Path passwd =
        Mosquitto.passwordFile(Files.createDirectories(tmp.resolve("broker")), "lab", "secret");
    Mosquitto broker =
        mosquitto(List.of(), List.of("allow_anonymous false", "password_file " + passwd));
    broker.start();

    PrintStream originalErr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    ConnectionStatus refused;
    MqttPublisher wrong;
    try {
      wrong = publisher(settings(broker.uri()).credentials("lab", "wrong").build(), "outbox-a");
      StatusWatcher watcher = new StatusWatcher(wrong);
      wrong.start();
      wrong.publishDyad(Payloads.fullDyad("00a1", "00b2", Payloads.T0_MS));
      refused = watcher.await(s -> s.failedAttempts() >= 3, WAIT_MS);
    } finally {
      System.setErr(originalErr);
    }
    String output = log.toString(StandardCharsets.UTF_8);
    originalErr.print(output);
    assertThat(refused.state()).isEqualTo(ConnectionState.RETRYING);
    assertThat(refused.lastError())
        .isEqualTo("broker refused credentials (user=lab) at 127.0.0.1:" + broker.port());
    assertThat(output.lines().filter(l -> l.contains("broker refused credentials"))).hasSize(1);
    assertThat(output).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(wrong.metrics().pendingRecords()).isEqualTo(1);
    wrong.close();

    MqttPublisher right =
        publisher(settings(broker.uri()).credentials("lab", "secret").build(), "outbox-a");
    right.start();
    assertThat(right.awaitDelivered(WAIT_MS)).isTrue();
    assertThat(right.status().state()).isEqualTo(ConnectionState.CONNECTED);
  }

  @Test
  void shouldRefuseAnUntrustedCertificateAndConnectWithTheRightCa() throws Exception {
    Mosquitto broker = mosquitto(brokerPki.listenerOptions(false), List.of("allow_anonymous true"));
    broker.start();
    String uri = "ssl://127.0.0.1:" + broker.port();

    MqttPublisher untrusting =
        publisher(settings(uri).tls(TlsSettings.trusting(otherPki.caCert())).build(), "outbox-b");
    StatusWatcher watcher = new StatusWatcher(untrusting);
    untrusting.start();
    untrusting.publishDyad(Payloads.fullDyad("00a1", "00b2", Payloads.T0_MS));
    ConnectionStatus refused = watcher.await(s -> s.failedAttempts() >= 2, WAIT_MS);
    assertThat(refused.lastError())
        .startsWith("broker certificate at 127.0.0.1:" + broker.port() + " is not trusted")
        .contains("tls.ca_file=" + otherPki.caCert());
    untrusting.close();

    MqttPublisher trusting =
        publisher(settings(uri).tls(TlsSettings.trusting(brokerPki.caCert())).build(), "outbox-b");
    trusting.start();
    assertThat(trusting.awaitDelivered(WAIT_MS)).isTrue();
  }

  @Test
  void shouldPresentAPemClientCertificateWhenTheBrokerRequiresOne() throws Exception {
    TestPki pki = brokerPki;
    Mosquitto broker = mosquitto(pki.listenerOptions(true), List.of("allow_anonymous true"));
    broker.start();
    String uri = "ssl://127.0.0.1:" + broker.port();

    MqttPublisher anonymous =
        publisher(settings(uri).tls(TlsSettings.trusting(pki.caCert())).build(), "outbox-c");
    StatusWatcher watcher = new StatusWatcher(anonymous);
    anonymous.start();
    ConnectionStatus refused = watcher.await(s -> s.failedAttempts() >= 2, WAIT_MS);
    assertThat(refused.state()).isEqualTo(ConnectionState.RETRYING);
    assertThat(refused.lastError()).contains("127.0.0.1:" + broker.port());
    anonymous.close();

    MqttPublisher identified =
        publisher(
            settings(uri)
                .tls(TlsSettings.withClientPem(pki.caCert(), pki.clientCert(), pki.clientKey()))
                .build(),
            "outbox-c");
    StatusWatcher ok = new StatusWatcher(identified);
    identified.start();
    identified.publishEvent(Payloads.marker("tls works", Payloads.T0_MS));
    ok.awaitState(ConnectionState.CONNECTED, WAIT_MS);
    assertThat(identified.awaitDelivered(WAIT_MS)).isTrue();
    identified.close();

    MqttPublisher fromKeyStore =
        publisher(
            settings(uri)
                .tls(
                    new TlsSettings(
                        pki.caCert(),
                        null,
                        null,
                        pki.clientKeyStore(),
                        TestPki.KEYSTORE_PASSWORD,
                        "PKCS12"))
                .build(),
            "outbox-c");
    StatusWatcher ks = new StatusWatcher(fromKeyStore);
    fromKeyStore.start();
    fromKeyStore.publishEvent(Payloads.marker("keystore works", Payloads.T0_MS + 1));
    ks.awaitState(ConnectionState.CONNECTED, WAIT_MS);
    assertThat(fromKeyStore.awaitDelivered(WAIT_MS)).isTrue();
  }

  @Test
  void shouldKeepRetryingAnUnreachableBrokerAndDeliverWhenItAppears() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("broker"));
    Mosquitto broker = new Mosquitto(dir);
    cleanup.push(broker);
    MqttPublisher pub = publisher(settings(broker.uri()).build(), "outbox-d");
    StatusWatcher watcher = new StatusWatcher(pub);
    pub.start();
    pub.publishDyad(Payloads.fullDyad("00a1", "00b2", Payloads.T0_MS));
    ConnectionStatus down = watcher.await(s -> s.failedAttempts() >= 3, WAIT_MS);
    assertThat(down.lastError())
        .isEqualTo(
            "broker unreachable at 127.0.0.1:"
                + broker.port()
                + " (connection refused: is it running?)");
    assertThat(pub.metrics().pendingRecords()).isEqualTo(1);

    broker.start();
    assertThat(pub.awaitDelivered(WAIT_MS)).isTrue();
    assertThat(pub.status().state()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(pub.status().lastError()).isNull();
    assertThat(FreePort.find()).isNotEqualTo(broker.port());
  }
}
