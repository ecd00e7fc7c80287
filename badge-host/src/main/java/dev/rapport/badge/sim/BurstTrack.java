package dev.rapport.badge.sim;

/**
 * The movement bursts (gestures, nods, fidgets) acting on one badge, past their start or scheduled
 * ahead (copies from a leader arrive lagMs early). A burst is a Hann-windowed sinusoid along a unit
 * direction: {@code a(t) = amp * 0.5 * (1 - cos(2 pi u)) * sin(2 pi f (t - start) + phase)} with
 * {@code u = (t - start) / duration}; it adds to the gravity reading. Fixed capacity, so the sample
 * loop allocates nothing; a burst that does not fit is dropped and counted. Simulation thread only.
 */
final class BurstTrack {
  static final int CAPACITY = 32;
  private static final double TWO_PI = 2.0 * StrictMath.PI;

  private final long[] startUs = new long[CAPACITY];
  private final long[] durationUs = new long[CAPACITY];
  private final double[] freqHz = new double[CAPACITY];
  private final double[] ampMg = new double[CAPACITY];
  private final double[] phaseRad = new double[CAPACITY];
  private final double[] dirX = new double[CAPACITY];
  private final double[] dirY = new double[CAPACITY];
  private final double[] dirZ = new double[CAPACITY];
  private int count;
  private long droppedBursts;

  void add(
      long fromUs,
      long lengthUs,
      double frequencyHz,
      double amplitudeMg,
      double phase,
      double x,
      double y,
      double z) {
    if (count == CAPACITY) {
      droppedBursts++;
      return;
    }
    startUs[count] = fromUs;
    durationUs[count] = lengthUs;
    freqHz[count] = frequencyHz;
    ampMg[count] = amplitudeMg;
    phaseRad[count] = phase;
    dirX[count] = x;
    dirY[count] = y;
    dirZ[count] = z;
    count++;
  }

  /**
   * Writes the summed burst acceleration at {@code timeUs} into out[0..2] (mg) and forgets bursts
   * that have ended; times must not go backwards between calls.
   */
  void accelerationAt(long timeUs, double[] out) {
    double x = 0;
    double y = 0;
    double z = 0;
    int i = 0;
    while (i < count) {
      long sinceUs = timeUs - startUs[i];
      if (sinceUs >= durationUs[i]) {
        removeAt(i);
        continue;
      }
      if (sinceUs >= 0) {
        double sinceS = sinceUs * 1e-6;
        double window = 0.5 * (1.0 - StrictMath.cos(TWO_PI * sinceUs / durationUs[i]));
        double value =
            ampMg[i] * window * StrictMath.sin(TWO_PI * freqHz[i] * sinceS + phaseRad[i]);
        x += value * dirX[i];
        y += value * dirY[i];
        z += value * dirZ[i];
      }
      i++;
    }
    out[0] = x;
    out[1] = y;
    out[2] = z;
  }

  private void removeAt(int i) {
    count--;
    startUs[i] = startUs[count];
    durationUs[i] = durationUs[count];
    freqHz[i] = freqHz[count];
    ampMg[i] = ampMg[count];
    phaseRad[i] = phaseRad[count];
    dirX[i] = dirX[count];
    dirY[i] = dirY[count];
    dirZ[i] = dirZ[count];
  }

  long droppedBursts() {
    return droppedBursts;
  }
}
