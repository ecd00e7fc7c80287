package dev.rapport.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.gateway.mqtt.brokers.TestBroker;
import dev.rapport.gateway.mqtt.brokers.TestSubscriber;
import dev.rapport.gateway.mqtt.outbox.FsyncPolicy;
import dev.rapport.gateway.mqtt.outbox.Outbox;
import dev.rapport.gateway.mqtt.outbox.OutboxMetrics;
import dev.rapport.gateway.mqtt.outbox.OutboxSettings;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the publisher promises, proved against a real broker: the same scenarios run against the
 * embedded Moquette and Debian's mosquitto (see the two subclasses).
 */
abstract class PublisherScenarios {
  static final Topics TOPICS = new Topics("lab", "gw1");
  static final String[] BADGES = {"00a1", "00b2", "00c3"};
  static final long WAIT_MS = 20_000;

  @TempDir Path tmp;
  TestBroker broker;
  private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();
  private long nextTimeMs = Payloads.T0_MS;

  abstract TestBroker newBroker(Path dir) throws Exception;

  /**
   * MQTT 3.1.1 says a retained message sent to a new subscriber carries the retain flag; Moquette
   * 0.17 sends it without. Retention itself is proved either way: the message reaches a subscriber
   * that arrived after it was published.
   */
  boolean brokerSetsRetainFlag() {
    return true;
  }

  /**
   * Mosquitto stores a Last Will sent with retain as the topic's retained message; Moquette 0.17
   * delivers it to current subscribers but keeps the previous retained message.
   */
  boolean brokerRetainsWill() {
    return true;
  }

  @BeforeEach
  void createBroker() throws Exception {
    broker = newBroker(tmp.resolve("broker"));
  }

  @AfterEach
  void closeEverything() throws Exception {
    while (!cleanup.isEmpty()) {
      cleanup.pop().close();
    }
    broker.close();
  }

  MqttSettings settings() {
    return MqttSettings.builder(broker.uri(), MqttSettings.defaultClientId("lab", "gw1"))
        .reconnectMs(50, 400)
        .connectTimeoutMs(3_000)
        .statusIntervalMs(500)
        .shutdownFlushTimeoutMs(5_000)
        .build();
  }

  OutboxSettings outboxSettings() {
    return new OutboxSettings(
        tmp.resolve("outbox"), 8L * 1024 * 1024, 256 * 1024, FsyncPolicy.BATCH, 200, 200);
  }

  MqttPublisher publisher(MqttSettings settings, OutboxSettings outbox) throws Exception {
    MqttPublisher p =
        new MqttPublisher(
            settings,
            TOPICS,
            Outbox.open(outbox, System::currentTimeMillis),
            "0.1.0-test",
            System::currentTimeMillis);
    cleanup.push(p::close);
    return p;
  }

  TestSubscriber subscriber(boolean persistent, String filter) throws Exception {
    TestSubscriber s =
        new TestSubscriber(
            broker.uri(),
            "lab-sub-" + UUID.randomUUID().toString().substring(0, 8),
            !persistent,
            filter);
    cleanup.push(s);
    return s;
  }

  /** One hop of the engine: a score for every pair of badges. Returns topic -> seq given. */
  Map<String, Long> hop(MqttPublisher p) throws Exception {
    Map<String, Long> seqs = new HashMap<>();
    long t = nextTimeMs += 1_000;
    for (int i = 0; i < BADGES.length; i++) {
      for (int j = i + 1; j < BADGES.length; j++) {
        long seq = p.publishDyad(Payloads.fullDyad(BADGES[i], BADGES[j], t));
        seqs.put(TOPICS.dyad(BADGES[i], BADGES[j]), seq);
      }
    }
    return seqs;
  }

  Map<String, Long> hops(MqttPublisher p, int n) throws Exception {
    Map<String, Long> last = new HashMap<>();
    for (int i = 0; i < n; i++) {
      last.putAll(hop(p));
    }
    return last;
  }

  static void assertFirstArrivalsInOrder(TestSubscriber sub, Map<String, Long> lastSeqs) {
    for (String topic : lastSeqs.keySet()) {
      List<Long> seqs = sub.seqs(topic);
      long highest = 0;
      List<Long> firsts = new ArrayList<>();
      for (long s : seqs) {
        if (s > highest) {
          firsts.add(s);
          highest = s;
        }
      }
      // Each seq first arrives after every smaller one: order kept, repeats only as redelivery.
      assertThat(firsts).as("first arrivals on %s", topic).hasSize(lastSeqs.get(topic).intValue());
    }
  }

  @Test
  void shouldLoseNoScoreWhenBrokerDiesMidStream() throws Exception {
    broker.start();
    TestSubscriber sub = subscriber(true, "rapport/lab/gw1/dyad/#").connect();
    MqttPublisher pub = publisher(settings(), outboxSettings());
    StatusWatcher watcher = new StatusWatcher(pub);
    pub.start();
    watcher.awaitState(ConnectionState.CONNECTED, WAIT_MS);

    int hops = 300;
    AtomicReference<Map<String, Long>> last = new AtomicReference<>();
    AtomicReference<Throwable> producerError = new AtomicReference<>();
    Thread producer =
        new Thread(
            () -> {
              try {
                Map<String, Long> seqs = new HashMap<>();
                for (int i = 0; i < hops; i++) {
                  seqs.putAll(hop(pub));
                  LockSupport.parkNanos(1_000_000); // an engine paced faster than life
                }
                last.set(seqs);
              } catch (Throwable t) {
                producerError.set(t);
              }
            },
            "test-engine");
    producer.start();

    sub.awaitDyadCount(100, WAIT_MS);
    broker.kill();
    watcher.awaitNext(ConnectionState.RETRYING, WAIT_MS);
    broker.start();
    producer.join(WAIT_MS);
    assertThat(producerError.get()).isNull();
    assertThat(last.get()).isNotNull().allSatisfy((topic, seq) -> assertThat(seq).isEqualTo(hops));

    sub.awaitAllSeqs(last.get(), 1, WAIT_MS);
    assertFirstArrivalsInOrder(sub, last.get());
    assertThat(pub.awaitDelivered(WAIT_MS)).isTrue();
    OutboxMetrics m = pub.metrics();
    assertThat(m.enqueued()).isEqualTo(3L * hops);
    assertThat(m.delivered()).isGreaterThanOrEqualTo(3L * hops);
    assertThat(m.pendingRecords()).isZero();
    assertThat(m.droppedBudget()).isZero();
    assertThat(watcher.all())
        .extracting(ConnectionStatus::state)
        .containsSubsequence(
            ConnectionState.CONNECTED, ConnectionState.RETRYING, ConnectionState.CONNECTED);
    for (TestSubscriber.Received r : sub.received().subList(0, 50)) {
      Schemas.assertValid(Schemas.DYAD, r.payload());
    }
  }

  @Test
  void shouldDeliverOutboxAfterPublisherCrashAndContinueSeq() throws Exception {
    broker.start();
    TestSubscriber sub = subscriber(true, "rapport/lab/gw1/dyad/#").connect();
    MqttPublisher first = publisher(settings(), outboxSettings());
    StatusWatcher watcher = new StatusWatcher(first);
    first.start();
    watcher.awaitState(ConnectionState.CONNECTED, WAIT_MS);
    sub.awaitAllSeqs(hops(first, 50), 1, WAIT_MS);

    broker.kill();
    watcher.awaitNext(ConnectionState.RETRYING, WAIT_MS);
    Map<String, Long> whileDown = hops(first, 50);
    assertThat(first.metrics().pendingRecords()).isEqualTo(150);
    first.abort(); // the gateway process dies: no flush, outbox files left as they are

    broker.start();
    MqttPublisher second = publisher(settings(), outboxSettings());
    second.start();
    Map<String, Long> after = hops(second, 25);
    for (Map.Entry<String, Long> e : after.entrySet()) {
      // Numbering continues where the crashed process stopped: no seq is ever reused.
      assertThat(e.getValue()).isEqualTo(whileDown.get(e.getKey()) + 25);
    }
    sub.awaitAllSeqs(after, 1, WAIT_MS);
    assertFirstArrivalsInOrder(sub, after);
    assertThat(second.awaitDelivered(WAIT_MS)).isTrue();
  }

  @Test
  void shouldDeliverWhatWasQueuedBeforeTheFirstConnect() throws Exception {
    broker.start();
    TestSubscriber sub = subscriber(true, "rapport/lab/gw1/dyad/#").connect();
    sub.disconnect(); // the lab's session stays at the broker
    broker.kill();

    MqttPublisher pub = publisher(settings(), outboxSettings());
    StatusWatcher watcher = new StatusWatcher(pub);
    pub.start();
    ConnectionStatus down = watcher.await(s -> s.lastError() != null, WAIT_MS);
    assertThat(down.lastError()).contains("unreachable at 127.0.0.1:" + broker.port());
    Map<String, Long> last = hops(pub, 50);
    watcher.await(s -> s.failedAttempts() >= 2, WAIT_MS);
    assertThat(pub.status().state()).isNotEqualTo(ConnectionState.CONNECTED);

    broker.start();
    sub.connect();
    sub.awaitAllSeqs(last, 1, WAIT_MS);
    assertFirstArrivalsInOrder(sub, last);
  }

  @Test
  void shouldDropOldestAndReportItWhenTheDiskBudgetIsFull() throws Exception {
    broker.start();
    TestSubscriber sub = subscriber(true, "rapport/lab/gw1/#").connect();
    sub.disconnect();
    broker.kill();

    OutboxSettings small =
        new OutboxSettings(tmp.resolve("outbox"), 64 * 1024, 4 * 1024, FsyncPolicy.NEVER, 200, 200);
    MqttPublisher pub = publisher(settings(), small);
    pub.start();
    Map<String, Long> last = hops(pub, 150);
    OutboxMetrics m = pub.metrics();
    assertThat(m.enqueued()).isEqualTo(450);
    assertThat(m.droppedBudget()).isPositive();
    assertThat(m.pendingRecords() + m.droppedBudget()).isEqualTo(450);
    assertThat(m.pendingBytes()).isLessThanOrEqualTo(64 * 1024);

    broker.start();
    sub.connect();
    assertThat(pub.awaitDelivered(WAIT_MS)).isTrue();
    sub.awaitDyadCount((int) m.pendingRecords(), WAIT_MS);
    for (Map.Entry<String, Long> e : last.entrySet()) {
      List<Long> seqs = sub.seqs(e.getKey());
      // Drop-oldest: the newest survive, contiguous to the last one published.
      long lowest = seqs.stream().mapToLong(Long::longValue).min().orElseThrow();
      assertThat(lowest).isGreaterThan(1);
      assertThat(seqs.stream().distinct().count()).isEqualTo(e.getValue() - lowest + 1);
    }
    JsonNode status =
        sub.await(
                r ->
                    r.topic().equals(TOPICS.gatewayStatus())
                        && r.json().at("/outbox/dropped_budget").asLong() > 0,
                WAIT_MS)
            .json();
    assertThat(status.at("/outbox/dropped_budget").asLong()).isEqualTo(m.droppedBudget());
    assertThat(status.at("/outbox/budget_bytes").asLong()).isEqualTo(64 * 1024);
  }

  @Test
  void shouldKeepRetainedStatusAndPublishTheLastWill() throws Exception {
    broker.start();
    // No periodic refresh during this test: every status a late subscriber gets is retained.
    MqttSettings quiet = settings().toBuilder().statusIntervalMs(3_600_000).build();
    MqttPublisher pub = publisher(quiet, outboxSettings());
    StatusWatcher watcher = new StatusWatcher(pub);
    pub.start();
    watcher.awaitState(ConnectionState.CONNECTED, WAIT_MS);
    pub.publishBadgeStatus(Payloads.badgeStatus("00a1", Payloads.T0_MS));
    assertThat(pub.awaitDelivered(WAIT_MS)).isTrue();

    TestSubscriber late = subscriber(false, "rapport/lab/gw1/#").connect();
    TestSubscriber.Received online =
        late.await(r -> r.topic().equals(TOPICS.gatewayStatus()), WAIT_MS);
    assertThat(online.retained()).isEqualTo(brokerSetsRetainFlag());
    Schemas.assertValid(Schemas.GATEWAY_STATUS, online.payload());
    assertThat(online.json().get("state").asText()).isEqualTo("online");
    TestSubscriber.Received badge =
        late.await(r -> r.topic().equals(TOPICS.badgeStatus("00a1")), WAIT_MS);
    assertThat(badge.retained()).isEqualTo(brokerSetsRetainFlag());
    Schemas.assertValid(Schemas.BADGE_STATUS, badge.payload());

    pub.abort(); // no DISCONNECT: the broker publishes the will
    TestSubscriber.Received will =
        late.await(
            r ->
                r.topic().equals(TOPICS.gatewayStatus())
                    && r.json().get("state").asText().equals("offline"),
            WAIT_MS);
    Schemas.assertValid(Schemas.GATEWAY_STATUS, will.payload());
    assertThat(will.json().get("reason").asText()).isEqualTo("connection_lost");

    if (brokerRetainsWill()) {
      TestSubscriber later = subscriber(false, TOPICS.gatewayStatus()).connect();
      TestSubscriber.Received retainedWill = later.await(r -> true, WAIT_MS);
      assertThat(retainedWill.json().get("reason").asText()).isEqualTo("connection_lost");
    }

    MqttPublisher again = publisher(quiet, outboxSettings());
    StatusWatcher againWatcher = new StatusWatcher(again);
    again.start();
    againWatcher.awaitState(ConnectionState.CONNECTED, WAIT_MS);
    late.await(
        r ->
            r.json().has("state")
                && r.json().get("state").asText().equals("online")
                && !r.retained()
                && r.arrivedNs() > will.arrivedNs(),
        WAIT_MS);
    again.close();
    TestSubscriber.Received bye =
        late.await(
            r ->
                r.topic().equals(TOPICS.gatewayStatus())
                    && r.json().get("reason").asText("").equals("shutdown"),
            WAIT_MS);
    Schemas.assertValid(Schemas.GATEWAY_STATUS, bye.payload());
    assertThat(bye.json().at("/outbox/pending_records").asLong()).isZero();
  }

  @Test
  void shouldAnswerEveryCommandOnTheResultTopic() throws Exception {
    broker.start();
    MqttPublisher pub = publisher(settings(), outboxSettings());
    LinkedBlockingQueue<GatewayCommand> carriedOut = new LinkedBlockingQueue<>();
    pub.onCommand(
        c -> {
          if (c instanceof GatewayCommand.StopSession) {
            throw new IllegalStateException("no session is running");
          }
          carriedOut.add(c);
        });
    StatusWatcher watcher = new StatusWatcher(pub);
    pub.start();
    watcher.awaitState(ConnectionState.CONNECTED, WAIT_MS);

    TestSubscriber client = subscriber(false, TOPICS.commandResult()).connect();
    client.publish(
        TOPICS.command(), "{\"command\":\"marker\",\"label\":\"laugh\",\"request_id\":\"r1\"}");
    client.publish(
        TOPICS.command(), "{\"command\":\"identify\",\"badge\":\"zz\",\"request_id\":\"r2\"}");
    client.publish(
        TOPICS.command(), "{\"command\":\"marker\",\"label\":\"laugh\",\"request_id\":\"r1\"}");
    client.publish(TOPICS.command(), "{\"command\":\"stop_session\",\"request_id\":\"r3\"}");

    assertThat(carriedOut.poll(WAIT_MS, TimeUnit.MILLISECONDS))
        .isEqualTo(new GatewayCommand.Marker("r1", "laugh"));
    JsonNode ok =
        client.await(r -> r.json().get("request_id").asText().equals("r1"), WAIT_MS).json();
    assertThat(ok.get("status").asText()).isEqualTo("accepted");
    JsonNode bad =
        client.await(r -> r.json().get("request_id").asText().equals("r2"), WAIT_MS).json();
    assertThat(bad.get("status").asText()).isEqualTo("rejected");
    assertThat(bad.at("/error/field").asText()).isEqualTo("badge");
    assertThat(bad.at("/error/value").asText()).isEqualTo("zz");
    JsonNode refused =
        client.await(r -> r.json().get("request_id").asText().equals("r3"), WAIT_MS).json();
    assertThat(refused.at("/error/reason").asText()).contains("no session is running");
    client.await(
        r ->
            r.json().get("request_id").asText().equals("r1")
                && r.json().get("status").asText().equals("rejected"),
        WAIT_MS);
    assertThat(carriedOut).as("a repeated request_id runs once").isEmpty();
    for (TestSubscriber.Received r : client.received()) {
      Schemas.assertValid(Schemas.COMMAND_RESULT, r.payload());
    }
  }
}
