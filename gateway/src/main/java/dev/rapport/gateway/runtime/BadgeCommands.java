package dev.rapport.gateway.runtime;

import dev.rapport.badge.protocol.AckFrame;
import dev.rapport.badge.protocol.CommandFrame;
import dev.rapport.badge.protocol.Frame;
import dev.rapport.badge.protocol.FrameEncoder;
import dev.rapport.badge.protocol.NackFrame;
import dev.rapport.badge.protocol.Protocol;
import dev.rapport.badge.transport.BadgeLink;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host-to-badge traffic: TIME_SYNC requests (fire and forget: the response is the answer) and
 * COMMANDs, which wait for an ACK or NACK with the same correlation id, are re-sent after a timeout
 * and given up after a few tries, each outcome reported. Thread-safe: the engine thread asks for
 * time syncs, MQTT and the CLI ask for commands, links deliver replies.
 */
public final class BadgeCommands {
  private static final Logger LOG = LoggerFactory.getLogger(BadgeCommands.class);
  public static final long COMMAND_TIMEOUT_NS = 500_000_000L;
  public static final int COMMAND_ATTEMPTS = 3;

  /** How a command ended. */
  public enum Outcome {
    ACKED,
    NACKED,
    TIMED_OUT,
    NOT_SENT
  }

  private final LongSupplier nanoClock;
  private final FrameEncoder encoder = new FrameEncoder();
  private final byte[] wire = new byte[Protocol.MAX_WIRE_LENGTH];
  private final Map<Long, Pending> pending = new HashMap<>();
  private long nextCorrelationId = 0x8000_0000L;
  private int nextSequence;
  private long timeSyncsSent;
  private long timeSyncsNotSent;

  private static final class Pending {
    final BadgeLink link;
    final byte[] bytes;
    final String what;
    final CompletableFuture<Outcome> result = new CompletableFuture<>();
    int attempts;
    long deadlineNs;

    Pending(BadgeLink link, byte[] bytes, String what) {
      this.link = link;
      this.bytes = bytes;
      this.what = what;
    }
  }

  public BadgeCommands(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /**
   * Sends a TIME_SYNC request and reports its send time through {@code sentAt} (before the bytes
   * leave, so the engine learns of the request before the answer can arrive).
   *
   * @return false if the link refused it (counted)
   */
  public synchronized boolean sendTimeSync(
      BadgeLink link, int badgeId, long correlationId, SentListener sentAt) {
    encoder.timeSyncRequest(badgeId, nextSequence(), 0).correlationId(correlationId);
    int length = encoder.finish(wire, 0);
    long sentNs = nanoClock.getAsLong();
    sentAt.onSent(badgeId, correlationId, sentNs);
    boolean sent = link.send(wire, 0, length);
    if (sent) {
      timeSyncsSent++;
    } else {
      timeSyncsNotSent++;
    }
    return sent;
  }

  /** Receives the send time of a TIME_SYNC request. */
  @FunctionalInterface
  public interface SentListener {
    void onSent(int badgeId, long correlationId, long sentNs);
  }

  /** Blinks a badge's LED for {@code durationMs}; completes when it answered or gave up. */
  public CompletableFuture<Outcome> identify(BadgeLink link, int badgeId, int durationMs) {
    return command(link, badgeId, "identify", c -> c.identify(durationMs));
  }

  public CompletableFuture<Outcome> startStreaming(BadgeLink link, int badgeId, int streams) {
    return command(link, badgeId, "start streaming", c -> c.startStreaming(streams));
  }

  public CompletableFuture<Outcome> stopStreaming(BadgeLink link, int badgeId, int streams) {
    return command(link, badgeId, "stop streaming", c -> c.stopStreaming(streams));
  }

  public CompletableFuture<Outcome> setAccel(
      BadgeLink link, int badgeId, long rateMilliHz, int rangeG) {
    return command(link, badgeId, "set accel", c -> c.setAccel(rateMilliHz, rangeG));
  }

  public synchronized CompletableFuture<Outcome> command(
      BadgeLink link, int badgeId, String what, Consumer<CommandFrame> fill) {
    long id = nextCorrelationId;
    nextCorrelationId = nextCorrelationId == 0xFFFF_FFFFL ? 0x8000_0000L : nextCorrelationId + 1;
    CommandFrame frame = encoder.command(badgeId, nextSequence(), 0).correlationId(id);
    fill.accept(frame);
    int length = encoder.finish(wire, 0);
    Pending p =
        new Pending(link, java.util.Arrays.copyOf(wire, length), what + " to badge " + badgeId);
    pending.put(id, p);
    transmit(p);
    return p.result;
  }

  /** An ACK or NACK arrived (link thread). */
  public synchronized void onReply(Frame reply) {
    long id;
    Outcome outcome;
    if (reply instanceof AckFrame) {
      id = ((AckFrame) reply).correlationId();
      outcome = Outcome.ACKED;
    } else if (reply instanceof NackFrame) {
      id = ((NackFrame) reply).correlationId();
      outcome = Outcome.NACKED;
      LOG.warn(
          "badge {} refused a command, reason code {}",
          reply.badgeId(),
          ((NackFrame) reply).reason());
    } else {
      return;
    }
    Pending p = pending.remove(id);
    if (p != null) {
      p.result.complete(outcome);
    }
  }

  /** Re-sends commands whose answer is overdue and gives up after the last try; call often. */
  public synchronized void onTimer() {
    long now = nanoClock.getAsLong();
    Iterator<Pending> it = pending.values().iterator();
    while (it.hasNext()) {
      Pending p = it.next();
      if (now - p.deadlineNs < 0) {
        continue;
      }
      if (p.attempts >= COMMAND_ATTEMPTS) {
        it.remove();
        LOG.warn("no answer to {} after {} tries", p.what, p.attempts);
        p.result.complete(Outcome.TIMED_OUT);
      } else {
        transmit(p);
      }
    }
  }

  public synchronized long timeSyncsSent() {
    return timeSyncsSent;
  }

  public synchronized long timeSyncsNotSent() {
    return timeSyncsNotSent;
  }

  private void transmit(Pending p) {
    p.attempts++;
    p.deadlineNs = nanoClock.getAsLong() + COMMAND_TIMEOUT_NS;
    if (!p.link.send(p.bytes, 0, p.bytes.length)) {
      LOG.debug("link {} refused {} (try {})", p.link.id(), p.what, p.attempts);
    }
  }

  private int nextSequence() {
    int s = nextSequence;
    nextSequence = (nextSequence + 1) & 0xFFFF;
    return s;
  }
}
