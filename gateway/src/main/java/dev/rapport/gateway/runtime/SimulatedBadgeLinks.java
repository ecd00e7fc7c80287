package dev.rapport.gateway.runtime;

import dev.rapport.badge.sim.BadgeFleet;
import dev.rapport.badge.transport.BadgeLink;
import dev.rapport.badge.transport.LinkCounters;
import dev.rapport.badge.transport.LinkListener;
import dev.rapport.badge.transport.LinkState;
import dev.rapport.badge.transport.MutableLinkCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * A simulated room's links as ordinary {@link BadgeLink}s, so the gateway ingests simulated badges
 * through exactly the code path real ones take (bytes, decoder, sessions, clock alignment). The
 * fleet advances in {@link #pump}: live on its own thread at real speed, or in a test step by step
 * on simulated time. Session time 0 is gateway time {@code originNs}; bytes are stamped with the
 * time they reach the gateway.
 */
public final class SimulatedBadgeLinks implements AutoCloseable {
  private static final long PUMP_INTERVAL_NS = 10_000_000L;

  private final BadgeFleet fleet;
  private final long originNs;
  private final List<SimLink> links = new ArrayList<>();
  private final ConcurrentLinkedQueue<HostBytes> hostBytes = new ConcurrentLinkedQueue<>();
  private final LongSupplier nanoClock;
  private volatile boolean running;
  private Thread thread;

  private record HostBytes(int link, long sentNs, byte[] bytes) {}

  public SimulatedBadgeLinks(BadgeFleet fleet, long originNs, LongSupplier nanoClock) {
    this.fleet = fleet;
    this.originNs = originNs;
    this.nanoClock = nanoClock;
    for (int i = 0; i < fleet.linkCount(); i++) {
      links.add(new SimLink(i));
    }
  }

  public BadgeFleet fleet() {
    return fleet;
  }

  public List<? extends BadgeLink> links() {
    return links;
  }

  /**
   * Delivers what the host sent, then advances the room to gateway time {@code nowNs}, handing
   * every byte that has reached the gateway by then to its link's listener. One thread at a time.
   */
  public void pump(long nowNs) {
    HostBytes sent;
    while ((sent = hostBytes.poll()) != null) {
      long sentUs = Math.max(fleet.timeUs(), (sent.sentNs - originNs) / 1_000L);
      fleet.onHostBytes(sent.link, sentUs, sent.bytes, 0, sent.bytes.length);
    }
    long targetUs = (nowNs - originNs) / 1_000L;
    if (targetUs > fleet.timeUs()) {
      fleet.advanceTo(
          targetUs,
          (link, arrivalTimeUs, buffer, offset, length) -> {
            SimLink l = links.get(link);
            l.counters.onReceive(length);
            LinkListener listener = l.listener;
            if (listener != null) {
              listener.onBytes(l, buffer, offset, length, originNs + arrivalTimeUs * 1_000L);
            }
          });
    }
  }

  /** Runs the room at real speed on its own thread until {@link #close()}. */
  public void startRealtime() {
    running = true;
    thread =
        new Thread(
            () -> {
              while (running) {
                pump(nanoClock.getAsLong());
                try {
                  Thread.sleep(PUMP_INTERVAL_NS / 1_000_000L);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
              }
            },
            "rapport-sim-room");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (SimLink l : links) {
      l.close();
    }
  }

  private final class SimLink implements BadgeLink {
    private final int index;
    private final MutableLinkCounters counters = new MutableLinkCounters();
    private volatile LinkListener listener;
    private volatile LinkState state = LinkState.NEW;

    SimLink(int index) {
      this.index = index;
    }

    @Override
    public String id() {
      return "sim:" + index;
    }

    @Override
    public void start(LinkListener listener) {
      if (this.listener != null) {
        throw new IllegalStateException("link already started, linkId=" + id());
      }
      this.listener = listener;
      state = LinkState.CONNECTED;
      counters.onConnect();
      listener.onStateChanged(this, LinkState.CONNECTED, "simulated");
    }

    @Override
    public boolean send(byte[] bytes, int offset, int length) {
      if (state != LinkState.CONNECTED) {
        counters.onSendFailure();
        return false;
      }
      byte[] copy = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
      hostBytes.add(new HostBytes(index, nanoClock.getAsLong(), copy));
      counters.onBytesOut(length);
      return true;
    }

    @Override
    public LinkState state() {
      return state;
    }

    @Override
    public LinkCounters counters() {
      return counters;
    }

    @Override
    public void close() {
      if (state != LinkState.CLOSED) {
        state = LinkState.CLOSED;
        LinkListener l = listener;
        if (l != null) {
          l.onStateChanged(this, LinkState.CLOSED, "closed");
        }
      }
    }
  }
}
