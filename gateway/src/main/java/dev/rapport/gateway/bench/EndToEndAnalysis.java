package dev.rapport.gateway.bench;

import dev.rapport.gateway.bench.EndToEndProbe.DyadKey;
import dev.rapport.gateway.bench.EndToEndProbe.DyadTimes;
import dev.rapport.gateway.bench.EndToEndProbe.Tick;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Joins the probe's stamps with the subscriber's arrivals. A hop is measured when the engine
 * started on its closing grid tick inside {@code [fromNs, toNs)}; every dyad message of a measured
 * hop then counts, however long its evaluation was spread over the next hop.
 */
final class EndToEndAnalysis {
  /** Up to ten minutes, three significant digits. */
  private static final long HIGHEST_NS = 600_000_000_000L;

  private EndToEndAnalysis() {}

  static Histogram histogram() {
    return new Histogram(HIGHEST_NS, 3);
  }

  static EndToEndResult analyse(
      EndToEndSetup setup,
      EndToEndProbe probe,
      List<EndToEndSubscriber.Arrival> arrivals,
      long unreadable,
      long fromNs,
      long toNs,
      long processCpuNs) {
    Set<Long> measuredHops = new HashSet<>();
    for (Map.Entry<Long, Tick> t : probe.ticks().entrySet()) {
      long at = t.getValue().processingNs();
      if (at >= fromNs && at < toNs) {
        measuredHops.add(t.getKey());
      }
    }
    Map<DyadKey, Long> firstArrival = new HashMap<>();
    long duplicates = 0;
    long unmatched = 0;
    for (EndToEndSubscriber.Arrival a : arrivals) {
      if (!probe.dyads().containsKey(a.key())) {
        unmatched++;
      } else if (firstArrival.putIfAbsent(a.key(), a.arrivedNs()) != null) {
        duplicates++;
      }
    }

    Histogram frameToSub = histogram();
    Histogram emitToSub = histogram();
    Histogram sampleAge = histogram();
    Histogram lateness = histogram();
    Histogram toTick = histogram();
    Histogram evaluation = histogram();
    Histogram sinkQueue = histogram();
    Histogram outbox = histogram();
    Histogram delivery = histogram();
    long[] negative = new long[1];
    long emitted = 0;
    long matched = 0;
    long withoutFrame = 0;
    Map<Long, Integer> perHop = new HashMap<>();
    List<EndToEndResult.Sample> samples = new ArrayList<>();
    for (Map.Entry<DyadKey, DyadTimes> e : probe.dyads().entrySet()) {
      DyadKey key = e.getKey();
      if (!measuredHops.contains(key.timeMs())) {
        continue;
      }
      emitted++;
      perHop.merge(key.timeMs(), 1, Integer::sum);
      Long arrived = firstArrival.get(key);
      if (arrived == null) {
        continue;
      }
      matched++;
      DyadTimes d = e.getValue();
      Tick tick = probe.ticks().get(key.timeMs());
      long emitToSubNs = arrived - d.emitNs;
      record(emitToSub, emitToSubNs, negative);
      record(sinkQueue, d.dequeuedNs - d.emitNs, negative);
      record(outbox, d.outboxedNs - d.dequeuedNs, negative);
      record(delivery, arrived - d.outboxedNs, negative);
      record(toTick, tick.processingNs() - tick.watermarkNs(), negative);
      record(evaluation, d.emitNs - tick.processingNs(), negative);
      long frameToSubNs = Long.MIN_VALUE;
      if (tick.newestIntakeNs() == Long.MIN_VALUE) {
        withoutFrame++;
      } else {
        frameToSubNs = arrived - tick.newestIntakeNs();
        record(frameToSub, frameToSubNs, negative);
        record(lateness, tick.watermarkNs() - tick.newestIntakeNs(), negative);
        record(sampleAge, tick.newestIntakeNs() - tick.tickEndNs(), negative);
      }
      samples.add(
          new EndToEndResult.Sample(
              key.timeMs(), key.badgeA(), key.badgeB(), frameToSubNs, emitToSubNs));
    }
    int minPerHop = perHop.values().stream().mapToInt(Integer::intValue).min().orElse(0);
    int maxPerHop = perHop.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    List<EndToEndResult.Stage> stages =
        List.of(
            new EndToEndResult.Stage(
                "grid wait",
                "newest frame in -> the watermark that closes its tick (allowed lateness)",
                lateness),
            new EndToEndResult.Stage(
                "engine queue", "watermark -> engine starts on the tick", toTick),
            new EndToEndResult.Stage(
                "engine",
                "tick start -> dyad emitted (evaluation spread over the hop)",
                evaluation),
            new EndToEndResult.Stage("sink queue", "emitted -> sink thread takes it", sinkQueue),
            new EndToEndResult.Stage(
                "outbox",
                "sink thread hands it to the outbox: append (+ fsync per policy)",
                outbox),
            new EndToEndResult.Stage(
                "MQTT", "in outbox -> subscriber (publisher thread, Paho, broker)", delivery));
    return new EndToEndResult(
        setup,
        perHop.size(),
        minPerHop,
        maxPerHop,
        emitted,
        matched,
        duplicates,
        unmatched,
        unreadable,
        withoutFrame,
        negative[0],
        toNs - fromNs,
        processCpuNs,
        frameToSub,
        emitToSub,
        sampleAge,
        stages,
        samples);
  }

  private static void record(Histogram h, long ns, long[] negative) {
    if (ns < 0) {
      negative[0]++;
      ns = 0;
    }
    h.recordValue(Math.min(ns, HIGHEST_NS));
  }
}
