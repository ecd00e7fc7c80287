package dev.rapport.badge.clock;

import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A self-contained clock and transport simulation: a {@link SimulatedBadgeClock}, a link with
 * random delay, jitter, loss and late packets, the {@link TimeSyncScheduler} deciding when to sync,
 * and a {@link ClockAligner}. Every {@code sampleIntervalNs} the badge stamps a sample; the error
 * is |aligner's gateway time for that tick - true gateway time of that tick|, using the exchanges
 * completed by then.
 */
final class ClockSimulation {
  /** Link and badge behaviour; every delay is drawn independently per packet. */
  static final class Scenario {
    double tickRateHz = 32768;
    double driftPpm = 0;
    long startTicks = 0;

    /** Fixed part of every one-way delay (a link's floor). */
    double minDelayMs = 0;

    double maxDelayMs = 50;
    double jitterMs = 5;
    double lossProbability = 0.02;

    /** Probability that a packet is held up an extra 0.2-2 s (retransmission, radio congestion). */
    double lateProbability = 0.01;

    /** Probability that the badge stamps t2 or t3 wrongly by 10-40 ms either way (non-causal). */
    double badStampProbability = 0;

    long durationNs = 3600 * 1_000_000_000L;
    long sampleIntervalNs = 20_000_000L;
    long seed = 1;

    /** Gateway time of a badge reboot, or -1 for none. */
    long rebootAtNs = -1;

    long rebootToTicks = 0;

    Scenario drift(double ppm) {
      driftPpm = ppm;
      return this;
    }

    Scenario delays(double maxMs, double jitter) {
      maxDelayMs = maxMs;
      jitterMs = jitter;
      return this;
    }

    Scenario seed(long s) {
      seed = s;
      return this;
    }

    Scenario durationSeconds(long s) {
      durationNs = s * 1_000_000_000L;
      return this;
    }
  }

  /** Errors collected per sample, with the gateway time of the sample. */
  static final class Result {
    final long[] sampleNs;
    final long[] errorNs;
    final long[] boundNs;
    final int count;
    final ClockAligner aligner;
    final long requestsSent;
    final long firstResetAtNs;
    final long resyncedAtNs;

    Result(
        long[] sampleNs,
        long[] errorNs,
        long[] boundNs,
        int count,
        ClockAligner aligner,
        long requestsSent,
        long firstResetAtNs,
        long resyncedAtNs) {
      this.sampleNs = sampleNs;
      this.errorNs = errorNs;
      this.boundNs = boundNs;
      this.count = count;
      this.aligner = aligner;
      this.requestsSent = requestsSent;
      this.firstResetAtNs = firstResetAtNs;
      this.resyncedAtNs = resyncedAtNs;
    }

    /** Percentile (0-100) of the error over samples with fromNs <= time < toNs, in ns. */
    long percentileNs(double percentile, long fromNs, long toNs) {
      long[] selected = select(fromNs, toNs);
      if (selected.length == 0) {
        throw new IllegalStateException("no samples in [" + fromNs + ", " + toNs + ")");
      }
      Arrays.sort(selected);
      int index = (int) Math.ceil(percentile / 100.0 * selected.length) - 1;
      return selected[Math.max(0, Math.min(selected.length - 1, index))];
    }

    /** Share of samples in the range whose error exceeded the aligner's own bound at that time. */
    double boundExceededFraction(long fromNs, long toNs) {
      int n = 0;
      int exceeded = 0;
      for (int i = 0; i < count; i++) {
        if (sampleNs[i] >= fromNs && sampleNs[i] < toNs) {
          n++;
          if (errorNs[i] > boundNs[i]) {
            exceeded++;
          }
        }
      }
      return n == 0 ? 0 : (double) exceeded / n;
    }

    /** Worst p99 over consecutive blocks of blockNs, from fromNs on. */
    long worstBlockP99Ns(long fromNs, long toNs, long blockNs) {
      long worst = 0;
      for (long start = fromNs; start + blockNs <= toNs; start += blockNs) {
        worst = Math.max(worst, percentileNs(99, start, start + blockNs));
      }
      return worst;
    }

    private long[] select(long fromNs, long toNs) {
      long[] out = new long[count];
      int n = 0;
      for (int i = 0; i < count; i++) {
        if (sampleNs[i] >= fromNs && sampleNs[i] < toNs) {
          out[n++] = errorNs[i];
        }
      }
      return Arrays.copyOf(out, n);
    }
  }

  private ClockSimulation() {}

  static Result run(Scenario sc) {
    return run(
        sc,
        ClockAlignerConfig.defaults(sc.tickRateHz),
        TimeSyncScheduler.forTickRate(sc.tickRateHz));
  }

  static Result run(Scenario sc, ClockAlignerConfig config, TimeSyncScheduler scheduler) {
    final SplittableRandom random = new SplittableRandom(sc.seed);
    final SimulatedBadgeClock badge =
        new SimulatedBadgeClock(sc.tickRateHz, sc.driftPpm, sc.startTicks);
    final ClockAligner aligner = new ClockAligner(config);
    // Responses in flight, ordered by arrival: {t4, t1, t2, t3}.
    final PriorityQueue<long[]> inFlight = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    final int capacity = (int) (sc.durationNs / sc.sampleIntervalNs) + 1;
    final long[] sampleNs = new long[capacity];
    final long[] errorNs = new long[capacity];
    final long[] boundNs = new long[capacity];
    int count = 0;
    long nextSampleNs = 0;
    boolean rebooted = false;
    long firstResetAtNs = -1;
    long resyncedAtNs = -1;
    long requests = 0;
    while (true) {
      final long sendAt = scheduler.requestsScheduled() == 0 ? 0 : scheduler.nextSendAtNs();
      final long arriveAt = inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.peek()[0];
      final long now = Math.min(sendAt, Math.min(arriveAt, nextSampleNs));
      if (now >= sc.durationNs) {
        break;
      }
      if (!rebooted && sc.rebootAtNs >= 0 && now >= sc.rebootAtNs) {
        badge.reboot(sc.rebootAtNs, sc.rebootToTicks);
        rebooted = true;
      }
      if (now == arriveAt) {
        final long[] r = inFlight.poll();
        final ExchangeOutcome outcome = aligner.onSyncExchange(r[1], r[2], r[3], r[0]);
        if (outcome == ExchangeOutcome.DISCONTINUITY_RESET && firstResetAtNs < 0) {
          firstResetAtNs = now;
        }
        if (firstResetAtNs >= 0 && resyncedAtNs < 0 && aligner.state() == SyncState.SYNCED) {
          resyncedAtNs = now;
        }
        scheduler.onAlignerUpdated(now, aligner.state(), aligner.estimatedErrorNanosAt(now));
        if (outcome == ExchangeOutcome.HELD_AS_SUSPECT) {
          scheduler.onSuspectHeld(now);
        }
      } else if (now == sendAt) {
        scheduler.onRequestSent(now, aligner.state(), aligner.estimatedErrorNanosAt(now));
        requests++;
        sendRequest(sc, random, badge, now, inFlight);
      } else {
        final long ticks = badge.ticksAt(now);
        final long estimate = aligner.toGatewayNanos(ticks & 0xFFFF_FFFFL);
        if (estimate != ClockAligner.NO_TIME) {
          sampleNs[count] = now;
          errorNs[count] = Math.round(Math.abs(estimate - badge.gatewayNsOfTick(ticks)));
          boundNs[count] = aligner.estimatedErrorNanosAt(now);
          count++;
        }
        nextSampleNs += sc.sampleIntervalNs;
      }
    }
    return new Result(
        sampleNs, errorNs, boundNs, count, aligner, requests, firstResetAtNs, resyncedAtNs);
  }

  private static void sendRequest(
      Scenario sc,
      SplittableRandom random,
      SimulatedBadgeClock badge,
      long t1,
      PriorityQueue<long[]> inFlight) {
    if (random.nextDouble() < sc.lossProbability) {
      return;
    }
    final long arrival = t1 + oneWayDelayNs(sc, random);
    final long holdNs = (long) (random.nextDouble(0.5, 5.0) * 1e6);
    final long departure = arrival + holdNs;
    long t2 = badge.ticksU32At(arrival);
    long t3 = badge.ticksU32At(departure);
    if (random.nextDouble() < sc.badStampProbability) {
      final double wrongTicks = random.nextDouble(10, 40) * 1e-3 * sc.tickRateHz;
      final long shift = Math.round(random.nextBoolean() ? wrongTicks : -wrongTicks);
      t2 = (t2 + shift) & 0xFFFF_FFFFL;
      t3 = (t3 + shift) & 0xFFFF_FFFFL;
    }
    if (random.nextDouble() < sc.lossProbability) {
      return;
    }
    final long t4 = departure + oneWayDelayNs(sc, random);
    inFlight.add(new long[] {t4, t1, t2, t3});
  }

  private static long oneWayDelayNs(Scenario sc, SplittableRandom random) {
    double ms =
        sc.minDelayMs + random.nextDouble() * sc.maxDelayMs + random.nextDouble() * sc.jitterMs;
    if (random.nextDouble() < sc.lateProbability) {
      ms += random.nextDouble(200, 2000);
    }
    return Math.round(ms * 1e6);
  }
}
