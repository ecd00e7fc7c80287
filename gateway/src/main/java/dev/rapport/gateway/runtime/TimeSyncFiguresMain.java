package dev.rapport.gateway.runtime;

import dev.rapport.badge.clock.SyncState;
import dev.rapport.badge.sim.BadgeFleet;
import dev.rapport.badge.sim.SimConfig;
import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.engine.EngineSettings;
import dev.rapport.gateway.engine.GatewayEngine;
import java.util.Arrays;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Measures the time-sync figures of docs/clock.md and docs/ingestion.md on a {@link RoomScenario}
 * room run through the real ingestion path on simulated time ({@link VirtualRoom}): when each badge
 * first reports SYNCED, how many are SYNCED at 30 s, how many TIME_SYNC exchanges each badge gets
 * per second (while converging and in steady state), and the alignment error against ground truth.
 * Deterministic from the seed. Prints one Markdown block to stdout.
 *
 * <pre>
 * java -cp gateway/target/rapport.jar dev.rapport.gateway.runtime.TimeSyncFiguresMain \
 *     [--badges 64] [--badges-per-link 1] [--min-delay-us 0] [--max-delay-us 50000] \
 *     [--seconds 600] [--steady-from-s 120] [--seed 1]
 * </pre>
 */
public final class TimeSyncFiguresMain {
  private static final long SETTLE_NS = 30_000_000_000L;
  private static final long STEP_MS = 100;

  private TimeSyncFiguresMain() {}

  public static void main(String[] args) {
    int badges = 64;
    int badgesPerLink = 1;
    int minDelayUs = RoomScenario.MIN_DELAY_US;
    int maxDelayUs = RoomScenario.MAX_DELAY_US;
    long seconds = 600;
    long steadyFromS = 120;
    long seed = 1;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option without a value, option=" + args[i]);
      }
      long value = Long.parseLong(args[i + 1]);
      switch (args[i]) {
        case "--badges" -> badges = (int) value;
        case "--badges-per-link" -> badgesPerLink = (int) value;
        case "--min-delay-us" -> minDelayUs = (int) value;
        case "--max-delay-us" -> maxDelayUs = (int) value;
        case "--seconds" -> seconds = value;
        case "--steady-from-s" -> steadyFromS = value;
        case "--seed" -> seed = value;
        default -> throw new IllegalArgumentException("unknown option, option=" + args[i]);
      }
    }
    if (badges < 2 || seconds <= 30 || steadyFromS < 30 || steadyFromS >= seconds) {
      throw new IllegalArgumentException(
          "need badges >= 2, seconds > 30, 30 <= steady-from-s < seconds, badges="
              + badges
              + " seconds="
              + seconds
              + " steadyFromS="
              + steadyFromS);
    }
    System.out.print(
        measure(badges, badgesPerLink, minDelayUs, maxDelayUs, seconds, steadyFromS, seed));
  }

  /** Runs the room and returns the figures as Markdown. */
  public static String measure(
      int badges,
      int badgesPerLink,
      int minDelayUs,
      int maxDelayUs,
      long seconds,
      long steadyFromS,
      long seed) {
    EngineSettings settings = EngineSettings.from(ConfigLoader.defaults());
    BadgeFleet fleet =
        BadgeFleet.create(
            SimConfig.builder().seed(seed).badgeCount(badges).build(),
            RoomScenario.fleetConfig().toBuilder()
                .badgesPerLink(badgesPerLink)
                .impairments(RoomScenario.IMPAIRMENTS.withDelaysUs(minDelayUs, maxDelayUs))
                .build());
    AlignmentProbe probe =
        new AlignmentProbe(fleet, VirtualRoom.ORIGIN_NS, SETTLE_NS, 60_000_000_000L);
    VirtualRoom room = new VirtualRoom(fleet, settings, new EngineOutputs.Ignoring(), probe);
    probe.attach(room.engine());

    long[] firstSyncedMs = new long[badges];
    Arrays.fill(firstSyncedMs, -1);
    int syncedAt30s = -1;
    long exchangesAt30s = 0;
    long exchangesAtSteady = 0;
    long notSyncedSteps = 0;
    long stepsObserved = 0;
    for (long ms = STEP_MS; ms <= seconds * 1000; ms += STEP_MS) {
      room.runFor(STEP_MS);
      GatewayEngine engine = room.engine();
      int synced = 0;
      for (int slot = 0; slot < engine.badgeCount(); slot++) {
        var s = engine.session(slot);
        if (s.clockState() == SyncState.SYNCED) {
          synced++;
          if (firstSyncedMs[s.badgeId() - 1] < 0) {
            firstSyncedMs[s.badgeId() - 1] = ms;
          }
        }
      }
      if (ms >= 30_000) {
        stepsObserved += badges;
        notSyncedSteps += badges - synced;
      }
      if (ms == 30_000) {
        syncedAt30s = synced;
        exchangesAt30s = exchanges(fleet);
      }
      if (ms == steadyFromS * 1000) {
        exchangesAtSteady = exchanges(fleet);
      }
    }
    long exchangesEnd = exchanges(fleet);
    long[] sorted = firstSyncedMs.clone();
    Arrays.sort(sorted);
    int never = 0;
    while (never < sorted.length && sorted[never] < 0) {
      never++;
    }
    long[] reached = Arrays.copyOfRange(sorted, never, sorted.length);
    Histogram h = probe.settled();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%d badges, %d per link, delays %.1f-%.1f ms, %d s, seed %d%n",
            badges,
            badgesPerLink,
            minDelayUs / 1000.0,
            maxDelayUs / 1000.0,
            seconds,
            seed));
    out.append(
        String.format(
            Locale.ROOT,
            "time to SYNCED s: min %s, median %s, max %s; never %d; SYNCED at 30 s: %d of %d;"
                + " badge-steps not SYNCED after 30 s: %d of %d%n",
            reached.length == 0 ? "-" : fmtS(reached[0]),
            reached.length == 0 ? "-" : fmtS(reached[reached.length / 2]),
            reached.length == 0 ? "-" : fmtS(reached[reached.length - 1]),
            never,
            syncedAt30s,
            badges,
            notSyncedSteps,
            stepsObserved));
    out.append(
        String.format(
            Locale.ROOT,
            "exchanges/s/badge: first 30 s %.2f, 30 s-%d s %.2f, steady (%d s-%d s) %.2f%n",
            exchangesAt30s / (badges * 30.0),
            steadyFromS,
            (exchangesAtSteady - exchangesAt30s) / (badges * (steadyFromS - 30.0)),
            steadyFromS,
            seconds,
            (exchangesEnd - exchangesAtSteady) / (badges * (double) (seconds - steadyFromS))));
    out.append(
        String.format(
            Locale.ROOT,
            "alignment after 30 s ms: p50 %.3f, p99 %.3f, max %.3f (%d frames)%n",
            h.getValueAtPercentile(50) / 1e6,
            h.getValueAtPercentile(99) / 1e6,
            probe.settledMaxNs() / 1e6,
            h.getTotalCount()));
    for (int b = 0; b < probe.bucketCount(); b++) {
      Histogram bh = probe.bucket(b);
      if (bh.getTotalCount() > 0) {
        out.append(
            String.format(
                Locale.ROOT,
                "  minute %d: p50 %.3f p99 %.3f max %.3f%n",
                b + 1,
                bh.getValueAtPercentile(50) / 1e6,
                bh.getValueAtPercentile(99) / 1e6,
                bh.getMaxValue() / 1e6));
      }
    }
    return out.toString();
  }

  private static String fmtS(long ms) {
    return String.format(Locale.ROOT, "%.1f", ms / 1000.0);
  }

  /** TIME_SYNC requests the badges answered so far (requests lost on the way never count). */
  private static long exchanges(BadgeFleet fleet) {
    long sum = 0;
    for (int id = 1; id <= fleet.badgeCount(); id++) {
      sum += fleet.badge(id).timeSyncsAnswered();
    }
    return sum;
  }
}
