package dev.rapport.gateway.runtime;

import dev.rapport.gateway.mqtt.DyadScoreMessage;

/**
 * Instrumentation for measuring the gateway's end-to-end latency ({@code rapport bench e2e}): told,
 * with {@link System#nanoTime()} stamps, when a frame entered the gateway, when a grid tick closed,
 * and where each dyad result was on its way out. Absent in production ({@link GatewayRuntime} then
 * allocates and stamps nothing extra); a measuring process passes one to {@link
 * GatewayRuntime#GatewayRuntime(dev.rapport.gateway.config.GatewayConfig, RuntimeOptions,
 * LatencyProbe)} and reads it in the same JVM, so the stamps are comparable. Implementations must
 * not block: they run on the link, engine and sink threads.
 */
public interface LatencyProbe {
  /**
   * Link thread: a frame reached the gateway at {@code intakeNs} (when {@link FrameIntake} got the
   * bytes from its link). {@code frame} is the copy offered to the engine: the same array comes
   * back in {@link #takeIntake}.
   */
  void onFrameIntake(byte[] frame, long intakeNs);

  /** Engine thread: the intake time given for this frame (then forgotten), or Long.MIN_VALUE. */
  long takeIntake(byte[] frame);

  /**
   * Engine thread: a grid tick was closed and is about to be scored.
   *
   * @param timeMs the {@code time_ms} results for a window ending at this tick will carry
   * @param tickEndNs gateway time (the same clock) at which the tick's interval ended
   * @param newestIntakeNs intake time of the last-arriving frame with a sample in this tick
   *     (Long.MIN_VALUE if none)
   * @param watermarkNs gateway time of the watermark that closed the tick
   * @param processingNs when the engine started on the tick
   */
  void onTickClosed(
      long timeMs, long tickEndNs, long newestIntakeNs, long watermarkNs, long processingNs);

  /** Engine thread: the engine handed this dyad's result to the sinks at {@code emitNs}. */
  void onDyadEmitted(DyadScoreMessage message, long emitNs);

  /** Sink thread: the sink thread took the result off its queue. */
  void onDyadDequeued(DyadScoreMessage message, long dequeuedNs);

  /** Sink thread: the MQTT outbox holds the message (appended, synced per its fsync policy). */
  void onDyadOutboxed(DyadScoreMessage message, long outboxedNs);
}
