package dev.rapport.gateway.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one {@code rapport bench e2e} run measured. Latencies are in nanoseconds, on one JVM's
 * {@link System#nanoTime()}.
 *
 * @param setup what was run, for the report's header
 * @param hops hops (windows) whose closing grid tick was processed inside the measured interval
 * @param minDyadsPerHop fewest dyad messages the engine emitted for one measured hop
 * @param maxDyadsPerHop most dyad messages the engine emitted for one measured hop
 * @param emitted dyad messages of the measured hops that left the engine
 * @param matched of those, how many reached the subscriber (first arrival counted)
 * @param duplicates further arrivals of an already received message (QoS 1 may redeliver)
 * @param unmatchedArrivals arrivals, over the whole run, with no probe record (should be none)
 * @param unreadable dyad messages whose topic or time_ms could not be read (should be none)
 * @param ticksWithoutFrame measured messages whose closing tick had no stamped frame
 * @param negativeSpans breakdown spans below zero (clamped to 0; thread races of a few µs)
 * @param measuredNs length of the measured interval
 * @param processCpuNs CPU time the whole JVM used during the measured interval
 * @param frameToSubscriber from the newest frame of the window entering the gateway to arrival
 * @param emitToSubscriber from the engine emitting the dyad's result to arrival
 * @param newestFrameAfterTick how long after the window's last grid tick ended its newest frame
 *     came in (badge batching and link delay: before the gateway, so not in frameToSubscriber)
 * @param stages the breakdown of frame-to-subscriber, in pipeline order (they add up to it)
 * @param samples every matched message's two latencies, for checks
 */
public record EndToEndResult(
    EndToEndSetup setup,
    int hops,
    int minDyadsPerHop,
    int maxDyadsPerHop,
    long emitted,
    long matched,
    long duplicates,
    long unmatchedArrivals,
    long unreadable,
    long ticksWithoutFrame,
    long negativeSpans,
    long measuredNs,
    long processCpuNs,
    Histogram frameToSubscriber,
    Histogram emitToSubscriber,
    Histogram newestFrameAfterTick,
    List<Stage> stages,
    List<Sample> samples) {

  /** One part of the path, e.g. the sink queue. */
  public record Stage(String name, String meaning, Histogram histogram) {}

  /** One matched message. */
  public record Sample(
      long timeMs,
      String badgeA,
      String badgeB,
      long frameToSubscriberNs,
      long emitToSubscriberNs) {}

  /** Received dyad messages per second of the measured interval. */
  public double messagesPerSecond() {
    return matched * 1e9 / measuredNs;
  }

  /** Messages the engine emitted for a measured hop that never reached the subscriber. */
  public long missing() {
    return emitted - matched;
  }
}
