package dev.rapport.gateway.ingest;

import dev.rapport.badge.protocol.AccelFrame;
import dev.rapport.badge.protocol.AckFrame;
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
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport side of ingestion, one per link: decodes the link's bytes on the link's own thread
 * and offers each badge-to-host frame, with the receive time the link stamped, to the engine's
 * {@link BoundedEventQueue}. Nothing above it knows which transport a frame came by; the link index
 * only tells the engine where to send a badge's TIME_SYNC requests.
 *
 * <p>A refused offer (queue full) is counted by the queue by cause and here per link, and logged at
 * most once per {@link #LOG_EVERY_DROPS} drops; the badge's session sees the hole as a sequence
 * gap. On a disconnect the decoder is reset, so half a frame never joins the next connection's.
 */
public final class LinkIngress implements LinkListener, FrameHandler {
  static final long LOG_EVERY_DROPS = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(LinkIngress.class);

  private final int linkIndex;
  private final BoundedEventQueue queue;
  private final FrameDecoder decoder;
  private final AtomicLong framesOffered = new AtomicLong();
  private final AtomicLong framesDropped = new AtomicLong();
  private long receiveNs;

  public LinkIngress(int linkIndex, BoundedEventQueue queue) {
    this.linkIndex = linkIndex;
    this.queue = queue;
    this.decoder = new FrameDecoder(this);
  }

  @Override
  public void onBytes(BadgeLink link, byte[] buffer, int offset, int length, long receiveNanos) {
    onBytes(buffer, offset, length, receiveNanos);
  }

  /** As {@link #onBytes(BadgeLink, byte[], int, int, long)}, for sources that are not links. */
  public void onBytes(byte[] buffer, int offset, int length, long receiveNanos) {
    this.receiveNs = receiveNanos;
    decoder.onBytes(buffer, offset, length);
  }

  @Override
  public void onStateChanged(BadgeLink link, LinkState state, String reason) {
    if (state != LinkState.CONNECTED) {
      decoder.reset();
    }
  }

  @Override
  public void onHello(HelloFrame frame) {
    offer(frame);
  }

  @Override
  public void onAccel(AccelFrame frame) {
    offer(frame);
  }

  @Override
  public void onMicEnergy(MicEnergyFrame frame) {
    offer(frame);
  }

  @Override
  public void onStatus(StatusFrame frame) {
    offer(frame);
  }

  @Override
  public void onTimeSyncResponse(TimeSyncResponseFrame frame) {
    offer(frame);
  }

  @Override
  public void onAck(AckFrame frame) {
    offer(frame);
  }

  @Override
  public void onNack(NackFrame frame) {
    offer(frame);
  }

  private void offer(Frame frame) {
    framesOffered.incrementAndGet();
    if (!queue.offerFrame(
        linkIndex, receiveNs, frame.buffer(), frame.offset(), frame.frameLength())) {
      final long dropped = framesDropped.incrementAndGet();
      if (dropped % LOG_EVERY_DROPS == 1) {
        LOG.warn(
            "engine queue full, frames dropped on linkIndex={} droppedOnLink={} {}",
            linkIndex,
            dropped,
            queue.describeDrops());
      }
    }
  }

  public int linkIndex() {
    return linkIndex;
  }

  /** The link's decoder, for its error counters. */
  public FrameDecoder decoder() {
    return decoder;
  }

  public long framesOffered() {
    return framesOffered.get();
  }

  public long framesDropped() {
    return framesDropped.get();
  }
}
