package dev.rapport.gateway.mqtt;

import dev.rapport.badge.transport.BackoffPolicy;
import dev.rapport.badge.transport.ReconnectBackoff;
import dev.rapport.gateway.mqtt.outbox.Outbox;
import dev.rapport.gateway.mqtt.outbox.OutboxMetrics;
import dev.rapport.gateway.mqtt.outbox.OutboxRecord;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the gateway's messages through the durable {@link Outbox} with Paho (MQTT 3.1.1).
 *
 * <p>Why not Paho's own reconnect and offline buffer: Paho never retries a failed first connect,
 * throws 32104 from {@code publish} while disconnected, keeps its buffer in memory only, and fails
 * bursts with 32202 once its in-flight limit is reached. So this class owns the connect loop
 * (capped, jittered backoff), keeps its own in-flight window below Paho's limit, and lets a message
 * leave the outbox only when the broker's PUBACK arrives. Each connection gets a fresh client with
 * {@link MemoryPersistence}: the outbox is the only durable store, and after a reconnect it resends
 * everything unacknowledged, in order (subscribers may see a repeated {@code seq}, never a gap).
 *
 * <p>Threads: producers call the {@code publish*} methods (a disk append, no network wait); one
 * thread, {@code rapport-mqtt}, connects and drains; Paho's callback thread acknowledges and
 * delivers commands. Command handlers run on Paho's callback thread and must not block.
 */
public final class MqttPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttPublisher.class);

  /** QoS of every message: the outbox already makes delivery at-least-once end to end. */
  public static final int QOS = 1;

  /** Paho slots kept free for the status messages, which bypass the outbox. */
  static final int RESERVED_INFLIGHT = 4;

  private static final long IDLE_WAKE_MS = 1_000;

  private final MqttSettings settings;
  private final Topics topics;
  private final PayloadCodec codec;
  private final Outbox outbox;
  private final String version;
  private final LongSupplier clockMs;
  private final long startedMs;
  private volatile java.util.function.Supplier<GatewayHealth> healthSource = () -> null;
  private final SSLSocketFactory sslSocketFactory;
  private final ReconnectBackoff backoff; // publisher thread only
  private final CommandInbox commands;
  private final List<Consumer<ConnectionStatus>> statusListeners = new CopyOnWriteArrayList<>();
  private final Thread thread;

  private final Object lock = new Object();
  // Guarded by lock.
  private final Set<Long> inFlight = new HashSet<>();
  private long generation;
  private boolean workPending;
  private boolean connectionBroken;
  private Throwable brokenCause;
  private ConnectionStatus status;

  // Owned by the publisher thread until it has stopped, then by close().
  private MqttAsyncClient client;
  private long nextStatusMs;
  private String lastLoggedError;

  private volatile boolean running;
  private volatile boolean stopped;

  /**
   * @param version the gateway version, published in the status
   * @param clockMs wall clock, epoch ms
   */
  public MqttPublisher(
      MqttSettings settings, Topics topics, Outbox outbox, String version, LongSupplier clockMs) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.topics = Objects.requireNonNull(topics, "topics");
    this.codec = new PayloadCodec(topics.gateway());
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.version = Objects.requireNonNull(version, "version");
    this.clockMs = clockMs;
    this.startedMs = clockMs.getAsLong();
    this.sslSocketFactory =
        settings.serverUri().startsWith("ssl://")
            ? SslSocketFactories.create(settings.tls())
            : null;
    this.backoff =
        // The links' backoff, with more jitter: each delay is 50-100% of the capped base, so
        // gateways that lost the same broker do not reconnect in lock-step.
        BackoffPolicy.ofMillis(settings.reconnectInitialMs(), settings.reconnectMaxMs(), 0.5)
            .newBackoff(new SplittableRandom());
    this.status = new ConnectionStatus(ConnectionState.NEW, null, 0, startedMs);
    this.commands = new CommandInbox(topics, codec, outbox, clockMs, this::wake);
    this.thread = new Thread(this::run, "rapport-mqtt");
    this.thread.setDaemon(true);
  }

  /** Starts connecting in the background; publishing works before and during outages. */
  public void start() {
    if (running || stopped) {
      throw new IllegalStateException("publisher already started, clientId=" + settings.clientId());
    }
    running = true;
    thread.start();
  }

  /**
   * Queues one dyad score durably and returns the {@code seq} it was given. The number continues
   * across restarts (see {@link Outbox}).
   */
  public long publishDyad(DyadScoreMessage message) throws IOException {
    String topic = topics.dyad(message.badgeA(), message.badgeB());
    long[] seq = new long[1];
    outbox.append(
        topic,
        QOS,
        false,
        true,
        s -> {
          seq[0] = s;
          return codec.dyad(message, s);
        });
    wake();
    return seq[0];
  }

  /** Queues a retained badge status; a late subscriber gets the latest one from the broker. */
  public void publishBadgeStatus(BadgeStatusMessage message) throws IOException {
    byte[] payload = codec.badgeStatus(message);
    outbox.append(topics.badgeStatus(message.badge()), QOS, true, false, s -> payload);
    wake();
  }

  public void publishEvent(EventMessage message) throws IOException {
    byte[] payload = codec.event(message);
    outbox.append(topics.event(), QOS, false, false, s -> payload);
    wake();
  }

  /**
   * Registers who carries out accepted commands. It runs on Paho's callback thread: hand the
   * command to your own queue and return. Throwing {@link IllegalStateException} or {@link
   * IllegalArgumentException} refuses the command; the message becomes the rejection's reason.
   */
  public void onCommand(Consumer<GatewayCommand> handler) {
    commands.handler(handler);
  }

  /** Told of every change of connection state, on the publisher thread; must not block. */
  /**
   * Where each status takes the gateway's health from (any thread; must not block). Without one the
   * health fields of the status are null.
   */
  public void healthSource(java.util.function.Supplier<GatewayHealth> source) {
    this.healthSource = source;
  }

  public void addStatusListener(Consumer<ConnectionStatus> listener) {
    statusListeners.add(listener);
  }

  public ConnectionStatus status() {
    synchronized (lock) {
      return status;
    }
  }

  public OutboxMetrics metrics() {
    return outbox.metrics();
  }

  public Topics topics() {
    return topics;
  }

  /**
   * Waits until every queued message has been acknowledged by the broker.
   *
   * @return false if {@code timeoutMs} passed first
   */
  public boolean awaitDelivered(long timeoutMs) throws InterruptedException {
    long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000;
    synchronized (lock) {
      while (outbox.pendingRecords() > 0) {
        long leftMs = (deadlineNs - System.nanoTime()) / 1_000_000;
        if (leftMs <= 0) {
          return false;
        }
        lock.wait(Math.min(leftMs, IDLE_WAKE_MS));
      }
      return true;
    }
  }

  private void wake() {
    synchronized (lock) {
      workPending = true;
      lock.notifyAll();
    }
  }

  // ---------------------------------------------------------------- publisher thread

  private void run() {
    while (running) {
      try {
        if (!connected()) {
          discardClient();
          if (running) {
            connect();
          }
          continue;
        }
        drain();
        outbox.maintain();
        long now = clockMs.getAsLong();
        if (now - nextStatusMs >= 0) {
          publishStatus("online", null);
        }
        waitForWork(Math.min(IDLE_WAKE_MS, Math.max(1, nextStatusMs - now)));
      } catch (IOException e) {
        // The disk refused a read or a cursor write: say so, wait, try again; messages stay queued.
        LOG.error("outbox I/O failed, retrying: {}", e.toString());
        pause(nextDelayMs());
      } catch (RuntimeException e) {
        LOG.error("unexpected error in the MQTT publisher thread; it carries on", e);
        pause(IDLE_WAKE_MS);
      }
    }
  }

  private boolean connected() {
    synchronized (lock) {
      return client != null && !connectionBroken && client.isConnected();
    }
  }

  private void connect() {
    setState(ConnectionState.CONNECTING, status().lastError());
    MqttAsyncClient c;
    try {
      c = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
    } catch (MqttException e) {
      fail(e);
      return;
    }
    long gen;
    synchronized (lock) {
      gen = generation + 1;
    }
    c.setCallback(new Callbacks(gen));
    try {
      c.connect(connectOptions()).waitForCompletion(settings.connectTimeoutMs() + 1_000);
      c.subscribe(topics.command(), QOS).waitForCompletion(settings.connectTimeoutMs());
    } catch (MqttException e) {
      closeQuietly(c, false);
      fail(e);
      return;
    }
    synchronized (lock) {
      generation = gen;
      client = c;
      inFlight.clear();
      connectionBroken = false;
      brokenCause = null;
    }
    outbox.rewind();
    backoff.reset();
    publishStatus("online", null);
    setState(ConnectionState.CONNECTED, null);
  }

  private MqttConnectOptions connectOptions() {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setCleanSession(false);
    o.setAutomaticReconnect(false);
    o.setKeepAliveInterval((int) Math.max(1, settings.keepaliveMs() / 1_000));
    o.setConnectionTimeout((int) Math.max(1, (settings.connectTimeoutMs() + 999) / 1_000));
    o.setMaxInflight(settings.inflightWindow() + RESERVED_INFLIGHT);
    o.setWill(
        topics.gatewayStatus(),
        codec.gatewayStatus("offline", "connection_lost", version, startedMs, null, null),
        QOS,
        true);
    if (settings.username() != null) {
      o.setUserName(settings.username());
    }
    if (settings.password() != null) {
      o.setPassword(settings.password().toCharArray());
    }
    if (sslSocketFactory != null) {
      o.setSocketFactory(sslSocketFactory);
    }
    return o;
  }

  private void fail(Throwable e) {
    String message = MqttErrors.describe(e, settings);
    long delayMs = nextDelayMs();
    setState(ConnectionState.RETRYING, message);
    LOG.debug("connect attempt {} failed, next in {} ms", backoff.attempts(), delayMs, e);
    pause(delayMs);
  }

  /** Hands records to Paho until the window is full or the outbox is empty. */
  private void drain() throws IOException {
    while (running) {
      long gen;
      MqttAsyncClient c;
      synchronized (lock) {
        if (inFlight.size() >= settings.inflightWindow() || connectionBroken) {
          return;
        }
        gen = generation;
        c = client;
      }
      OutboxRecord r = outbox.next();
      if (r == null) {
        return;
      }
      synchronized (lock) {
        inFlight.add(r.index());
      }
      try {
        c.publish(r.topic(), r.payload(), r.qos(), r.retained(), null, new Ack(gen, r.index()));
      } catch (MqttException e) {
        synchronized (lock) {
          inFlight.remove(r.index());
        }
        outbox.unread(r.index());
        if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
          markBroken(gen, e);
        }
        return;
      }
    }
  }

  private void publishStatus(String state, String reason) {
    long now = clockMs.getAsLong();
    nextStatusMs = now + settings.statusIntervalMs();
    MqttAsyncClient c;
    synchronized (lock) {
      c = client;
    }
    byte[] payload =
        codec.gatewayStatus(
            state, reason, version, startedMs, now, outbox.metrics(), healthSource.get());
    try {
      c.publish(topics.gatewayStatus(), payload, QOS, true);
    } catch (MqttException e) {
      // The status is refreshed every interval; a lost one only delays the next.
      LOG.debug("gateway status not sent: {}", MqttErrors.describe(e, settings));
    }
  }

  private void waitForWork(long timeoutMs) {
    synchronized (lock) {
      if (!workPending && running && !connectionBroken) {
        try {
          lock.wait(timeoutMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        }
      }
      workPending = false;
    }
  }

  private long nextDelayMs() {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(backoff.nextDelayNs()));
  }

  private void pause(long ms) {
    long deadlineNs = System.nanoTime() + ms * 1_000_000;
    synchronized (lock) {
      while (running) {
        long leftMs = (deadlineNs - System.nanoTime()) / 1_000_000;
        if (leftMs <= 0) {
          return;
        }
        try {
          lock.wait(leftMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        }
      }
    }
  }

  private void markBroken(long gen, Throwable cause) {
    synchronized (lock) {
      if (gen != generation || connectionBroken) {
        return;
      }
      connectionBroken = true;
      brokenCause = cause;
      workPending = true;
      lock.notifyAll();
    }
  }

  /** After a lost connection: report it once, close the dead client, start a fresh one. */
  private void discardClient() {
    MqttAsyncClient c;
    Throwable cause;
    synchronized (lock) {
      c = client;
      cause = brokenCause;
      client = null;
      inFlight.clear();
      connectionBroken = false;
      brokenCause = null;
    }
    if (c == null) {
      return;
    }
    closeQuietly(c, false);
    setState(
        ConnectionState.RETRYING,
        cause == null
            ? "connection to broker at " + settings.address() + " lost"
            : MqttErrors.describe(cause, settings));
  }

  /**
   * Closes a client that is done. Teardown errors are logged at debug only: the connection is
   * already gone or going, and the reason has been reported.
   *
   * @param sendDisconnect false leaves the broker to publish the Last Will
   */
  private static void closeQuietly(MqttAsyncClient c, boolean sendDisconnect) {
    try {
      if (c.isConnected()) {
        c.disconnectForcibly(0, 1_000, sendDisconnect);
      }
    } catch (MqttException e) {
      LOG.debug("disconnect of a finished client failed: {}", e.toString());
    }
    try {
      c.close(true);
    } catch (MqttException e) {
      LOG.debug("close of a finished client failed: {}", e.toString());
    }
  }

  private void setState(ConnectionState state, String error) {
    ConnectionStatus next;
    synchronized (lock) {
      ConnectionStatus prev = status;
      int failures =
          state == ConnectionState.CONNECTED
              ? 0
              : state == ConnectionState.RETRYING && error != null
                  ? backoff.attempts()
                  : prev.failedAttempts();
      boolean changed = prev.state() != state || !Objects.equals(prev.lastError(), error);
      next =
          new ConnectionStatus(
              state, error, failures, changed ? clockMs.getAsLong() : prev.sinceMs());
      status = next;
      lock.notifyAll();
      if (!changed) {
        return;
      }
      logChange(prev, next);
    }
    for (Consumer<ConnectionStatus> l : statusListeners) {
      l.accept(next);
    }
  }

  /** One log line per change, so an outage of hours writes two lines, not thousands. */
  private void logChange(ConnectionStatus prev, ConnectionStatus next) {
    switch (next.state()) {
      case CONNECTED:
        lastLoggedError = null;
        LOG.info(
            "MQTT connected to {} as {} ({} messages queued)",
            settings.address(),
            settings.clientId(),
            outbox.pendingRecords());
        break;
      case RETRYING:
        // Attempts alternate CONNECTING and RETRYING; only a new reason is worth a line.
        if (next.lastError() != null && !next.lastError().equals(lastLoggedError)) {
          lastLoggedError = next.lastError();
          LOG.warn(
              "MQTT: {}; retrying with backoff up to {} ms",
              next.lastError(),
              settings.reconnectMaxMs());
        }
        break;
      case CONNECTING:
        if (prev.state() == ConnectionState.NEW) {
          LOG.info("MQTT connecting to {} as {}", settings.address(), settings.clientId());
        }
        break;
      case CLOSED:
        LOG.info(
            "MQTT publisher closed ({} messages still queued on disk)", outbox.pendingRecords());
        break;
      default:
        break;
    }
  }

  // ---------------------------------------------------------------- Paho callbacks

  /** Acknowledgement of one outbox record; a PUBACK is a fact whatever connection it came on. */
  private final class Ack implements IMqttActionListener {
    private final long gen;
    private final long index;

    Ack(long gen, long index) {
      this.gen = gen;
      this.index = index;
    }

    @Override
    public void onSuccess(IMqttToken token) {
      try {
        outbox.acknowledge(index);
      } catch (IOException e) {
        LOG.error("outbox could not record delivery of index={}: {}", index, e.toString());
      }
      synchronized (lock) {
        if (gen == generation) {
          inFlight.remove(index);
        }
        workPending = true;
        lock.notifyAll();
      }
    }

    @Override
    public void onFailure(IMqttToken token, Throwable e) {
      // Paho fails every outstanding token when the connection drops; the outbox still holds the
      // record and the next connection resends it.
      markBroken(gen, e);
    }
  }

  private final class Callbacks implements MqttCallback {
    private final long gen;

    Callbacks(long gen) {
      this.gen = gen;
    }

    @Override
    public void connectionLost(Throwable cause) {
      markBroken(gen, cause);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      if (topic.equals(topics.command())) {
        commands.receive(message.getPayload(), message.isRetained());
      }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
      // Completion is handled per message by Ack, which knows the outbox index.
    }
  }

  // ---------------------------------------------------------------- shutdown

  /**
   * Clean shutdown: waits up to {@code shutdownFlushTimeoutMs} for queued messages while connected,
   * publishes the retained offline status, disconnects (so the broker does not send the Last Will)
   * and closes the outbox. Whatever is left stays on disk for the next start.
   */
  @Override
  public void close() throws IOException {
    if (stopped) {
      return;
    }
    try {
      long deadlineNs = System.nanoTime() + settings.shutdownFlushTimeoutMs() * 1_000_000;
      synchronized (lock) {
        while (running
            && status.state() == ConnectionState.CONNECTED
            && outbox.pendingRecords() > 0) {
          long leftMs = (deadlineNs - System.nanoTime()) / 1_000_000;
          if (leftMs <= 0) {
            LOG.warn(
                "MQTT shutdown: {} messages not acknowledged within {} ms stay queued on disk",
                outbox.pendingRecords(),
                settings.shutdownFlushTimeoutMs());
            break;
          }
          lock.wait(Math.min(leftMs, IDLE_WAKE_MS));
        }
      }
      stopThread();
      MqttAsyncClient c = client;
      client = null;
      if (c != null) {
        if (c.isConnected()) {
          try {
            byte[] offline =
                codec.gatewayStatus(
                    "offline",
                    "shutdown",
                    version,
                    startedMs,
                    clockMs.getAsLong(),
                    outbox.metrics(),
                    healthSource.get());
            c.publish(topics.gatewayStatus(), offline, QOS, true).waitForCompletion(2_000);
            c.disconnect(1_000).waitForCompletion(2_000);
          } catch (MqttException e) {
            LOG.warn(
                "MQTT shutdown: offline status not confirmed: {}",
                MqttErrors.describe(e, settings));
          }
        }
        closeQuietly(c, true);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped = true;
      outbox.close();
      setState(ConnectionState.CLOSED, null);
    }
  }

  /**
   * Stops as a crash would: no flush, no offline status, no DISCONNECT (the broker publishes the
   * Last Will), and the outbox files are left as they are. For tests of recovery.
   */
  public void abort() throws IOException {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      stopThread();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    MqttAsyncClient c = client;
    client = null;
    if (c != null) {
      closeQuietly(c, false);
    }
    outbox.abandon();
    setState(ConnectionState.CLOSED, null);
  }

  private void stopThread() throws InterruptedException {
    synchronized (lock) {
      running = false;
      lock.notifyAll();
    }
    if (thread.isAlive()) {
      thread.join(settings.connectTimeoutMs() + 5_000);
      if (thread.isAlive()) {
        LOG.warn(
            "MQTT publisher thread did not stop within {} ms", settings.connectTimeoutMs() + 5_000);
      }
    }
  }
}
