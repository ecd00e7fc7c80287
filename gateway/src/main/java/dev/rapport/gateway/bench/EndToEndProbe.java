package dev.rapport.gateway.bench;

import dev.rapport.gateway.mqtt.DyadScoreMessage;
import dev.rapport.gateway.runtime.LatencyProbe;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link LatencyProbe} of {@code rapport bench e2e}: keeps every stamp the gateway reports, by
 * frame (until the engine took it), by grid tick ({@code time_ms}) and by dyad message ({@code
 * time_ms}, badge a, badge b), for {@link EndToEndAnalysis} to join with what the subscriber
 * received. It allocates per frame and per message: acceptable in a measuring run (the figures
 * include that small cost), which is why production runs without a probe.
 */
final class EndToEndProbe implements LatencyProbe {
  /** One message's identity: what the subscriber can read from the topic and the payload. */
  record DyadKey(long timeMs, String badgeA, String badgeB) {}

  /** A closed grid tick. */
  record Tick(long tickEndNs, long newestIntakeNs, long watermarkNs, long processingNs) {}

  /** One dyad result on its way out; written by the engine thread, then the sink thread. */
  static final class DyadTimes {
    final long emitNs;
    volatile long dequeuedNs = Long.MIN_VALUE;
    volatile long outboxedNs = Long.MIN_VALUE;

    DyadTimes(long emitNs) {
      this.emitNs = emitNs;
    }
  }

  // byte[] hashes by identity: the key is the very copy the intake offered to the engine.
  private final Map<byte[], Long> intakes = new ConcurrentHashMap<>();
  private final Map<Long, Tick> ticks = new ConcurrentHashMap<>();
  private final Map<DyadKey, DyadTimes> dyads = new ConcurrentHashMap<>();
  private final AtomicLong firstEmitNs = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong latestTickProcessingNs = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong framesWithoutIntake = new AtomicLong();

  @Override
  public void onFrameIntake(byte[] frame, long intakeNs) {
    intakes.put(frame, intakeNs);
  }

  @Override
  public long takeIntake(byte[] frame) {
    Long ns = intakes.remove(frame);
    if (ns == null) {
      framesWithoutIntake.incrementAndGet();
      return Long.MIN_VALUE;
    }
    return ns;
  }

  @Override
  public void onTickClosed(
      long timeMs, long tickEndNs, long newestIntakeNs, long watermarkNs, long processingNs) {
    ticks.put(timeMs, new Tick(tickEndNs, newestIntakeNs, watermarkNs, processingNs));
    latestTickProcessingNs.set(processingNs);
  }

  @Override
  public void onDyadEmitted(DyadScoreMessage message, long emitNs) {
    dyads.put(key(message), new DyadTimes(emitNs));
    firstEmitNs.compareAndSet(Long.MIN_VALUE, emitNs);
  }

  @Override
  public void onDyadDequeued(DyadScoreMessage message, long dequeuedNs) {
    DyadTimes t = dyads.get(key(message));
    if (t != null) {
      t.dequeuedNs = dequeuedNs;
    }
  }

  @Override
  public void onDyadOutboxed(DyadScoreMessage message, long outboxedNs) {
    DyadTimes t = dyads.get(key(message));
    if (t != null) {
      t.outboxedNs = outboxedNs;
    }
  }

  private static DyadKey key(DyadScoreMessage m) {
    return new DyadKey(m.timeMs(), m.badgeA(), m.badgeB());
  }

  /** When the first dyad result left the engine (the first full window), or Long.MIN_VALUE. */
  long firstEmitNs() {
    return firstEmitNs.get();
  }

  /** When the engine last started on a grid tick, or Long.MIN_VALUE. */
  long latestTickProcessingNs() {
    return latestTickProcessingNs.get();
  }

  /** Frames the engine processed that the intake had not stamped (should be none). */
  long framesWithoutIntake() {
    return framesWithoutIntake.get();
  }

  Map<Long, Tick> ticks() {
    return ticks;
  }

  Map<DyadKey, DyadTimes> dyads() {
    return dyads;
  }
}
