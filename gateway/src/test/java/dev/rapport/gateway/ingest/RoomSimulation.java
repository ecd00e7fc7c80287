package dev.rapport.gateway.ingest;

import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.engine.EngineEvent;
import dev.rapport.gateway.engine.EngineSettings;
import dev.rapport.gateway.engine.GatewayEngine;
import dev.rapport.gateway.runtime.EngineOutputs;
import dev.rapport.gateway.runtime.FrameIntake;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A simulated room driving the real ingestion path in simulated time: {@link SimBadge}s (own
 * oscillators, drift, random start) send ACCEL (50 Hz, batches of 5), MIC_ENERGY (40 ms periods,
 * batches of 5) and STATUS frames and answer TIME_SYNC requests; links lose, duplicate, reorder and
 * corrupt frames and delay them; bytes go through the runtime's {@link FrameIntake} (the protocol's
 * real decoder) as {@link EngineEvent}s into the production {@link GatewayEngine} (badge sessions,
 * clock alignment, grid, features, dyads), with a watermark every grid period as the gateway's
 * ticker sends.
 *
 * <p>Two kinds of link, as a gateway mixing transports sees them: one BLE link per badge (0-50 ms
 * plus 0-5 ms jitter each way, bytes cut into 20-byte notifications), and radio dongles carrying
 * many badges on one serial stream (0-3 ms, occasional reordering). The truth (which frames arrived
 * intact, the true gateway time of every sample) is kept for the checks.
 */
final class RoomSimulation {
  static final long MS = 1_000_000L;
  static final long S = 1_000_000_000L;
  static final int ACCEL_RATE_MILLI_HZ = 50_000;
  static final int ACCEL_BATCH = 5;
  static final int MIC_PERIOD_MS = 40;
  static final int MIC_BATCH = 5;
  static final long STATUS_INTERVAL_NS = 10 * S;
  static final int BLE_NOTIFICATION_BYTES = 20;

  /** What the room looks like. */
  static final class Options {
    int badges = 64;
    int bleBadges = 32;
    int dongles = 2;
    long durationNs = 120 * S;
    long drainNs = 3 * S;
    long stepNs = 5 * MS;
    double lossProbability = 0.02;
    double duplicateProbability = 0.005;
    double reorderProbability = 0.01;
    double corruptProbability = 0.001;
    long seed = 1;
    EngineSettings settings = EngineSettings.from(ConfigLoader.defaults());
  }

  /** One accelerometer sample or mic period that reached the gateway intact, with its truth. */
  record TrueSample(
      int badgeIndex, double trueNs, double trueEndNs, int x, int y, int z, int mic) {}

  private record Delivery(long arrivalNs, long order, int link, byte[] bytes) {}

  private record BadgeRequest(long arrivalNs, long order, int badge, long correlationId) {}

  final Options options;
  final SplittableRandom random;
  final ArrayDeque<EngineEvent> queue = new ArrayDeque<>();
  final GatewayEngine engine;
  final FrameIntake[] ingress;
  private final List<long[]> syncRequests = new ArrayList<>();
  final SimBadge[] badges;
  final int[] linkOfBadge;
  final boolean[] bleLink;
  final long[] bootNs;

  /** Per badge: intact copies that reached the gateway, by sequence number. */
  final int[][] intactCopies;

  final int[] framesSent;
  final List<TrueSample> accelTruth = new ArrayList<>();
  final List<TrueSample> micTruth = new ArrayList<>();
  final List<Long> alignmentErrorsNs = new ArrayList<>();
  long corruptedFrames;

  /** CPU time the engine thread spent in the engine (queue drain, sessions, grid). */
  long engineCpuNanos;

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private final long[] lastArrivalNs;
  private final long[] nextAccelIndex;
  private final long[] nextMicIndex;
  private final long[] nextStatusNs;
  private final long[] bootTicks;
  private final int[] phaseDeg;
  private final PriorityQueue<Delivery> inFlight =
      new PriorityQueue<>(
          (a, b) ->
              a.arrivalNs != b.arrivalNs
                  ? Long.compare(a.arrivalNs, b.arrivalNs)
                  : Long.compare(a.order, b.order));
  private final PriorityQueue<BadgeRequest> requestsInFlight =
      new PriorityQueue<>(
          (a, b) ->
              a.arrivalNs != b.arrivalNs
                  ? Long.compare(a.arrivalNs, b.arrivalNs)
                  : Long.compare(a.order, b.order));
  private long order;
  private long nowNs;
  private final int[] xs = new int[ACCEL_BATCH];
  private final int[] ys = new int[ACCEL_BATCH];
  private final int[] zs = new int[ACCEL_BATCH];
  private final int[] levels = new int[MIC_BATCH];

  RoomSimulation(Options options) {
    this.options = options;
    this.random = new SplittableRandom(options.seed);
    this.engine =
        new GatewayEngine(
            options.settings,
            new EngineOutputs.Ignoring() {
              @Override
              public void requestTimeSync(int badgeId, int link, long correlationId) {
                syncRequests.add(new long[] {badgeId, link, correlationId});
              }
            },
            b -> true,
            l -> "sim",
            null);
    final int links = options.bleBadges + options.dongles;
    this.ingress = new FrameIntake[links];
    this.bleLink = new boolean[links];
    for (int l = 0; l < links; l++) {
      ingress[l] = new FrameIntake(l, queue::add, reply -> {});
      bleLink[l] = l < options.bleBadges;
    }
    this.lastArrivalNs = new long[links];
    final int n = options.badges;
    badges = new SimBadge[n];
    linkOfBadge = new int[n];
    bootNs = new long[n];
    bootTicks = new long[n];
    intactCopies = new int[n][0x10000];
    framesSent = new int[n];
    nextAccelIndex = new long[n];
    nextMicIndex = new long[n];
    nextStatusNs = new long[n];
    phaseDeg = new int[n];
    for (int b = 0; b < n; b++) {
      final long tickRate = b % 3 == 2 ? 1_000_000 : 32768;
      badges[b] =
          new SimBadge(
              0x0100 + b, tickRate, random.nextDouble(-100, 100), random.nextLong(1L << 32));
      linkOfBadge[b] =
          b < options.bleBadges
              ? b
              : options.bleBadges + (b - options.bleBadges) % Math.max(1, options.dongles);
      bootNs[b] = random.nextLong(2 * S);
      phaseDeg[b] = random.nextInt(360);
    }
  }

  void run() {
    final long endNs = options.durationNs + options.drainNs;
    final long periodNs = options.settings.gridPeriodNs();
    for (nowNs = 0; nowNs <= endNs; nowNs += options.stepNs) {
      if (nowNs < options.durationNs) {
        answerRequests();
        for (int b = 0; b < badges.length; b++) {
          emit(b);
        }
      }
      deliver();
      final long t0 = THREADS.getCurrentThreadCpuTime();
      if (nowNs % periodNs == 0) {
        queue.add(EngineEvent.watermark(nowNs, nowNs / 1_000_000L));
      }
      drain();
      // The engine asked for TIME_SYNCs: the writer stamps each just before it goes out.
      for (long[] r : syncRequests) {
        queue.add(EngineEvent.syncRequestSent((int) r[0], r[2], nowNs));
        sendRequest((int) r[0] - 0x0100, r[2], (int) r[1]);
      }
      syncRequests.clear();
      drain();
      engineCpuNanos += THREADS.getCurrentThreadCpuTime() - t0;
      if (nowNs >= 30 * S && nowNs < options.durationNs && nowNs % (100 * MS) == 0) {
        measureAlignment();
      }
    }
  }

  private void drain() {
    EngineEvent event;
    while ((event = queue.poll()) != null) {
      engine.onEvent(event);
    }
  }

  private void sendRequest(int badge, long correlationId, int linkIndex) {
    if (random.nextDouble() < options.lossProbability) {
      return; // written, then lost on the way
    }
    final long arrival = nowNs + delayNs(linkIndex);
    requestsInFlight.add(new BadgeRequest(arrival, order++, badge, correlationId));
  }

  private void answerRequests() {
    while (!requestsInFlight.isEmpty() && requestsInFlight.peek().arrivalNs <= nowNs) {
      final BadgeRequest r = requestsInFlight.poll();
      final SimBadge badge = badges[r.badge];
      if (r.arrivalNs < bootNs[r.badge]) {
        continue;
      }
      if (r.correlationId < 0) {
        send(r.badge, badge.hello(r.arrivalNs, ACCEL_RATE_MILLI_HZ, MIC_PERIOD_MS), r.arrivalNs);
      } else {
        final long departure = r.arrivalNs + random.nextLong(MS, 3 * MS);
        send(r.badge, badge.timeSyncResponse(r.correlationId, r.arrivalNs, departure), departure);
      }
    }
  }

  private void emit(int b) {
    final SimBadge badge = badges[b];
    if (nowNs < bootNs[b]) {
      return;
    }
    if (nextStatusNs[b] == 0) {
      bootTicks[b] = badge.ticksAt(bootNs[b]);
      // The boot HELLO gets through: the runtime does not ask for a lost one yet, and without it
      // a 1 MHz badge would be read at the default 32768 Hz.
      sendReliably(b, badge.hello(bootNs[b], ACCEL_RATE_MILLI_HZ, MIC_PERIOD_MS), bootNs[b]);
      send(b, badge.status(bootNs[b], 4000, 90), bootNs[b]);
      nextStatusNs[b] = bootNs[b] + STATUS_INTERVAL_NS;
    }
    while (nextStatusNs[b] <= nowNs) {
      send(b, badge.status(nextStatusNs[b], 3950, 88), nextStatusNs[b]);
      nextStatusNs[b] += STATUS_INTERVAL_NS;
    }
    final long tickRate = badge.tickRateHz;
    while (true) {
      final long k = nextAccelIndex[b];
      final long lastTick =
          bootTicks[b] + (k + ACCEL_BATCH - 1) * tickRate * 1000 / ACCEL_RATE_MILLI_HZ;
      final long sendNs = (long) badge.gatewayNsOfTick(lastTick) + MS;
      if (sendNs > nowNs) {
        break;
      }
      final long first = bootTicks[b] + k * tickRate * 1000 / ACCEL_RATE_MILLI_HZ;
      final int seq = badge.nextSequence();
      final double[] trueNs = new double[ACCEL_BATCH];
      for (int i = 0; i < ACCEL_BATCH; i++) {
        trueNs[i] = badge.gatewayNsOfTick(first + i * tickRate * 1000 / ACCEL_RATE_MILLI_HZ);
        final double t = trueNs[i] / 1e9;
        final double phase = Math.toRadians(phaseDeg[b]);
        xs[i] = (int) Math.round(800 * Math.sin(2 * Math.PI * t / 1.7 + phase));
        ys[i] = (int) Math.round(600 * Math.cos(2 * Math.PI * t / 2.3 + phase));
        zs[i] = 1000 + (int) Math.round(100 * Math.sin(2 * Math.PI * t / 0.9));
      }
      final boolean intact =
          send(b, badge.accel(first, ACCEL_RATE_MILLI_HZ, xs, ys, zs, ACCEL_BATCH, sendNs), sendNs);
      if (intact) {
        for (int i = 0; i < ACCEL_BATCH; i++) {
          accelTruth.add(new TrueSample(b, trueNs[i], trueNs[i], xs[i], ys[i], zs[i], 0));
        }
      }
      assert seq >= 0;
      nextAccelIndex[b] += ACCEL_BATCH;
    }
    while (true) {
      final long m = nextMicIndex[b];
      final long periodTicksTimes1000 = (long) MIC_PERIOD_MS * tickRate;
      final long end = bootTicks[b] + (m + MIC_BATCH) * periodTicksTimes1000 / 1000;
      final long sendNs = (long) badge.gatewayNsOfTick(end) + MS;
      if (sendNs > nowNs) {
        break;
      }
      final long first = bootTicks[b] + m * periodTicksTimes1000 / 1000;
      for (int i = 0; i < MIC_BATCH; i++) {
        levels[i] = 2000 + (int) (((m + i) * 37 + b * 101) % 5000);
      }
      final boolean intact =
          send(b, badge.mic(first, MIC_PERIOD_MS, levels, MIC_BATCH, sendNs), sendNs);
      if (intact) {
        for (int i = 0; i < MIC_BATCH; i++) {
          final double start = badge.gatewayNsOfTick(first + i * periodTicksTimes1000 / 1000);
          final double stop = badge.gatewayNsOfTick(first + (i + 1) * periodTicksTimes1000 / 1000);
          micTruth.add(new TrueSample(b, start, stop, 0, 0, 0, levels[i]));
        }
      }
      nextMicIndex[b] += MIC_BATCH;
    }
  }

  private void sendReliably(int b, int length, long sendNs) {
    final int link = linkOfBadge[b];
    final int seq = (badges[b].nextSequence() - 1) & 0xFFFF;
    framesSent[b]++;
    final long arrival = Math.max(sendNs + delayNs(link), lastArrivalNs[link]);
    lastArrivalNs[link] = arrival;
    inFlight.add(new Delivery(arrival, order++, link, badges[b].copy(length)));
    intactCopies[b][seq]++;
  }

  /**
   * Puts the badge's last frame (in its wire buffer) on its link. Returns true if at least one copy
   * will arrive intact.
   */
  private boolean send(int b, int length, long sendNs) {
    final SimBadge badge = badges[b];
    final int link = linkOfBadge[b];
    final int seq = (badge.nextSequence() - 1) & 0xFFFF;
    framesSent[b]++;
    if (random.nextDouble() < options.lossProbability) {
      return false;
    }
    final byte[] bytes = badge.copy(length);
    boolean intact = true;
    if (random.nextDouble() < options.corruptProbability) {
      bytes[random.nextInt(length - 1)] ^= (byte) (1 + random.nextInt(255));
      corruptedFrames++;
      intact = false;
    }
    long arrival = sendNs + delayNs(link);
    if (!bleLink[link] && random.nextDouble() < options.reorderProbability) {
      // Held back in the dongle: later frames overtake it.
      inFlight.add(new Delivery(arrival + 40 * MS, order++, link, bytes));
    } else {
      arrival = Math.max(arrival, lastArrivalNs[link]);
      lastArrivalNs[link] = arrival;
      inFlight.add(new Delivery(arrival, order++, link, bytes));
    }
    int copies = intact ? 1 : 0;
    if (random.nextDouble() < options.duplicateProbability) {
      lastArrivalNs[link] = Math.max(lastArrivalNs[link], arrival + MS);
      inFlight.add(new Delivery(lastArrivalNs[link], order++, link, bytes.clone()));
      copies += intact ? 1 : 0;
    }
    intactCopies[b][seq] += copies;
    return intact;
  }

  private long delayNs(int link) {
    if (bleLink[link]) {
      return random.nextLong(50 * MS) + random.nextLong(5 * MS);
    }
    return random.nextLong(3 * MS) + random.nextLong(MS);
  }

  private void deliver() {
    while (!inFlight.isEmpty() && inFlight.peek().arrivalNs <= nowNs) {
      final Delivery d = inFlight.poll();
      final FrameIntake in = ingress[d.link];
      if (bleLink[d.link]) {
        for (int off = 0; off < d.bytes.length; off += BLE_NOTIFICATION_BYTES) {
          in.onBytes(
              d.bytes, off, Math.min(BLE_NOTIFICATION_BYTES, d.bytes.length - off), d.arrivalNs);
        }
      } else {
        in.onBytes(d.bytes, 0, d.bytes.length, d.arrivalNs);
      }
    }
  }

  /** The engine's session of a badge (sessions are kept by slot, in order of first sight). */
  BadgeSession session(int badgeId) {
    for (int slot = 0; slot < engine.badgeCount(); slot++) {
      if (engine.session(slot).badgeId() == badgeId) {
        return engine.session(slot);
      }
    }
    return null;
  }

  private void measureAlignment() {
    for (int b = 0; b < badges.length; b++) {
      final BadgeSession session = session(badges[b].badgeId);
      if (session == null || !session.aligner().hasMapping()) {
        alignmentErrorsNs.add(Long.MAX_VALUE);
        continue;
      }
      final long ticks = badges[b].ticksAt(nowNs);
      final long estimate = session.aligner().toGatewayNanos(ticks & 0xFFFF_FFFFL);
      alignmentErrorsNs.add(Math.round(Math.abs(estimate - badges[b].gatewayNsOfTick(ticks))));
    }
  }

  /** Frames of badge b that never arrived intact. */
  int framesUndelivered(int b) {
    int n = 0;
    for (int seq = 0; seq < framesSent[b]; seq++) {
      if (intactCopies[b][seq] == 0) {
        n++;
      }
    }
    return n;
  }

  /** Intact copies beyond the first, i.e. the duplicates the gateway should drop. */
  int duplicatesInjected(int b) {
    int n = 0;
    for (int seq = 0; seq < framesSent[b]; seq++) {
      n += Math.max(0, intactCopies[b][seq] - 1);
    }
    return n;
  }

  static long percentile(List<Long> values, double p) {
    final long[] v = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(v);
    final int index = (int) Math.ceil(p / 100.0 * v.length) - 1;
    return v[Math.max(0, Math.min(v.length - 1, index))];
  }
}
