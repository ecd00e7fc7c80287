package dev.rapport.gateway.features;

import dev.rapport.badge.sim.SampleSink;
import dev.rapport.badge.sim.SimConfig;
import dev.rapport.badge.sim.SimulatedRoom;

/**
 * Runs the badge simulator tick by tick onto the grid (the mean of the samples inside each tick, as
 * the simulator's grid CSV does) and records, per tick, how long each wearer really spoke.
 */
final class SimulatedRoomGrid implements SampleSink {
  final SimulatedRoom room;
  final int badges;
  final long gridPeriodUs;
  final boolean[] present;
  final int[] ax;
  final int[] ay;
  final int[] az;
  final int[] mic;

  /** Ground truth of the latest tick: microseconds each wearer spoke in it. */
  final long[] spokeUs;

  private final long[] sumX;
  private final long[] sumY;
  private final long[] sumZ;
  private final int[] accelCount;
  private final long[] sumMic;
  private final int[] micCount;
  private final long[] spokeBeforeUs;
  private long tick;

  SimulatedRoomGrid(SimConfig config) {
    room = SimulatedRoom.create(config);
    badges = config.badgeCount();
    gridPeriodUs = config.gridPeriodMs() * 1000L;
    present = new boolean[badges];
    ax = new int[badges];
    ay = new int[badges];
    az = new int[badges];
    mic = new int[badges];
    spokeUs = new long[badges];
    sumX = new long[badges];
    sumY = new long[badges];
    sumZ = new long[badges];
    accelCount = new int[badges];
    sumMic = new long[badges];
    micCount = new int[badges];
    spokeBeforeUs = new long[badges];
  }

  /** Produces the next grid tick into the public arrays. */
  void next() {
    tick++;
    room.advanceTo(tick * gridPeriodUs, this);
    for (int b = 0; b < badges; b++) {
      present[b] = accelCount[b] > 0 && micCount[b] > 0;
      ax[b] = mean(sumX[b], accelCount[b]);
      ay[b] = mean(sumY[b], accelCount[b]);
      az[b] = mean(sumZ[b], accelCount[b]);
      mic[b] = mean(sumMic[b], micCount[b]);
      sumX[b] = sumY[b] = sumZ[b] = sumMic[b] = 0;
      accelCount[b] = micCount[b] = 0;
      long spoke = room.speakingUs(b + 1);
      spokeUs[b] = spoke - spokeBeforeUs[b];
      spokeBeforeUs[b] = spoke;
    }
  }

  private static int mean(long sum, int count) {
    return count == 0 ? 0 : (int) Math.floorDiv(2 * sum + count, 2L * count);
  }

  @Override
  public void onAccel(int badgeId, long trueTimeUs, int xMg, int yMg, int zMg) {
    int b = badgeId - 1;
    sumX[b] += xMg;
    sumY[b] += yMg;
    sumZ[b] += zMg;
    accelCount[b]++;
  }

  @Override
  public void onMicLevel(int badgeId, long trueTimeUs, int levelCentiDb) {
    int b = badgeId - 1;
    // The protocol's MIC_ENERGY level (0.01 dB), as a live badge sends it: one per grid tick at
    // the simulator's 40 ms period, so the tick's mean is that value.
    sumMic[b] += levelCentiDb;
    micCount[b]++;
  }
}
