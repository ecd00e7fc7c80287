package dev.rapport.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.clock.SyncState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 64 simulated badges on one gateway, mixing 32 BLE links and 2 radio dongles with 16 badges each,
 * for two simulated minutes: 2 % of frames lost, 0.5 % duplicated, 1 % reordered on the dongles,
 * 0.1 % corrupted. Checks loss accounting against what the links really did, alignment against each
 * badge's true clock, and the grid against the grid built from the true sample times. The figures
 * go to target/ingestion-figures.md (copied into docs/ingestion.md).
 */
class IngestRoomTest {
  private static final long MS = RoomSimulation.MS;
  private static final long S = RoomSimulation.S;

  @Test
  void shouldIngestASixtyFourBadgeRoomWithExactLossAccountingAlignmentAndGrid() throws IOException {
    final RoomSimulation room = new RoomSimulation(new RoomSimulation.Options());
    final long wallStart = System.nanoTime();
    room.run();
    final double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
    final IngestEngine engine = room.engine;
    final RoomSimulation.Options o = room.options;

    // Nothing refused anywhere but where the links damaged frames.
    assertThat(room.queue.totalDropped()).isZero();
    assertThat(engine.framesRejectedType()).isZero();
    assertThat(engine.framesRejectedLength()).isZero();
    assertThat(engine.framesRejectedCapacity()).isZero();
    long decodeErrors = 0;
    for (LinkIngress in : room.ingress) {
      decodeErrors += in.decoder().counters().totalErrors();
    }
    assertThat(decodeErrors).isGreaterThanOrEqualTo(room.corruptedFrames);

    long sent = 0;
    long lost = 0;
    long duplicates = 0;
    long reordered = 0;
    for (int b = 0; b < o.badges; b++) {
      final BadgeSession s = engine.session(room.badges[b].badgeId);
      assertThat(s).as("badge %d seen", b).isNotNull();
      // Every frame that never arrived intact is counted lost, or still missing in the window;
      // frames lost before the first or after the last intact one are invisible to any receiver.
      int firstSeq = 0;
      while (room.intactCopies[b][firstSeq] == 0) {
        firstSeq++;
      }
      int lastSeq = room.framesSent[b] - 1;
      while (room.intactCopies[b][lastSeq] == 0) {
        lastSeq--;
      }
      int expectedLost = 0;
      for (int seq = firstSeq; seq <= lastSeq; seq++) {
        if (room.intactCopies[b][seq] == 0) {
          expectedLost++;
        }
      }
      final SequenceTracker t = s.sequences();
      assertThat(t.lost() + t.missingInWindow())
          .as("lost frames of badge %d", b)
          .isEqualTo(expectedLost);
      assertThat(t.duplicates())
          .as("duplicates of badge %d", b)
          .isEqualTo(room.duplicatesInjected(b));
      assertThat(t.late()).isZero();
      final BadgeHealth h = s.health(o.durationNs);
      assertThat(h.syncState()).isEqualTo(SyncState.SYNCED);
      assertThat(h.batteryMv()).isEqualTo(3950);
      assertThat(h.batteryPercent()).isEqualTo(88);
      assertThat(h.accelRateMilliHz()).isBetween(45_000L, 51_000L);
      assertThat(h.nominalAccelRateMilliHz()).isEqualTo(50_000);
      assertThat(h.reboots()).isZero();
      sent += room.framesSent[b];
      lost += t.lost() + t.missingInWindow();
      duplicates += t.duplicates();
      reordered += t.reordered();
    }

    // Alignment from 30 s on, every badge, every 100 ms.
    assertThat(room.alignmentErrorsNs).doesNotContain(Long.MAX_VALUE);
    final long p50 = RoomSimulation.percentile(room.alignmentErrorsNs, 50);
    final long p99 = RoomSimulation.percentile(room.alignmentErrorsNs, 99);
    final long max = RoomSimulation.percentile(room.alignmentErrorsNs, 100);
    assertThat(p99).isLessThanOrEqualTo(2 * MS);

    final GridComparison grid = compareGrid(room, 30 * S, o.durationNs - 2 * S);
    assertThat(grid.accelPresenceMismatch).isLessThan(0.005);
    assertThat(grid.accelExact).isGreaterThan(0.85);
    assertThat(grid.accelMaxAbsDiff).isLessThanOrEqualTo(200);
    assertThat(grid.micPresenceMismatch).isLessThan(0.005);
    assertThat(grid.micExact).isGreaterThan(0.95);
    assertThat(grid.missingCells).isGreaterThan(0); // the lost frames left holes, marked

    final String figures =
        String.format(
            Locale.ROOT,
            "| badges | links | simulated | frames sent | lost (counted = injected) | duplicates dropped |"
                + " reordered accepted | queue drops | alignment p50 / p99 / max | grid cells present |"
                + " accel cells equal to truth-placed | mic cells equal | engine thread CPU per simulated s |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
                + "| %d | %d BLE + %d dongles | %d s | %d | %d (%.2f %%) | %d | %d | %d | %.3f / %.3f / %.3f ms |"
                + " %.2f %% | %.2f %% (max diff %d mg) | %.2f %% | %.1f ms |\n",
            o.badges,
            o.bleBadges,
            o.dongles,
            o.durationNs / S,
            sent,
            lost,
            100.0 * lost / sent,
            duplicates,
            reordered,
            room.queue.totalDropped(),
            p50 / 1e6,
            p99 / 1e6,
            max / 1e6,
            100.0 * (1 - (double) grid.missingCells / grid.cells),
            100.0 * grid.accelExact,
            grid.accelMaxAbsDiff,
            100.0 * grid.micExact,
            room.engineCpuNanos / 1e6 / ((o.durationNs + o.drainNs) / 1e9));
    System.out.print(figures);
    System.out.printf(Locale.ROOT, "wall time %.1f s (simulation included)%n", wallSeconds);
    final Path out = Path.of("target", "ingestion-figures.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, figures);
  }

  /** How the emitted grid compares with the grid built from the true times of intact samples. */
  static final class GridComparison {
    long cells;
    long missingCells;
    double accelPresenceMismatch;
    double accelExact;
    int accelMaxAbsDiff;
    double micPresenceMismatch;
    double micExact;
  }

  static GridComparison compareGrid(RoomSimulation room, long fromNs, long toNs) {
    final long p = room.options.config.gridPeriodNs();
    final int slots = room.options.config.maxBadges();
    final Map<Long, long[]> expected = new HashMap<>();
    for (RoomSimulation.TrueSample s : room.accelTruth) {
      final long k = Math.floorDiv(Math.round(s.trueNs()), p);
      final int slot = room.engine.slots().slotOf(room.badges[s.badgeIndex()].badgeId);
      final long[] cell = expected.computeIfAbsent(k * slots + slot, key -> new long[6]);
      cell[0]++;
      cell[1] += s.x();
      cell[2] += s.y();
      cell[3] += s.z();
    }
    for (RoomSimulation.TrueSample s : room.micTruth) {
      // the tick whose centre the period covers (40 ms periods on a 40 ms grid: exactly one)
      final long first = -Math.floorDiv(-(Math.round(s.trueNs()) - p / 2), p);
      final long last = -Math.floorDiv(-(Math.round(s.trueEndNs()) - p / 2), p) - 1;
      for (long k = first; k <= last; k++) {
        final int slot = room.engine.slots().slotOf(room.badges[s.badgeIndex()].badgeId);
        final long[] cell = expected.computeIfAbsent(k * slots + slot, key -> new long[6]);
        cell[4]++;
        cell[5] += s.mic();
      }
    }
    final GridComparison c = new GridComparison();
    long accelCompared = 0;
    long accelMismatch = 0;
    long accelEqual = 0;
    long micMismatch = 0;
    long micCompared = 0;
    long micEqual = 0;
    for (int r = 0; r < room.gridRows.size(); r++) {
      final long k = room.firstGridTick + r;
      if (k * p < fromNs || (k + 1) * p > toNs) {
        continue;
      }
      final int[] row = room.gridRows.get(r);
      for (int b = 0; b < room.badges.length; b++) {
        final int slot = room.engine.slots().slotOf(room.badges[b].badgeId);
        final long[] e = expected.getOrDefault(k * slots + slot, new long[6]);
        final boolean present = row[slot * 6] == 1;
        c.cells++;
        if (!present) {
          c.missingCells++;
          assertThat(row[slot * 6 + 1]).isEqualTo(GridTick.MISSING);
        }
        if (present != (e[0] > 0)) {
          accelMismatch++;
        } else if (present) {
          accelCompared++;
          final int dx = Math.abs(row[slot * 6 + 1] - GridResampler.roundedMean(e[1], (int) e[0]));
          final int dy = Math.abs(row[slot * 6 + 2] - GridResampler.roundedMean(e[2], (int) e[0]));
          final int dz = Math.abs(row[slot * 6 + 3] - GridResampler.roundedMean(e[3], (int) e[0]));
          if (dx == 0 && dy == 0 && dz == 0) {
            accelEqual++;
          }
          c.accelMaxAbsDiff = Math.max(c.accelMaxAbsDiff, Math.max(dx, Math.max(dy, dz)));
        }
        final boolean micPresent = row[slot * 6 + 4] == 1;
        if (micPresent != (e[4] > 0)) {
          micMismatch++;
        } else if (micPresent) {
          micCompared++;
          if (row[slot * 6 + 5] == GridResampler.roundedMean(e[5], (int) e[4])) {
            micEqual++;
          }
        }
      }
    }
    c.accelPresenceMismatch = (double) accelMismatch / c.cells;
    c.accelExact = (double) accelEqual / accelCompared;
    c.micPresenceMismatch = (double) micMismatch / c.cells;
    c.micExact = (double) micEqual / micCompared;
    return c;
  }
}
