package dev.rapport.gateway.engine;

import dev.rapport.badge.protocol.AccelFrame;
import dev.rapport.badge.protocol.BadgeId;
import dev.rapport.badge.protocol.Frame;
import dev.rapport.badge.protocol.FrameHandler;
import dev.rapport.badge.protocol.FrameType;
import dev.rapport.badge.protocol.HelloFrame;
import dev.rapport.badge.protocol.MicEnergyFrame;
import dev.rapport.badge.protocol.StatusFrame;
import dev.rapport.badge.protocol.TimeSyncResponseFrame;
import dev.rapport.gateway.features.RoomFeatureExtractor;
import dev.rapport.gateway.ingest.BadgeSession;
import dev.rapport.gateway.ingest.GridAccumulator;
import dev.rapport.gateway.ingest.GridTickSink;
import dev.rapport.gateway.ingest.RawFrameDispatcher;
import dev.rapport.gateway.mqtt.BadgeStatusMessage;
import dev.rapport.gateway.sync.DyadResult;
import dev.rapport.gateway.sync.DyadResultListener;
import dev.rapport.gateway.sync.RoomEngine;
import dev.rapport.gateway.sync.TickFeatures;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * The deterministic core of the gateway: badge sessions (sequence accounting, clock alignment), the
 * common grid, features and the dyad engine, driven only by {@link EngineEvent}s. It never reads a
 * clock: time comes from the events, so the same events give the same scores, live or replayed.
 * Engine thread only.
 */
public final class GatewayEngine implements FrameHandler, GridTickSink, DyadResultListener {
  private static final long STATUS_INTERVAL_NS = 1_000_000_000L;

  private final EngineSettings settings;
  private final EngineOutput output;
  private final IntPredicate badgeAllowed;
  private final IntFunction<String> linkTransport;
  // The session in progress, written into every result; changed only by SESSION events.
  private String session;
  private final RawFrameDispatcher dispatcher = new RawFrameDispatcher();
  private final BadgeSession[] sessionsBySlot;
  private final BadgeSession[] sessionsById = new BadgeSession[0x10000];
  private int[] syncCandidateOfLink = new int[64];
  private final int[] syncLinksTouched;
  private final GridAccumulator grid;
  private final RoomFeatureExtractor features;
  private final RoomEngine room;
  private final TickFeatures tick;
  private final int[] speakingTicksInHop;
  private final int hopTicks;
  private int ticksInHop;
  private int badgeCount;

  // The frame being dispatched: its link, receive time and badge session.
  private int currentLink;
  private long currentReceiveNs;
  private BadgeSession current;

  private boolean clockStarted;
  private long epochOriginMs;
  private long epochOriginNs;
  private long lastStatusNs = Long.MIN_VALUE;

  private long framesIgnoredNoSlot;
  private long framesIgnoredNoConsent;
  private long framesDuplicate;
  private long framesUnreadable;
  private TickListener tickListener;

  /**
   * Sees each closed grid tick right after the features were computed from it, for exports and
   * diagnostics. Read-only: the arrays are the grid's own and are reused for the next tick, so read
   * them during the call; read the features through {@link GatewayEngine#features()}. Engine
   * thread.
   */
  @FunctionalInterface
  public interface TickListener {
    /**
     * @param tickEndNs gateway time of the end of the grid tick whose samples are given
     * @param featuresEndNs end of the tick the current features describe (they lag the grid by the
     *     feature filters' delay)
     */
    void onTick(
        GatewayEngine engine,
        long tickEndNs,
        long featuresEndNs,
        boolean[] present,
        int[] axMg,
        int[] ayMg,
        int[] azMg,
        int[] micCentiDb);
  }

  /**
   * @param badgeAllowed false for badges whose wearer did not consent: never scored
   * @param linkTransport names the transport of a link index ("serial", "ble", "sim") for status
   * @param session the session in progress from the start (a replay's), or null; {@link
   *     EngineEvent.Kind#SESSION} events change it
   */
  public GatewayEngine(
      EngineSettings settings,
      EngineOutput output,
      IntPredicate badgeAllowed,
      IntFunction<String> linkTransport,
      String session) {
    this.settings = settings;
    this.output = output;
    this.badgeAllowed = badgeAllowed;
    this.linkTransport = linkTransport;
    this.session = session;
    int maxBadges = settings.maxBadges();
    this.sessionsBySlot = new BadgeSession[maxBadges];
    this.syncLinksTouched = new int[maxBadges];
    java.util.Arrays.fill(syncCandidateOfLink, -1);
    long periodNs = settings.gridPeriodNs();
    int ringTicks = (int) Math.max(64, 10_000_000_000L / periodNs);
    this.grid = new GridAccumulator(maxBadges, periodNs, ringTicks);
    this.features = new RoomFeatureExtractor(maxBadges, settings.gridRateHz(), settings.features());
    this.room = RoomEngine.builder(settings.sync()).maxBadges(maxBadges).listener(this).build();
    this.tick = room.newTickFeatures();
    this.speakingTicksInHop = new int[maxBadges];
    this.hopTicks = settings.sync().hopSamples();
  }

  public void onEvent(EngineEvent event) {
    switch (event.kind()) {
      case FRAME:
        onFrame(event.link(), event.timeNs(), event.bytes(), 0, event.bytes().length);
        break;
      case WATERMARK:
        onWatermark(event.timeNs(), event.value());
        break;
      case SYNC_REQUEST_SENT:
        onSyncRequestSent(event.link(), event.value(), event.timeNs());
        break;
      case MARKER:
        output.onMarker(epochMs(event.timeNs()), new String(event.bytes(), StandardCharsets.UTF_8));
        break;
      case SESSION:
        onSessionSwitch(event.timeNs(), event.value(), event.sessionId());
        break;
      default:
        throw new IllegalArgumentException("unknown event kind " + event.kind());
    }
  }

  public void onFrame(int link, long receiveNs, byte[] frame, int offset, int length) {
    if (length < Frame.HEADER_LENGTH) {
      framesUnreadable++;
      return;
    }
    int badgeId = u16(frame, offset + Frame.BADGE_ID_OFFSET);
    if (!badgeAllowed.test(badgeId)) {
      framesIgnoredNoConsent++;
      return;
    }
    BadgeSession session = sessionFor(badgeId);
    if (session == null) {
      framesIgnoredNoSlot++;
      return;
    }
    int sequence = u16(frame, offset + Frame.SEQUENCE_OFFSET);
    boolean fresh = session.onFrame(sequence, link, receiveNs);
    boolean hello = (frame[offset + Frame.TYPE_OFFSET] & 0xFF) == FrameType.HELLO;
    // A HELLO after a reboot restarts the sequence: it is never a duplicate.
    if (!fresh && !hello) {
      framesDuplicate++;
      return;
    }
    current = session;
    currentLink = link;
    currentReceiveNs = receiveNs;
    if (!dispatcher.dispatch(frame, offset, length, this)) {
      framesUnreadable++;
    }
    current = null;
  }

  public void onSyncRequestSent(int badgeId, long correlationId, long sentNs) {
    BadgeSession session = sessionsById[badgeId & 0xFFFF];
    if (session != null) {
      session.onSyncRequestSent(correlationId, sentNs);
    }
  }

  /**
   * From now on results belong to {@code sessionId} (none when null). Results already produced keep
   * theirs: a window that straddles the switch is labelled by when it ended.
   */
  public void onSessionSwitch(long nowNs, long epochMs, String sessionId) {
    String previous = session;
    session = sessionId;
    output.onSession(clockStarted ? epochMs(nowNs) : epochMs, sessionId, previous);
  }

  /** The session results are labelled with now; null outside a session. */
  public String sessionId() {
    return session;
  }

  /**
   * The engine clock advanced to {@code nowNs}: close the grid ticks no late sample can still
   * reach, ask for time syncs that are due, and report badge health.
   */
  public void onWatermark(long nowNs, long epochMs) {
    if (!clockStarted) {
      clockStarted = true;
      epochOriginNs = nowNs;
      epochOriginMs = epochMs;
    }
    grid.closeUpTo(nowNs - settings.allowedLatenessMs() * 1_000_000L, this);
    requestDueTimeSyncs(nowNs);
    if (lastStatusNs == Long.MIN_VALUE || nowNs - lastStatusNs >= STATUS_INTERVAL_NS) {
      lastStatusNs = nowNs;
      for (int slot = 0; slot < badgeCount; slot++) {
        output.onBadgeStatus(status(sessionsBySlot[slot], nowNs));
      }
    }
  }

  /**
   * Sends at most one TIME_SYNC request per link per watermark, to the badge of that link whose
   * request has waited longest. Requests sent together on a shared link (a radio dongle carrying
   * many badges) queue behind each other, so all but the first would see long one-way delays and
   * loose bounds; one per grid period (40 ms) keeps them apart. A link with one badge is not held
   * back: its scheduler never asks more often than that.
   */
  private void requestDueTimeSyncs(long nowNs) {
    int touched = 0;
    for (int slot = 0; slot < badgeCount; slot++) {
      BadgeSession s = sessionsBySlot[slot];
      if (!s.syncRequestWanted(nowNs)) {
        continue;
      }
      int link = s.linkIndex();
      if (link >= syncCandidateOfLink.length) {
        int[] grown = new int[Math.max(link + 1, syncCandidateOfLink.length * 2)];
        java.util.Arrays.fill(grown, -1);
        System.arraycopy(syncCandidateOfLink, 0, grown, 0, syncCandidateOfLink.length);
        syncCandidateOfLink = grown;
      }
      int best = syncCandidateOfLink[link];
      if (best < 0) {
        syncCandidateOfLink[link] = slot;
        syncLinksTouched[touched++] = link;
      } else if (s.syncDueSinceNs() - sessionsBySlot[best].syncDueSinceNs() < 0) {
        syncCandidateOfLink[link] = slot;
      }
    }
    for (int i = 0; i < touched; i++) {
      int link = syncLinksTouched[i];
      BadgeSession s = sessionsBySlot[syncCandidateOfLink[link]];
      syncCandidateOfLink[link] = -1;
      output.requestTimeSync(s.badgeId(), link, s.startSyncRequest(nowNs));
    }
  }

  @Override
  public void onHello(HelloFrame frame) {
    current.onHello(frame, grid);
  }

  @Override
  public void onAccel(AccelFrame frame) {
    current.onAccel(frame, grid);
  }

  @Override
  public void onMicEnergy(MicEnergyFrame frame) {
    current.onMicEnergy(frame, grid);
  }

  @Override
  public void onStatus(StatusFrame frame) {
    current.onStatus(frame);
  }

  @Override
  public void onTimeSyncResponse(TimeSyncResponseFrame frame) {
    current.onTimeSyncResponse(frame, currentReceiveNs);
  }

  @Override
  public void onGridTick(
      long tickIndex,
      long tickEndNs,
      boolean[] present,
      int[] axMg,
      int[] ayMg,
      int[] azMg,
      int[] micCentiDb) {
    features.onTick(present, axMg, ayMg, azMg, micCentiDb);
    // Features lag the grid by the extractor's filter delay; stamp them with the tick they
    // describe.
    long describedEndNs = tickEndNs - features.outputDelayTicks() * settings.gridPeriodNs();
    if (tickListener != null) {
      tickListener.onTick(this, tickEndNs, describedEndNs, present, axMg, ayMg, azMg, micCentiDb);
    }
    tick.clear().timeMs(epochMs(describedEndNs));
    for (int slot = 0; slot < badgeCount; slot++) {
      if (!features.featurePresent(slot)) {
        tick.absent(slot);
        continue;
      }
      tick.motion(slot, features.motionEnergyMg(slot));
      tick.vocal(slot, features.vocalEnergyMillibel(slot), features.speaking(slot));
      if (features.posturePresent(slot)) {
        tick.posture(
            slot,
            features.postureXQ14(slot),
            features.postureYQ14(slot),
            features.postureZQ14(slot));
      }
      if (features.speaking(slot)) {
        speakingTicksInHop[slot]++;
      }
    }
    room.onTick(tick);
    if (++ticksInHop >= hopTicks) {
      Map<String, Double> speaking = new LinkedHashMap<>();
      for (int slot = 0; slot < badgeCount; slot++) {
        speaking.put(room.badgeId(slot), speakingTicksInHop[slot] / (double) ticksInHop);
        speakingTicksInHop[slot] = 0;
      }
      output.onHop(epochMs(describedEndNs), speaking);
      ticksInHop = 0;
    }
  }

  @Override
  public void onDyadResult(DyadResult result) {
    output.onDyad(DyadMessages.toMessage(result, settings.sync(), session));
  }

  /** Gateway monotonic ns to epoch ms, fixed by the first watermark so that it is replayable. */
  public long epochMs(long gatewayNs) {
    return epochOriginMs + Math.floorDiv(gatewayNs - epochOriginNs, 1_000_000L);
  }

  /** Sets (or with null removes) the one {@link TickListener}. */
  public void tickListener(TickListener listener) {
    this.tickListener = listener;
  }

  public RoomFeatureExtractor features() {
    return features;
  }

  public int badgeCount() {
    return badgeCount;
  }

  public BadgeSession session(int slot) {
    return sessionsBySlot[slot];
  }

  public GridAccumulator grid() {
    return grid;
  }

  public RoomEngine room() {
    return room;
  }

  public long framesIgnoredNoSlot() {
    return framesIgnoredNoSlot;
  }

  public long framesIgnoredNoConsent() {
    return framesIgnoredNoConsent;
  }

  public long framesDuplicate() {
    return framesDuplicate;
  }

  public long framesUnreadable() {
    return framesUnreadable;
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private BadgeSession sessionFor(int badgeId) {
    BadgeSession s = sessionsById[badgeId];
    if (s != null) {
      return s;
    }
    if (badgeCount >= sessionsBySlot.length) {
      return null;
    }
    int slot = room.addBadge(BadgeId.format(badgeId));
    if (slot != badgeCount) {
      throw new IllegalStateException(
          "engine slot mismatch, roomSlot=" + slot + " gridSlot=" + badgeCount);
    }
    s =
        new BadgeSession(
            badgeId,
            slot,
            BadgeSession.DEFAULT_MAX_PLACEMENT_ERROR_NS,
            settings.timeSyncFastIntervalMs() * 1_000_000L,
            settings.timeSyncSlowIntervalMs() * 1_000_000L);
    sessionsById[badgeId] = s;
    sessionsBySlot[slot] = s;
    badgeCount++;
    return s;
  }

  private BadgeStatusMessage status(BadgeSession s, long nowNs) {
    long received = s.accelSamplesPlaced();
    long sinceFirstNs = nowNs - s.firstSeenNs();
    Double rateHz = sinceFirstNs > 1_000_000_000L ? received * 1e9 / sinceFirstNs : null;
    boolean stale = nowNs - s.lastSeenNs() > 5_000_000_000L;
    return BadgeStatusMessage.builder(BadgeId.format(s.badgeId()))
        .timeMs(epochMs(nowNs))
        .batteryMv(s.batteryMv() < 0 ? null : s.batteryMv())
        .batteryPct(s.batteryPercent() < 0 ? null : Math.min(100, s.batteryPercent()))
        .lossPct(s.sequences().lossPercent())
        .clockState(s.clockState().name().toLowerCase())
        .clockErrorMs(s.clockErrorNs() == Long.MAX_VALUE ? null : s.clockErrorNs() / 1e6)
        .lastSeenMs(epochMs(s.lastSeenNs()))
        .sampleRateHz(rateHz)
        .linkTransport(linkTransport.apply(s.linkIndex()))
        .linkState(stale ? "missing" : "connected")
        .build();
  }
}
