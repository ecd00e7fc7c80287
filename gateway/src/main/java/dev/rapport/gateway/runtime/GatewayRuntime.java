package dev.rapport.gateway.runtime;

import dev.rapport.badge.protocol.BadgeId;
import dev.rapport.badge.sim.BadgeFleet;
import dev.rapport.badge.sim.BadgeFleetConfig;
import dev.rapport.badge.sim.SimConfig;
import dev.rapport.badge.transport.BadgeLink;
import dev.rapport.badge.transport.serial.SerialBadgeLink;
import dev.rapport.badge.transport.serial.SerialLinkConfig;
import dev.rapport.gateway.config.GatewayConfig;
import dev.rapport.gateway.engine.EngineEvent;
import dev.rapport.gateway.engine.EngineSettings;
import dev.rapport.gateway.engine.GatewayEngine;
import dev.rapport.gateway.mqtt.BadgeStatusMessage;
import dev.rapport.gateway.mqtt.BrokerSettings;
import dev.rapport.gateway.mqtt.EmbeddedBroker;
import dev.rapport.gateway.mqtt.GatewayCommand;
import dev.rapport.gateway.mqtt.GatewayHealth;
import dev.rapport.gateway.mqtt.MqttPublisher;
import dev.rapport.gateway.mqtt.Topics;
import dev.rapport.gateway.mqtt.outbox.Outbox;
import dev.rapport.gateway.session.ConsentTable;
import dev.rapport.gateway.session.Participant;
import dev.rapport.gateway.session.SessionInfo;
import dev.rapport.gateway.session.SessionParameters;
import dev.rapport.gateway.session.SessionRecorder;
import dev.rapport.gateway.session.SessionStore;
import dev.rapport.gateway.web.DashboardServer;
import dev.rapport.gateway.web.DashboardState;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway: links (serial, BLE, simulated) feed one bounded engine queue; one engine
 * thread runs the deterministic {@link GatewayEngine}; a sink thread hands results to the MQTT
 * outbox, the dashboard and the terminal summary; a ticker advances the engine clock. {@link
 * #close()} shuts down in order: links first, then the engine drains, then the sinks flush, then
 * the publisher says offline and the embedded broker stops.
 */
public final class GatewayRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayRuntime.class);
  private static final int ENGINE_QUEUE_CAPACITY = 65_536;
  private static final long SHUTDOWN_FLUSH_MS = 5_000;
  private static final long SESSION_SWITCH_TIMEOUT_MS = 5_000;

  /**
   * What the engine thread changes when it reaches a session's SESSION event: the recorder that
   * receives the events from there on and the badges that may be scored.
   */
  private record SessionSwitch(
      SessionRecorder recorder, ConsentTable consent, CompletableFuture<Void> applied) {}

  private final GatewayConfig config;
  private final RuntimeOptions options;
  private final BlockingQueue<EngineEvent> engineQueue =
      new ArrayBlockingQueue<>(ENGINE_QUEUE_CAPACITY);
  private final AtomicLong engineQueueDrops = new AtomicLong();
  private final RoomSummary summary = new RoomSummary();
  // Written by the main thread at start and by the BlueZ signal thread as badges appear.
  private final List<BadgeLink> links = new CopyOnWriteArrayList<>();
  private final List<FrameIntake> intakes = new CopyOnWriteArrayList<>();
  private final BadgeCommands commands = new BadgeCommands(System::nanoTime);
  private EmbeddedBroker broker;
  private MqttPublisher publisher;
  private DashboardServer dashboard;
  private volatile SinkThread sinks;
  private SimulatedBadgeLinks simulated;
  private HardwareWiring hardware;
  private long ticks;
  private BleWiring ble;
  private GatewayEngine engine;
  private volatile Thread engineThread;
  private ScheduledExecutorService ticker;
  private volatile boolean running;
  private volatile long engineStartedMs;
  // Session switches waiting for their SESSION event on the engine thread, in queue order.
  private final Queue<SessionSwitch> switches = new ConcurrentLinkedQueue<>();
  // Engine thread only, changed at a SESSION event: the recorder of the session in progress, and
  // the badges it may score (null = every badge: no session, or no participant list).
  private SessionRecorder recorder;
  private ConsentTable consent;
  // Guarded by this: the session in progress as far as commands are concerned, and its recorder.
  private SessionInfo session;
  private SessionRecorder sessionRecorder;
  // Copy of session's id for readers that must not wait for the lock (status, tests).
  private volatile String sessionInProgress;
  private String brokerUrl;
  private final LatencyProbe probe;
  // Engine thread: gateway time of the watermark being processed (for the probe).
  private long watermarkNs;

  public GatewayRuntime(GatewayConfig config, RuntimeOptions options) {
    this(config, options, null);
  }

  /**
   * @param probe measures latency along the pipeline ({@code rapport bench e2e}); null in
   *     production
   */
  public GatewayRuntime(GatewayConfig config, RuntimeOptions options, LatencyProbe probe) {
    this.config = config;
    this.options = options;
    this.probe = probe;
  }

  public void start() throws IOException {
    Files.createDirectories(config.dataDir());
    hardware = new HardwareWiring(config.hardware(), this::mark, this::missingBadges);
    startMqtt();
    publisher.addStatusListener(hardware::onBrokerStatus);
    publisher.healthSource(this::health);
    if (config.dashboard().enabled()) {
      dashboard =
          new DashboardServer(
              config.dashboard().host(),
              config.dashboard().port(),
              new DashboardState(120),
              this::mark);
      dashboard.publish(
          new DashboardState.Update(
              DashboardState.Kind.GATEWAY,
              "status",
              "{\"site\":\"" + config.site() + "\",\"gateway\":\"" + config.gateway() + "\"}"));
    }
    sinks =
        new SinkThread(
            publisher, dashboard, summary, config.gateway(), this::sendTimeSync, null, probe);
    engine =
        new GatewayEngine(
            EngineSettings.from(config),
            new LinkStatusOutput(
                probe == null ? sinks : new ProbedEngineOutput(sinks, probe), this::linkOfBadge),
            this::mayScore,
            this::transportOf,
            null);
    if (probe != null) {
      engine.grid().enableStamps();
      engine.tickListener(
          (e, tickEndNs, featuresEndNs, present, ax, ay, az, mic) ->
              probe.onTickClosed(
                  e.epochMs(featuresEndNs),
                  tickEndNs,
                  e.grid().closingTickStamp(),
                  watermarkNs,
                  System.nanoTime()));
    }
    sinks.start();
    running = true;
    engineStartedMs = System.currentTimeMillis();
    engineThread = new Thread(this::runEngine, "rapport-engine");
    engineThread.start();
    if (config.recording().enabled()) {
      startSession(null, List.of());
    }
    startLinks();
    long periodMs = 1000L / config.grid().rateHz();
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rapport-ticker");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(this::tick, periodMs, periodMs, TimeUnit.MILLISECONDS);
  }

  public String brokerUrl() {
    return brokerUrl;
  }

  public String dashboardUrl() {
    return dashboard == null ? null : dashboard.url();
  }

  public RoomSummary summary() {
    return summary;
  }

  public long engineQueueDrops() {
    return engineQueueDrops.get();
  }

  /**
   * Samples the grid refused because their tick had already closed (they came later than {@code
   * grid.allowed_lateness}). Exact after {@link #close()}; while running, read from another thread,
   * a recent value.
   */
  public long gridSamplesLate() {
    GatewayEngine e = engine;
    return e == null ? 0 : e.grid().samplesLate();
  }

  public Topics topics() {
    return new Topics(config.site(), config.gateway());
  }

  /** Adds a marker to the timeline now (button, dashboard, CLI, MQTT). */
  public void mark(String label) {
    offer(EngineEvent.marker(System.nanoTime(), label));
  }

  private void startMqtt() throws IOException {
    if (config.mqtt().embedded()) {
      broker =
          new EmbeddedBroker(
              BrokerSettings.of(
                  config.mqtt().embeddedHost(),
                  config.mqtt().embeddedPort(),
                  config.dataDir().resolve("broker")));
      int port = broker.start();
      String host = config.mqtt().embeddedHost();
      brokerUrl = "tcp://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port;
    } else {
      brokerUrl = config.mqtt().url();
    }
    Outbox outbox = Outbox.open(MqttWiring.outbox(config), System::currentTimeMillis);
    publisher =
        new MqttPublisher(
            MqttWiring.settings(config, brokerUrl),
            topics(),
            outbox,
            options.version(),
            System::currentTimeMillis);
    publisher.onCommand(this::onCommand);
    publisher.start();
  }

  private void startLinks() {
    int simulatedCount = config.badges().simulated().count();
    if (simulatedCount > 0) {
      SimConfig room =
          SimConfig.builder()
              .seed(config.badges().simulated().seed())
              .badgeCount(simulatedCount)
              .gridRateHz(config.grid().rateHz())
              .build();
      int perLink =
          Math.max(1, (simulatedCount + options.simulatedLinks() - 1) / options.simulatedLinks());
      BadgeFleet fleet =
          BadgeFleet.create(room, BadgeFleetConfig.builder().badgesPerLink(perLink).build());
      simulated = new SimulatedBadgeLinks(fleet, System.nanoTime(), System::nanoTime);
      for (BadgeLink link : simulated.links()) {
        addLink(link);
      }
    }
    for (GatewayConfig.Serial serial : config.badges().serial()) {
      addLink(
          new SerialBadgeLink(
              SerialLinkConfig.forPath(serial.path()).withBaudRate(serial.baud()),
              System::nanoTime,
              RandomGenerator.getDefault()));
    }
    for (int i = 0; i < links.size(); i++) {
      links.get(i).start(intakes.get(i));
    }
    if (config.badges().ble().enabled()) {
      startBle();
    }
    if (simulated != null) {
      simulated.startRealtime();
    }
  }

  /** BLE badges join as BlueZ finds them; without a usable bus BLE is retried until it works. */
  private void startBle() {
    ble =
        new BleWiring(
            config.badges().ble(),
            link -> {
              int index = addLink(link);
              link.start(intakes.get(index));
            });
    ble.start();
  }

  private void closeBle() {
    if (ble != null) {
      ble.close();
    }
  }

  /** BLE discovery running (false when not configured, or while BlueZ cannot be used yet). */
  boolean bleActive() {
    return ble != null && ble.active();
  }

  private synchronized int addLink(BadgeLink link) {
    int index = links.size();
    intakes.add(new FrameIntake(index, this::offer, commands::onReply, probe));
    links.add(link);
    return index;
  }

  private String transportOf(int linkIndex) {
    if (linkIndex < 0 || linkIndex >= links.size()) {
      return null;
    }
    String id = links.get(linkIndex).id();
    return id.substring(0, id.indexOf(':'));
  }

  private boolean offer(EngineEvent event) {
    if (engineQueue.offer(event)) {
      return true;
    }
    long n = engineQueueDrops.incrementAndGet();
    if (Long.bitCount(n) == 1) {
      LOG.warn("engine queue full: {} events dropped so far", n);
    }
    return false;
  }

  private void tick() {
    offer(EngineEvent.watermark(System.nanoTime(), System.currentTimeMillis()));
    commands.onTimer();
    if (++ticks % config.grid().rateHz() == 0) {
      hardware.refresh();
    }
  }

  /** Engine thread, per frame: a badge whose wearer did not consent is never scored. */
  private boolean mayScore(int badgeId) {
    ConsentTable c = consent;
    return c == null || c.test(badgeId);
  }

  /**
   * Badges the gateway saw but has not heard from lately, or whose link is down (their status says
   * so).
   */
  private int missingBadges() {
    return (int) summary.badges().stream().filter(b -> !"connected".equals(b.linkState())).count();
  }

  /** Engine thread: the link a badge was last heard on, or null. */
  private BadgeLink linkOfBadge(int badgeId) {
    GatewayEngine e = engine;
    for (int slot = 0; slot < e.badgeCount(); slot++) {
      if (e.session(slot).badgeId() == badgeId) {
        int link = e.session(slot).linkIndex();
        return link >= 0 && link < links.size() ? links.get(link) : null;
      }
    }
    return null;
  }

  /** For tests: the engine; read it only after {@link #close()} (it belongs to its thread). */
  GatewayEngine engine() {
    return engine;
  }

  /** For tests: every link so far, in link-index order (BLE links join as they are found). */
  List<BadgeLink> links() {
    return List.copyOf(links);
  }

  /** Engine thread: asks for a TIME_SYNC request; the send time comes back as an event. */
  private void sendTimeSync(int badgeId, int link, long correlationId) {
    if (link < 0 || link >= links.size()) {
      return;
    }
    commands.sendTimeSync(
        links.get(link),
        badgeId,
        correlationId,
        (b, c, sentNs) -> offer(EngineEvent.syncRequestSent(b, c, sentNs)));
  }

  private void onCommand(GatewayCommand command) {
    if (command instanceof GatewayCommand.Marker) {
      mark(((GatewayCommand.Marker) command).label());
    } else if (command instanceof GatewayCommand.Identify) {
      identify(BadgeId.parse(((GatewayCommand.Identify) command).badge()));
    } else if (command instanceof GatewayCommand.StartSession) {
      GatewayCommand.StartSession start = (GatewayCommand.StartSession) command;
      startSession(start.sessionId(), start.participants());
    } else if (command instanceof GatewayCommand.StopSession) {
      if (!stopSession()) {
        throw new IllegalStateException("no session in progress");
      }
    }
  }

  /**
   * Starts recording a session, ending the one in progress. Only the listed badges are recorded and
   * scored when a list is given; they are named by pseudonyms, never by people's names. The switch
   * reaches the engine as one SESSION event behind the events already queued, so every result from
   * there on carries the new session id (a session that replaces another follows it without a gap)
   * and every event from there on is recorded.
   *
   * @throws IllegalStateException when the id is taken, the session cannot be stored, or the engine
   *     does not take the switch (its queue stayed full); the session in progress then goes on
   */
  public synchronized String startSession(String requestedId, List<String> badges) {
    String id =
        requestedId != null
            ? requestedId
            : "s-"
                + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .withZone(java.time.ZoneOffset.UTC)
                    .format(java.time.Instant.now());
    SessionStore store = new SessionStore(config.dataDir());
    if (Files.exists(store.directory(id))) {
      // Its recording would mix with the earlier one's.
      throw new IllegalStateException(
          "session " + id + " already exists in " + store.root() + " (choose another id)");
    }
    List<Participant> participants = new ArrayList<>();
    for (String badge : badges) {
      String b = BadgeId.format(BadgeId.parse(badge));
      participants.add(new Participant(b, "badge-" + b, true));
    }
    SessionInfo info =
        new SessionInfo(
            id,
            config.site(),
            config.gateway(),
            System.currentTimeMillis(),
            null,
            participants,
            SessionParameters.of(EngineSettings.from(config)),
            options.version(),
            engineStartedMs);
    try {
      store.save(info);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start session " + id + ": " + e.getMessage(), e);
    }
    SessionRecorder r = SessionRecorder.open(store, info, config.recording());
    r.start();
    SessionSwitch change =
        new SessionSwitch(
            r, participants.isEmpty() ? null : ConsentTable.of(info), new CompletableFuture<>());
    if (!switchSession(change, id)) {
      try {
        r.stop();
      } catch (IOException e) {
        LOG.warn("session {}: recorder of a session that never started: {}", id, e.getMessage());
      }
      throw new IllegalStateException(
          "cannot start session "
              + id
              + ": the engine queue stayed full for "
              + SESSION_SWITCH_TIMEOUT_MS
              + " ms");
    }
    SessionInfo previous = session;
    SessionRecorder previousRecorder = sessionRecorder;
    session = info;
    sessionRecorder = r;
    sessionInProgress = id;
    if (previous != null) {
      finish(previous, previousRecorder, change);
    }
    LOG.info("session {} recording to {}", id, store.recordingDirectory(id));
    return id;
  }

  /**
   * Stops the session in progress, if any: results after the switch carry no session, the recorder
   * writes what it has and closes, and the session's end time is stored.
   *
   * @return false when no session was in progress
   */
  public synchronized boolean stopSession() {
    SessionInfo stopping = session;
    if (stopping == null) {
      return false;
    }
    SessionRecorder r = sessionRecorder;
    session = null;
    sessionRecorder = null;
    sessionInProgress = null;
    SessionSwitch change = new SessionSwitch(null, null, new CompletableFuture<>());
    if (!switchSession(change, null)) {
      LOG.error(
          "session {}: the engine queue stayed full; stopping the recording without the switch",
          stopping.id());
    }
    finish(stopping, r, change);
    return true;
  }

  /**
   * Closes a session's recorder once the engine has let go of it (the switch that replaced it was
   * applied), and stores the session's end time.
   */
  private void finish(SessionInfo ended, SessionRecorder r, SessionSwitch replacedBy) {
    try {
      replacedBy.applied().get(SESSION_SWITCH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.error(
          "session {}: the engine did not reach the switch within {} ms ({})",
          ended.id(),
          SESSION_SWITCH_TIMEOUT_MS,
          e.toString());
    }
    try {
      SessionRecorder.Summary summary = r.stop();
      LOG.info("session {} stopped: {}", ended.id(), summary);
      new SessionStore(config.dataDir()).save(ended.stopped(System.currentTimeMillis()));
    } catch (IOException e) {
      LOG.error("session {} did not close cleanly: {}", ended.id(), e.getMessage());
    }
  }

  /** The session in progress, or null. */
  public String sessionId() {
    return sessionInProgress;
  }

  /** For the retained gateway status; publisher thread, so it reads only volatile state. */
  private GatewayHealth health() {
    int total = 0;
    int connected = 0;
    for (BadgeStatusMessage b : summary.badges()) {
      total++;
      if ("connected".equals(b.linkState())) {
        connected++;
      }
    }
    SinkThread s = sinks;
    return new GatewayHealth(
        sessionInProgress, connected, total, engineQueueDrops.get(), s == null ? 0 : s.dropped());
  }

  /**
   * Queues the switch and its SESSION event (both under this object's lock, so they stay in the
   * same order). Once the engine thread has ended (shutdown) the caller applies it itself: nothing
   * else touches the engine then.
   *
   * @return false when the engine queue stayed full
   */
  private boolean switchSession(SessionSwitch change, String sessionId) {
    EngineEvent event =
        EngineEvent.session(System.nanoTime(), System.currentTimeMillis(), sessionId);
    switches.add(change);
    Thread t = engineThread;
    if (t == null || !t.isAlive()) {
      switches.poll();
      applySwitch(change, event);
      return true;
    }
    try {
      if (engineQueue.offer(event, SESSION_SWITCH_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    switches.remove(change);
    return false;
  }

  /** Engine thread (or the closing thread once the engine thread has ended). */
  private void applySwitch(SessionSwitch change, EngineEvent event) {
    recorder = change.recorder();
    consent = change.consent();
    try {
      engine.onEvent(event);
    } finally {
      change.applied().complete(null);
    }
  }

  /** Blinks a badge on the link it was last heard on. */
  public void identify(int badgeId) {
    GatewayEngine e = engine;
    for (int slot = 0; slot < e.badgeCount(); slot++) {
      if (e.session(slot).badgeId() == badgeId) {
        int link = e.session(slot).linkIndex();
        if (link >= 0) {
          commands
              .identify(links.get(link), badgeId, 5_000)
              .thenAccept(
                  outcome -> LOG.info("identify badge {}: {}", BadgeId.format(badgeId), outcome));
        }
        return;
      }
    }
    LOG.warn("identify: badge {} has not been seen", BadgeId.format(badgeId));
  }

  private void runEngine() {
    while (running || !engineQueue.isEmpty()) {
      EngineEvent event;
      try {
        event = engineQueue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (event != null) {
        if (probe != null) {
          beforeEvent(event);
        }
        try {
          if (event.kind() == EngineEvent.Kind.SESSION) {
            SessionSwitch change = switches.poll();
            if (change == null) {
              throw new IllegalStateException("a SESSION event without its switch");
            }
            applySwitch(change, event);
            continue;
          }
          SessionRecorder r = recorder;
          if (r != null) {
            r.offer(event);
          }
          engine.onEvent(event);
        } catch (RuntimeException e) {
          // A bug in one event's processing must not stop the room; say so loudly and go on.
          LOG.error("engine failed on a {} event", event.kind(), e);
        }
      }
    }
  }

  /** Engine thread, with a probe: marks the grid with the frame's intake time. */
  private void beforeEvent(EngineEvent event) {
    if (event.kind() == EngineEvent.Kind.FRAME) {
      engine.grid().stamp(probe.takeIntake(event.bytes()));
    } else if (event.kind() == EngineEvent.Kind.WATERMARK) {
      watermarkNs = event.timeNs();
    }
  }

  @Override
  public void close() {
    LOG.info("shutting down: closing links, draining the engine, flushing the outbox");
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (simulated != null) {
      simulated.close();
    }
    closeBle();
    for (BadgeLink link : links) {
      try {
        link.close();
      } catch (RuntimeException e) {
        // One link failing to close (a vanished device, a dead bus) must not stop the shutdown:
        // the engine still drains and the outbox still flushes.
        LOG.warn("link {} did not close cleanly: {}", link.id(), e.toString());
      }
    }
    running = false;
    if (engineThread != null) {
      try {
        engineThread.join(SHUTDOWN_FLUSH_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    stopSession();
    if (sinks != null) {
      sinks.stop(SHUTDOWN_FLUSH_MS);
    }
    if (publisher != null) {
      try {
        publisher.close();
      } catch (IOException e) {
        LOG.warn("publisher did not close cleanly: {}", e.getMessage());
      }
    }
    if (dashboard != null) {
      dashboard.close();
    }
    if (broker != null) {
      broker.close();
    }
    if (hardware != null) {
      hardware.close();
    }
  }
}
