package dev.rapport.gateway.features;

/** Drives a {@link RoomFeatureExtractor} one tick at a time with reusable input arrays. */
final class RoomDriver {
  final RoomFeatureExtractor room;
  final boolean[] present;
  final int[] ax;
  final int[] ay;
  final int[] az;
  final int[] mic;

  RoomDriver(int badges, int rateHz, FeatureParams params) {
    room = new RoomFeatureExtractor(badges, rateHz, params);
    present = new boolean[badges];
    ax = new int[badges];
    ay = new int[badges];
    az = new int[badges];
    mic = new int[badges];
    java.util.Arrays.fill(present, true);
    java.util.Arrays.fill(az, 1000);
    java.util.Arrays.fill(mic, levelForDb(15));
  }

  RoomDriver(int badges) {
    this(badges, 25, FeatureParams.defaults());
  }

  void set(int badge, int axMg, int ayMg, int azMg) {
    ax[badge] = axMg;
    ay[badge] = ayMg;
    az[badge] = azMg;
  }

  void tick() {
    room.onTick(present, ax, ay, az, mic);
  }

  void ticks(int n) {
    for (int i = 0; i < n; i++) {
      tick();
    }
  }

  /** The protocol's MIC_ENERGY level (0.01 dB, 0..9031) for a level in dB. */
  static int levelForDb(double db) {
    return (int) Math.max(0, Math.min(9031, Math.round(db * 100)));
  }
}
