package dev.rapport.gateway.ingest;

import dev.rapport.badge.protocol.AccelFrame;
import dev.rapport.badge.protocol.AckFrame;
import dev.rapport.badge.protocol.BadgeId;
import dev.rapport.badge.protocol.Frame;
import dev.rapport.badge.protocol.FrameHandler;
import dev.rapport.badge.protocol.FrameType;
import dev.rapport.badge.protocol.HelloFrame;
import dev.rapport.badge.protocol.MicEnergyFrame;
import dev.rapport.badge.protocol.NackFrame;
import dev.rapport.badge.protocol.StatusFrame;
import dev.rapport.badge.protocol.TimeSyncResponseFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * The ingestion stage of the engine thread: takes the events of the {@link BoundedEventQueue},
 * keeps one {@link BadgeSession} per badge, and drives the {@link GridResampler} whose ticks go to
 * the features. It also decides which badges are due a TIME_SYNC.
 *
 * <p>Deterministic: every time it uses is an event's time (a frame's receive time, a clock event, a
 * send stamp), so the same events in the same order give the same grid, bit for bit. Frames are
 * read through flyweights kept here and re-wrapped per frame; nothing is allocated per frame once
 * every badge has been seen (a session is created on a badge's first frame).
 */
public final class IngestEngine implements IngestEventHandler {
  private final IngestConfig config;
  private final BadgeSlots slots;
  private final BadgeSession[] sessions;
  private final GridResampler grid;

  private final HelloFrame hello = new HelloFrame();
  private final AccelFrame accel = new AccelFrame();
  private final MicEnergyFrame micEnergy = new MicEnergyFrame();
  private final StatusFrame status = new StatusFrame();
  private final TimeSyncResponseFrame timeSyncResponse = new TimeSyncResponseFrame();
  private final AckFrame ack = new AckFrame();
  private final NackFrame nack = new NackFrame();

  private FrameHandler commandReplyHandler = new FrameHandler() {};

  private long newestNs = Long.MIN_VALUE;
  private long framesHandled;
  private long framesRejectedBadgeId;
  private long framesRejectedCapacity;
  private long framesRejectedType;
  private long framesRejectedLength;
  private long framesDroppedBySequence;
  private long requestSendFailures;

  public IngestEngine(IngestConfig config, GridTickListener listener) {
    this.config = config;
    this.slots = new BadgeSlots(config.maxBadges());
    this.sessions = new BadgeSession[config.maxBadges()];
    this.grid = new GridResampler(config.maxBadges(), config, listener);
  }

  /** ACK and NACK frames (after sequence accounting) go here, for the command side. */
  public void setCommandReplyHandler(FrameHandler handler) {
    this.commandReplyHandler = handler;
  }

  /**
   * One round of the engine loop: drain up to maxEvents events, then ask the badges that are due
   * for a TIME_SYNC. {@code nowNs} is read once by the caller from the gateway clock.
   *
   * @return events handled plus requests sent (0 means idle)
   */
  public int doWork(BoundedEventQueue queue, int maxEvents, long nowNs, BadgeRequests requests) {
    return queue.drain(this, maxEvents) + sendRequests(nowNs, requests);
  }

  @Override
  public void onFrame(int linkIndex, long receiveNs, byte[] buffer, int offset, int length) {
    advance(receiveNs);
    framesHandled++;
    final int type = buffer[offset + Frame.TYPE_OFFSET] & 0xFF;
    // u16 little-endian, as in every frame header
    final int badgeId =
        (buffer[offset + Frame.BADGE_ID_OFFSET] & 0xFF)
            | (buffer[offset + Frame.BADGE_ID_OFFSET + 1] & 0xFF) << 8;
    if (badgeId < BadgeId.MIN || badgeId > BadgeId.MAX) {
      framesRejectedBadgeId++;
      return;
    }
    final int slot = slots.slotFor(badgeId);
    if (slot == BadgeSlots.NO_SLOT) {
      framesRejectedCapacity++;
      return;
    }
    BadgeSession session = sessions[slot];
    if (session == null) {
      session = new BadgeSession(badgeId, slot, config);
      sessions[slot] = session;
    }
    switch (type) {
      case FrameType.HELLO:
        if (wrap(hello, buffer, offset, length)) {
          session.onHello(hello, receiveNs, linkIndex);
        }
        break;
      case FrameType.ACCEL:
        if (wrap(accel, buffer, offset, length) && admit(session, accel, receiveNs, linkIndex)) {
          session.onAccel(accel, receiveNs, grid);
        }
        break;
      case FrameType.MIC_ENERGY:
        if (wrap(micEnergy, buffer, offset, length)
            && admit(session, micEnergy, receiveNs, linkIndex)) {
          session.onMicEnergy(micEnergy, receiveNs, grid);
        }
        break;
      case FrameType.STATUS:
        if (wrap(status, buffer, offset, length) && admit(session, status, receiveNs, linkIndex)) {
          session.onStatus(status, receiveNs);
        }
        break;
      case FrameType.TIME_SYNC_RESPONSE:
        if (wrap(timeSyncResponse, buffer, offset, length)
            && admit(session, timeSyncResponse, receiveNs, linkIndex)) {
          session.onTimeSyncResponse(timeSyncResponse, receiveNs);
        }
        break;
      case FrameType.ACK:
        if (wrap(ack, buffer, offset, length) && admit(session, ack, receiveNs, linkIndex)) {
          commandReplyHandler.onAck(ack);
        }
        break;
      case FrameType.NACK:
        if (wrap(nack, buffer, offset, length) && admit(session, nack, receiveNs, linkIndex)) {
          commandReplyHandler.onNack(nack);
        }
        break;
      default:
        // Host-to-badge frames echoed back, or a type this gateway does not know.
        framesRejectedType++;
    }
  }

  private boolean wrap(Frame frame, byte[] buffer, int offset, int length) {
    frame.wrap(buffer, offset, length);
    if (!frame.hasValidLength()) {
      framesRejectedLength++;
      return false;
    }
    return true;
  }

  private boolean admit(BadgeSession session, Frame frame, long receiveNs, int linkIndex) {
    if (session.admit(frame, receiveNs, linkIndex).accepted()) {
      return true;
    }
    framesDroppedBySequence++;
    return false;
  }

  @Override
  public void onTimeSyncSent(int badgeId, long correlationId, long t1Ns) {
    final int slot = slots.slotOf(badgeId);
    if (slot != BadgeSlots.NO_SLOT && sessions[slot] != null) {
      sessions[slot].onTimeSyncSent(correlationId, t1Ns);
    }
  }

  @Override
  public void onClock(long nowNs) {
    advance(nowNs);
  }

  private void advance(long nowNs) {
    if (newestNs == Long.MIN_VALUE || nowNs > newestNs) {
      newestNs = nowNs;
      grid.advanceTo(nowNs);
    }
  }

  /**
   * Asks every badge that is due for a TIME_SYNC, and every badge whose HELLO is missing for one,
   * over the link it was last heard on.
   *
   * @return requests handed over
   */
  public int sendRequests(long nowNs, BadgeRequests requests) {
    int sent = 0;
    for (int slot = 0; slot < slots.used(); slot++) {
      final BadgeSession session = sessions[slot];
      if (session == null) {
        continue;
      }
      if (session.isTimeSyncDue(nowNs)) {
        final long correlationId = session.beginTimeSync(nowNs);
        if (requests.sendTimeSyncRequest(
            session.badgeId(), correlationId, session.lastLinkIndex())) {
          sent++;
        } else {
          requestSendFailures++;
        }
      } else if (session.isHelloRequestDue(nowNs)) {
        session.onHelloRequested(nowNs);
        if (requests.sendHelloRequest(session.badgeId(), session.lastLinkIndex())) {
          sent++;
        } else {
          requestSendFailures++;
        }
      }
    }
    return sent;
  }

  /** Health of every badge seen, in slot order (allocates: for status reports, not per frame). */
  public List<BadgeHealth> health(long nowNs) {
    final List<BadgeHealth> out = new ArrayList<>(slots.used());
    for (int slot = 0; slot < slots.used(); slot++) {
      if (sessions[slot] != null) {
        out.add(sessions[slot].health(nowNs));
      }
    }
    return out;
  }

  /** The badge's session, or null if it was never seen. */
  public BadgeSession session(int badgeId) {
    final int slot = slots.slotOf(badgeId);
    return slot == BadgeSlots.NO_SLOT ? null : sessions[slot];
  }

  public BadgeSlots slots() {
    return slots;
  }

  public GridResampler grid() {
    return grid;
  }

  public IngestConfig config() {
    return config;
  }

  /** Newest gateway time seen in any event. */
  public long newestNs() {
    return newestNs;
  }

  public long framesHandled() {
    return framesHandled;
  }

  /** Frames with the reserved ids 0x0000 or 0xffff as sender. */
  public long framesRejectedBadgeId() {
    return framesRejectedBadgeId;
  }

  /** Frames of badges beyond {@link IngestConfig#maxBadges()}. */
  public long framesRejectedCapacity() {
    return framesRejectedCapacity;
  }

  public long framesRejectedType() {
    return framesRejectedType;
  }

  public long framesRejectedLength() {
    return framesRejectedLength;
  }

  /** Duplicates and frames behind the reorder window, summed over badges. */
  public long framesDroppedBySequence() {
    return framesDroppedBySequence;
  }

  /** TIME_SYNC and HELLO requests the command side could not send. */
  public long requestSendFailures() {
    return requestSendFailures;
  }
}
