package dev.rapport.badge.sim;

/**
 * Receives the samples of a {@link SimulatedRoom}, in the order they are produced, on the thread
 * calling {@link SimulatedRoom#advanceTo}. All arguments are primitives so that delivering a sample
 * allocates nothing.
 *
 * <p>Order: per badge, accelerometer samples arrive in time order and microphone values in time
 * order, but a microphone value (stamped with the start of its period) is delivered only once its
 * period is over, i.e. after the accelerometer samples inside that period.
 */
public interface SampleSink {

  /**
   * One accelerometer sample.
   *
   * @param badgeId 1..badgeCount
   * @param trueTimeUs session time of the sample
   * @param xMg acceleration along the badge's x axis (to the wearer's right), mg
   * @param yMg along y (out of the chest, forward), mg
   * @param zMg along z (up the torso; about +1000 when upright and still, as docs/protocol.md), mg
   */
  void onAccel(int badgeId, long trueTimeUs, int xMg, int yMg, int zMg);

  /**
   * One microphone level for the period [trueTimeUs, trueTimeUs + micPeriod), as the badge sends it
   * in MIC_ENERGY: 0.01 dB above 1 LSB² of its PCM, 0..9031 (see {@link MicScale}; {@link
   * MicScale#amplitudeFromCentiDb} gives the grid's linear energy).
   */
  void onMicLevel(int badgeId, long trueTimeUs, int levelCentiDb);
}
