package dev.rapport.badge.transport.testing;

import dev.rapport.badge.transport.BadgeLink;
import dev.rapport.badge.transport.LinkCounters;
import dev.rapport.badge.transport.LinkEvents;
import dev.rapport.badge.transport.LinkListener;
import dev.rapport.badge.transport.LinkState;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A {@link BadgeLink} without I/O, for testing the code above the transports (decoder feeding,
 * ingestion, command retries). The test plays the badge: {@link #receive} delivers bytes to the
 * listener on the calling thread, {@link #disconnect}/{@link #connect} drive the state, and
 * everything accepted by {@link #send} is kept for inspection.
 */
public final class InMemoryBadgeLink implements BadgeLink {
  private final String id;
  private final LongSupplier nanoClock;
  private final LinkEvents events;
  private final int sendCapacityBytes;
  private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
  private final List<byte[]> sends = new ArrayList<>();

  /** Connects as soon as it is started; sends are unbounded. */
  public InMemoryBadgeLink(String id) {
    this(id, System::nanoTime, Integer.MAX_VALUE);
  }

  /**
   * @param nanoClock stamps {@code receiveNanos} when {@link #receive(byte[])} is given no time
   * @param sendCapacityBytes total bytes {@link #send} accepts before it reports a full buffer
   */
  public InMemoryBadgeLink(String id, LongSupplier nanoClock, int sendCapacityBytes) {
    this.id = Objects.requireNonNull(id, "id");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.sendCapacityBytes = sendCapacityBytes;
    this.events = new LinkEvents(this);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void start(LinkListener listener) {
    events.start(listener);
    connect("in-memory link started");
  }

  /** Delivers bytes to the listener now, stamped with the clock. */
  public void receive(byte[] bytes) {
    receive(bytes, 0, bytes.length, nanoClock.getAsLong());
  }

  /** Delivers bytes to the listener now, with the given receive time. */
  public synchronized void receive(byte[] bytes, int offset, int length, long receiveNanos) {
    if (events.state() != LinkState.CONNECTED) {
      throw new IllegalStateException(
          "bytes can only arrive on a connected link, linkId=" + id + " state=" + events.state());
    }
    events.deliver(bytes, offset, length, receiveNanos);
  }

  public synchronized void connect(String reason) {
    events.counters().onConnect();
    events.changeState(LinkState.CONNECTED, reason);
  }

  public synchronized void disconnect(String reason) {
    events.counters().onDisconnect();
    events.changeState(LinkState.DISCONNECTED, reason);
  }

  @Override
  public synchronized boolean send(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (events.state() != LinkState.CONNECTED || length > sendCapacityBytes - sent.size()) {
      events.counters().onSendFailure();
      return false;
    }
    final byte[] copy = new byte[length];
    System.arraycopy(bytes, offset, copy, 0, length);
    sends.add(copy);
    sent.write(bytes, offset, length);
    events.counters().onBytesOut(length);
    return true;
  }

  /** Everything accepted by {@link #send}, concatenated. */
  public synchronized byte[] sentBytes() {
    return sent.toByteArray();
  }

  /** Each accepted {@link #send} call, in order. */
  public synchronized List<byte[]> sends() {
    return List.copyOf(sends);
  }

  @Override
  public LinkState state() {
    return events.state();
  }

  @Override
  public LinkCounters counters() {
    return events.counters();
  }

  @Override
  public void close() {
    events.changeState(LinkState.CLOSED, "closed by owner");
  }
}
