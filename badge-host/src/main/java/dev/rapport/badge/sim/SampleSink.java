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
   * @param xMg acceleration along the badge's x axis (towards the wearer's left), mg
   * @param yMg along y (up the torso; about +1000 when upright and still), mg
   * @param zMg along z (out of the chest), mg
   */
  void onAccel(int badgeId, long trueTimeUs, int xMg, int yMg, int zMg);

  /**
   * One microphone energy value for the period [trueTimeUs, trueTimeUs + micPeriod).
   *
   * @param energy 0..65535, 20 log10(energy) = dB SPL (see docs/simulator.md)
   */
  void onMicEnergy(int badgeId, long trueTimeUs, int energy);
}
