package dev.rapport.badge.transport;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part every link implementation shares: its state, its counters and the calls into its
 * listener, so that a listener exception is logged and counted the same way everywhere and never
 * kills a link thread.
 */
public final class LinkEvents {
  private static final Logger LOG = LoggerFactory.getLogger(LinkEvents.class);

  private final BadgeLink link;
  private final MutableLinkCounters counters = new MutableLinkCounters();
  private volatile LinkListener listener;
  private volatile LinkState state = LinkState.NEW;

  public LinkEvents(BadgeLink link) {
    this.link = Objects.requireNonNull(link, "link");
  }

  public MutableLinkCounters counters() {
    return counters;
  }

  public LinkState state() {
    return state;
  }

  /**
   * Records the listener and leaves NEW.
   *
   * @throws IllegalStateException when already started or closed
   */
  public synchronized void start(LinkListener newListener) {
    Objects.requireNonNull(newListener, "listener");
    if (state != LinkState.NEW) {
      throw new IllegalStateException(
          "link can be started once, linkId=" + link.id() + " state=" + state);
    }
    listener = newListener;
    state = LinkState.CONNECTING;
  }

  /** Counts and delivers received bytes. */
  public void deliver(byte[] buffer, int offset, int length, long receiveNanos) {
    counters.onReceive(length);
    final LinkListener l = listener;
    if (l == null) {
      return;
    }
    try {
      l.onBytes(link, buffer, offset, length, receiveNanos);
    } catch (RuntimeException e) {
      counters.onListenerError();
      LOG.error("listener failed on received bytes, linkId={} length={}", link.id(), length, e);
    }
  }

  /**
   * Moves to {@code newState} and tells the listener; once CLOSED nothing changes any more.
   *
   * @return false if the link was already closed
   */
  public boolean changeState(LinkState newState, String reason) {
    final LinkState previous;
    synchronized (this) {
      previous = state;
      if (previous == LinkState.CLOSED) {
        return false;
      }
      state = newState;
    }
    if (previous == LinkState.CONNECTED && newState == LinkState.DISCONNECTED) {
      LOG.warn("link {} lost: {}", link.id(), reason);
    } else if (newState == LinkState.CONNECTED || newState == LinkState.CLOSED) {
      LOG.info("link {} {}: {}", link.id(), newState, reason);
    } else {
      // Failed retries repeat every backoff period; keep them out of the default log.
      LOG.debug("link {} {}: {}", link.id(), newState, reason);
    }
    final LinkListener l = listener;
    if (l != null) {
      try {
        l.onStateChanged(link, newState, reason);
      } catch (RuntimeException e) {
        counters.onListenerError();
        LOG.error("listener failed on state change, linkId={} state={}", link.id(), newState, e);
      }
    }
    return true;
  }
}
