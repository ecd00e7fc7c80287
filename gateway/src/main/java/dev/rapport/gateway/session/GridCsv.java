package dev.rapport.gateway.session;

import dev.rapport.badge.protocol.BadgeId;
import dev.rapport.gateway.engine.GatewayEngine;
import dev.rapport.gateway.features.RoomFeatureExtractor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes what the engine put on the common grid (samples.csv) and the features it computed from it
 * (features.csv), one row per badge per grid tick, as it happens during a replay (docs/export.md).
 * Both files use the time of the END of the tick in epoch ms, the same convention as the dyad
 * scores' {@code time_ms}, so rows of the three files with the same time describe the same tick.
 * Cells of a missing value are empty: nothing is invented. Replay thread; allocates nothing per
 * row.
 */
public final class GridCsv implements GatewayEngine.TickListener {
  public static final String SAMPLES_HEADER =
      "time_ms,badge,ax_mg,ay_mg,az_mg,mic_centi_db,present";
  public static final String FEATURES_HEADER =
      "time_ms,badge,present,motion_mg,posture_x_q14,posture_y_q14,posture_z_q14,"
          + "level_millibel,noise_floor_millibel,vocal_active,speaking,vocal_energy_millibel";

  private final Writer samples;
  private final Writer features;
  private final StringBuilder line = new StringBuilder(128);
  private final String[] badgeBySlot;
  private long sampleRows;
  private long featureRows;
  private final long[] presentTicksBySlot;

  public GridCsv(Writer samples, Writer features, int maxBadges) throws IOException {
    this.samples = samples;
    this.features = features;
    this.badgeBySlot = new String[maxBadges];
    this.presentTicksBySlot = new long[maxBadges];
    samples.write(SAMPLES_HEADER);
    samples.write('\n');
    features.write(FEATURES_HEADER);
    features.write('\n');
  }

  @Override
  public void onTick(
      GatewayEngine engine,
      long tickEndNs,
      long featuresEndNs,
      boolean[] present,
      int[] axMg,
      int[] ayMg,
      int[] azMg,
      int[] micCentiDb) {
    try {
      long tickMs = engine.epochMs(tickEndNs);
      int badges = engine.badgeCount();
      for (int slot = 0; slot < badges; slot++) {
        line.setLength(0);
        line.append(tickMs).append(',').append(badge(engine, slot)).append(',');
        if (present[slot]) {
          presentTicksBySlot[slot]++;
          line.append(axMg[slot]).append(',').append(ayMg[slot]).append(',').append(azMg[slot]);
          line.append(',').append(micCentiDb[slot]).append(",1\n");
        } else {
          line.append(",,,,0\n");
        }
        samples.append(line);
        sampleRows++;
      }
      RoomFeatureExtractor f = engine.features();
      if (f.describedTick() < 0) {
        return; // the filters have not produced their first output yet
      }
      long featuresMs = engine.epochMs(featuresEndNs);
      for (int slot = 0; slot < badges; slot++) {
        line.setLength(0);
        line.append(featuresMs).append(',').append(badge(engine, slot)).append(',');
        if (!f.featurePresent(slot)) {
          line.append("0,,,,,,,,,\n");
        } else {
          line.append("1,").append(f.motionEnergyMg(slot)).append(',');
          if (f.posturePresent(slot)) {
            line.append(f.postureXQ14(slot)).append(',');
            line.append(f.postureYQ14(slot)).append(',');
            line.append(f.postureZQ14(slot)).append(',');
          } else {
            line.append(",,,");
          }
          if (f.voicePresent(slot)) {
            line.append(f.levelMillibel(slot)).append(',');
            line.append(f.noiseFloorMillibel(slot)).append(',');
            line.append(f.vocalActive(slot) ? 1 : 0).append(',');
          } else {
            line.append(",,,");
          }
          line.append(f.speaking(slot) ? 1 : 0).append(',');
          line.append(f.vocalEnergyMillibel(slot)).append('\n');
        }
        features.append(line);
        featureRows++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing the grid export failed", e);
    }
  }

  private String badge(GatewayEngine engine, int slot) {
    String id = badgeBySlot[slot];
    if (id == null) {
      id = BadgeId.format(engine.session(slot).badgeId());
      badgeBySlot[slot] = id;
    }
    return id;
  }

  public long sampleRows() {
    return sampleRows;
  }

  public long featureRows() {
    return featureRows;
  }

  /** Grid ticks on which a badge (by engine slot) had both accelerometer and microphone data. */
  public long presentTicks(int slot) {
    return presentTicksBySlot[slot];
  }
}
