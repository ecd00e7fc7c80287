package dev.rapport.gateway.runtime;

import dev.rapport.badge.protocol.AccelFrame;
import dev.rapport.badge.protocol.AckFrame;
import dev.rapport.badge.protocol.DecodeError;
import dev.rapport.badge.protocol.Frame;
import dev.rapport.badge.protocol.FrameDecoder;
import dev.rapport.badge.protocol.FrameHandler;
import dev.rapport.badge.protocol.HelloFrame;
import dev.rapport.badge.protocol.MicEnergyFrame;
import dev.rapport.badge.protocol.NackFrame;
import dev.rapport.badge.protocol.StatusFrame;
import dev.rapport.badge.protocol.TimeSyncResponseFrame;
import dev.rapport.badge.transport.BadgeLink;
import dev.rapport.badge.transport.LinkListener;
import dev.rapport.badge.transport.LinkState;
import dev.rapport.gateway.engine.EngineEvent;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a link's bytes become engine events: one streaming decoder per link, on the link's own
 * thread; each good badge-to-host frame is copied out (the only copy) with its receive time and
 * offered to the engine's queue. ACK/NACK frames also go to the command tracker, which does not
 * touch scores. A reconnect drops the partial frame the old connection left behind.
 */
public final class FrameIntake implements LinkListener, FrameHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FrameIntake.class);

  private final int linkIndex;
  private final FrameDecoder decoder;
  private final Predicate<EngineEvent> engineQueue;
  private final Consumer<Frame> replies;
  private final LatencyProbe probe;
  private long receiveNs;
  private long intakeNs;
  private long framesDropped;

  /**
   * @param engineQueue offers an event to the engine; false when full (counted here)
   * @param replies sees ACK and NACK frames (flyweights: read them during the call)
   */
  public FrameIntake(int linkIndex, Predicate<EngineEvent> engineQueue, Consumer<Frame> replies) {
    this(linkIndex, engineQueue, replies, null);
  }

  /**
   * @param probe told when each frame arrived (wall clock, not the link's receive stamp); null for
   *     none
   */
  public FrameIntake(
      int linkIndex,
      Predicate<EngineEvent> engineQueue,
      Consumer<Frame> replies,
      LatencyProbe probe) {
    this.linkIndex = linkIndex;
    this.engineQueue = engineQueue;
    this.replies = replies;
    this.probe = probe;
    this.decoder = new FrameDecoder(this);
  }

  public FrameDecoder decoder() {
    return decoder;
  }

  /** Frames refused by a full engine queue. */
  public long framesDropped() {
    return framesDropped;
  }

  @Override
  public void onBytes(BadgeLink link, byte[] buffer, int offset, int length, long receiveNanos) {
    onBytes(buffer, offset, length, receiveNanos);
  }

  /** Feeds bytes that arrived at {@code receiveNanos}; also used by in-process simulations. */
  public void onBytes(byte[] buffer, int offset, int length, long receiveNanos) {
    this.receiveNs = receiveNanos;
    if (probe != null) {
      // A simulated link stamps the time the bytes would have arrived; the probe wants now.
      intakeNs = System.nanoTime();
    }
    decoder.onBytes(buffer, offset, length);
  }

  @Override
  public void onStateChanged(BadgeLink link, LinkState state, String reason) {
    LOG.info("link {} {}{}", link.id(), state, reason == null ? "" : ": " + reason);
    if (state != LinkState.CONNECTED) {
      decoder.reset();
    }
  }

  @Override
  public void onHello(HelloFrame frame) {
    forward(frame);
  }

  @Override
  public void onAccel(AccelFrame frame) {
    forward(frame);
  }

  @Override
  public void onMicEnergy(MicEnergyFrame frame) {
    forward(frame);
  }

  @Override
  public void onStatus(StatusFrame frame) {
    forward(frame);
  }

  @Override
  public void onTimeSyncResponse(TimeSyncResponseFrame frame) {
    forward(frame);
  }

  @Override
  public void onAck(AckFrame frame) {
    replies.accept(frame);
  }

  @Override
  public void onNack(NackFrame frame) {
    replies.accept(frame);
  }

  @Override
  public void onDecodeError(DecodeError error, int badgeId) {
    LOG.debug("link {}: rejected frame ({}), badge {}", linkIndex, error, badgeId);
  }

  private void forward(Frame frame) {
    byte[] copy = new byte[frame.frameLength()];
    frame.copyTo(copy, 0);
    if (probe != null) {
      probe.onFrameIntake(copy, intakeNs);
    }
    if (!engineQueue.test(EngineEvent.frame(linkIndex, receiveNs, copy))) {
      framesDropped++;
      if (probe != null) {
        probe.takeIntake(copy);
      }
    }
  }
}
