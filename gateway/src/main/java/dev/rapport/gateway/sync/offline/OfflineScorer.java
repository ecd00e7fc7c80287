package dev.rapport.gateway.sync.offline;

import dev.rapport.gateway.features.FeatureParams;
import dev.rapport.gateway.features.RoomFeatureExtractor;
import dev.rapport.gateway.sync.FixedPoint;
import dev.rapport.gateway.sync.Modality;
import dev.rapport.gateway.sync.RoomEngine;
import dev.rapport.gateway.sync.SyncConfig;
import dev.rapport.gateway.sync.TickFeatures;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code rapport score} without the command line: reads a signals or raw CSV twice (first to
 * validate everything and learn the badges, so that no score is written from a file that turns out
 * to be broken; then to score), runs the same {@link RoomEngine} the gateway runs and writes the
 * results through a {@link ScoreCsvWriter}. Memory does not grow with the file's length.
 */
public final class OfflineScorer {
  static final String[] SIGNAL_COLUMNS = {"time_ms", "badge", "value"};
  static final String[] RAW_COLUMNS = {"time_ms", "badge", "ax_mg", "ay_mg", "az_mg", "mic"};

  private static final long MAX_TIME_MS = 1L << 50;

  /** What a run did, for the command's closing line and for tests. */
  public record Summary(
      int badges,
      int dyads,
      long ticks,
      long windows,
      long rows,
      long clampedSamples,
      long saturatedAccelSamples,
      long invalidMicSamples) {}

  /** The badges of a file and its grid, from the validating first pass. */
  private record Scan(List<String> badges, long originMs, long ticks) {}

  private OfflineScorer() {}

  /**
   * Scores {@code time_ms,badge,value} rows (integer values 0..65535, empty = missing): movement
   * synchrony with significance, nothing else.
   */
  public static Summary scoreSignals(Path input, SyncConfig config, PairSelection pairs, Writer out)
      throws IOException {
    Scan scan = scan(input, config.rateHz(), SIGNAL_COLUMNS, false);
    pairs.requireKnown(scan.badges(), input);
    ScoreCsvWriter writer = new ScoreCsvWriter(out, config, false);
    RoomEngine engine =
        RoomEngine.builder(config)
            .maxBadges(Math.max(1, scan.badges().size()))
            .badges(scan.badges())
            .pairs(pairs.filter())
            .modalities(EnumSet.of(Modality.MOVEMENT))
            .trackers(false)
            .listener(writer)
            .build();
    writer.writeHeader();
    GridClock grid = new GridClock(config.rateHz(), scan.originMs());
    TickFeatures tick = engine.newTickFeatures();
    Map<String, Integer> slots = slots(scan.badges());
    try (CsvRows rows = new CsvRows(input, SIGNAL_COLUMNS)) {
      long current = 0;
      tick.clear().timeMs(grid.timeOf(0));
      while (rows.next()) {
        long t = grid.tickOf(rows.integer(0, 0, MAX_TIME_MS));
        while (current < t) {
          engine.onTick(tick);
          current++;
          tick.clear().timeMs(grid.timeOf(current));
        }
        if (!rows.isEmpty(2)) {
          tick.motion(slots.get(rows.text(1)), (int) rows.integer(2, 0, FixedPoint.MAX_SAMPLE));
        }
      }
      if (scan.ticks() > 0) {
        engine.onTick(tick);
      }
    }
    engine.flush();
    return new Summary(
        scan.badges().size(),
        engine.dyadCount(),
        scan.ticks(),
        writer.windows(),
        writer.rows(),
        engine.clampedSamples(),
        0,
        0);
  }

  /**
   * Scores {@code time_ms,badge,ax_mg,ay_mg,az_mg,mic} rows through the feature pipeline: movement
   * and vocal synchrony, posture mirroring, turn-taking and the score. Empty accelerometer fields
   * mean the badge delivered nothing at that tick; an empty mic field means no microphone value.
   */
  public static Summary scoreRaw(
      Path input, SyncConfig config, FeatureParams features, PairSelection pairs, Writer out)
      throws IOException {
    Scan scan = scan(input, config.rateHz(), RAW_COLUMNS, true);
    pairs.requireKnown(scan.badges(), input);
    int n = scan.badges().size();
    ScoreCsvWriter writer = new ScoreCsvWriter(out, config, true);
    RoomEngine engine =
        RoomEngine.builder(config)
            .maxBadges(Math.max(1, n))
            .badges(scan.badges())
            .pairs(pairs.filter())
            .listener(writer)
            .build();
    writer.writeHeader();
    RoomFeatureExtractor extractor =
        new RoomFeatureExtractor(Math.max(1, n), config.rateHz(), features);
    GridClock grid = new GridClock(config.rateHz(), scan.originMs());
    RawTick raw = new RawTick(Math.max(1, n));
    TickFeatures tick = engine.newTickFeatures();
    Map<String, Integer> slots = slots(scan.badges());
    try (CsvRows rows = new CsvRows(input, RAW_COLUMNS)) {
      long current = 0;
      while (rows.next()) {
        long t = grid.tickOf(rows.integer(0, 0, MAX_TIME_MS));
        while (current < t) {
          feed(raw, extractor, engine, tick, grid);
          current++;
        }
        int slot = slots.get(rows.text(1));
        if (!rows.isEmpty(2)) {
          raw.present[slot] = true;
          raw.ax[slot] = (int) rows.integer(2, Integer.MIN_VALUE, Integer.MAX_VALUE);
          raw.ay[slot] = (int) rows.integer(3, Integer.MIN_VALUE, Integer.MAX_VALUE);
          raw.az[slot] = (int) rows.integer(4, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        raw.mic[slot] = rows.isEmpty(5) ? -1 : (int) rows.integer(5, 0, 0xFFFF);
      }
      if (scan.ticks() > 0) {
        feed(raw, extractor, engine, tick, grid);
      }
      // Drain the extractor's delay line so the last ticks reach the engine too.
      for (int i = 0; i < extractor.outputDelayTicks(); i++) {
        feed(raw, extractor, engine, tick, grid);
      }
    }
    engine.flush();
    return new Summary(
        n,
        engine.dyadCount(),
        scan.ticks(),
        writer.windows(),
        writer.rows(),
        engine.clampedSamples(),
        extractor.saturatedAccelSamples(),
        extractor.invalidMicSamples());
  }

  /** One grid tick of raw input, cleared after it is fed. */
  private static final class RawTick {
    final boolean[] present;
    final int[] ax;
    final int[] ay;
    final int[] az;
    final int[] mic;

    RawTick(int n) {
      present = new boolean[n];
      ax = new int[n];
      ay = new int[n];
      az = new int[n];
      mic = new int[n];
      clear();
    }

    void clear() {
      java.util.Arrays.fill(present, false);
      java.util.Arrays.fill(mic, -1);
    }
  }

  private static void feed(
      RawTick raw,
      RoomFeatureExtractor extractor,
      RoomEngine engine,
      TickFeatures tick,
      GridClock grid) {
    extractor.onTick(raw.present, raw.ax, raw.ay, raw.az, raw.mic);
    raw.clear();
    long described = extractor.describedTick();
    if (described < 0) {
      return;
    }
    tick.clear().timeMs(grid.timeOf(described));
    for (int slot = 0; slot < engine.badgeCount(); slot++) {
      if (!extractor.featurePresent(slot)) {
        continue;
      }
      tick.motion(slot, extractor.motionEnergyMg(slot));
      if (extractor.voicePresent(slot)) {
        tick.vocal(slot, extractor.vocalEnergyMillibel(slot), extractor.speaking(slot));
      }
      if (extractor.posturePresent(slot)) {
        tick.posture(
            slot,
            extractor.postureXQ14(slot),
            extractor.postureYQ14(slot),
            extractor.postureZQ14(slot));
      }
    }
    engine.onTick(tick);
  }

  /**
   * Pass one: every row is checked (times on the grid and never going back, one row per badge per
   * tick, values in range) before anything is scored.
   */
  private static Scan scan(Path input, int rateHz, String[] columns, boolean raw)
      throws IOException {
    TreeSet<String> badges = new TreeSet<>();
    Map<String, Long> lastTick = new HashMap<>();
    Map<String, Long> lastLine = new HashMap<>();
    GridClock grid = null;
    long previous = -1;
    long previousTime = Long.MIN_VALUE;
    try (CsvRows rows = new CsvRows(input, columns)) {
      while (rows.next()) {
        long time = rows.integer(0, 0, MAX_TIME_MS);
        if (time < previousTime) {
          throw rows.errorAt(
              0, time + " goes back in time (rows must be in time order, ticks never repeat)");
        }
        previousTime = time;
        if (grid == null) {
          grid = new GridClock(rateHz, time);
        }
        long t = grid.tickOf(time);
        if (t < 0) {
          long nearest = Math.max(0, Math.floorDiv((time - grid.originMs()) * rateHz + 500, 1000));
          throw rows.errorAt(
              0,
              time
                  + " is not on the "
                  + rateHz
                  + " Hz grid starting at "
                  + grid.originMs()
                  + " (nearest tick at "
                  + grid.timeOf(nearest)
                  + "; set --rate to the file's rate)");
        }
        if (t < previous) {
          throw rows.errorAt(
              0, time + " goes back in time (rows must be in time order, ticks never repeat)");
        }
        previous = t;
        String badge = rows.text(1);
        if (badge.isEmpty()) {
          throw rows.errorAt(1, "empty badge name");
        }
        Long seen = lastTick.put(badge, t);
        if (seen != null && seen == t) {
          throw rows.errorAt(
              1,
              "badge '"
                  + badge
                  + "' already has a row at time "
                  + time
                  + " (line "
                  + lastLine.get(badge)
                  + ")");
        }
        lastLine.put(badge, rows.line());
        badges.add(badge);
        if (raw) {
          boolean any = !rows.isEmpty(2) || !rows.isEmpty(3) || !rows.isEmpty(4);
          boolean all = !rows.isEmpty(2) && !rows.isEmpty(3) && !rows.isEmpty(4);
          if (any && !all) {
            int empty = rows.isEmpty(2) ? 2 : rows.isEmpty(3) ? 3 : 4;
            throw rows.errorAt(
                empty, "empty while other accelerometer fields are not (all three or none)");
          }
          for (int c = 2; c <= 4; c++) {
            if (!rows.isEmpty(c)) {
              rows.integer(c, Integer.MIN_VALUE, Integer.MAX_VALUE);
            }
          }
          if (!rows.isEmpty(5)) {
            rows.integer(5, 0, 0xFFFF);
          }
        } else if (!rows.isEmpty(2)) {
          rows.integer(2, 0, FixedPoint.MAX_SAMPLE);
        }
      }
    }
    if (grid == null) {
      throw new BadInputException(input + ": no data rows after the header");
    }
    return new Scan(new ArrayList<>(badges), grid.originMs(), previous + 1);
  }

  private static Map<String, Integer> slots(List<String> badges) {
    Map<String, Integer> slots = new HashMap<>();
    for (int i = 0; i < badges.size(); i++) {
      slots.put(badges.get(i), i);
    }
    return slots;
  }
}
