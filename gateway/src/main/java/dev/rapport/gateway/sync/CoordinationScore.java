package dev.rapport.gateway.sync;

/**
 * The coordination score in [0, 1]: a weighted mean of per-channel components, each in [0, 1], over
 * the channels that have a value for the window (docs/algorithms.md, "Coordination score").
 *
 * <ul>
 *   <li>movement and vocal synchrony: c = clamp((r_peak - b) / (1 - b), 0, 1), with b the dyad's
 *       pseudo-synchrony baseline (mean surrogate peak) once it exists, else 0. Subtracting b
 *       removes what two unrelated people would score (the max over 2L+1 lags of autocorrelated
 *       signals is well above 0); dividing by 1 - b keeps perfect synchrony at 1.
 *   <li>posture mirroring: max(0, similarity).
 *   <li>turn-taking: balance of the floor times exchange of it ({@link TurnTakingMeasure}), in [0,
 *       1]; absent when nobody spoke.
 * </ul>
 *
 * Integer weights (movement 35, vocal 25, posture 20, turn-taking 20) are renormalised over the
 * channels present, so a silent dyad is scored on what it does show instead of being pulled to 0.
 */
public final class CoordinationScore {
  public static final int MOVEMENT_WEIGHT = 35;
  public static final int VOCAL_WEIGHT = 25;
  public static final int POSTURE_WEIGHT = 20;
  public static final int TURN_TAKING_WEIGHT = 20;

  private CoordinationScore() {}

  /** c = clamp((r - b) / (1 - b), 0, 1) in Q30. */
  public static int synchronyComponentQ30(WccMeasure measure) {
    if (!measure.present()) {
      return 0;
    }
    long baseline = measure.significancePresent() ? measure.baselineQ30() : 0;
    if (baseline >= FixedPoint.ONE_Q30) {
      return 0;
    }
    long excess = measure.rPeakQ30() - baseline;
    if (excess <= 0) {
      return 0;
    }
    long component = (excess << FixedPoint.Q30_SHIFT) / (FixedPoint.ONE_Q30 - baseline);
    return (int) Math.min(component, FixedPoint.ONE_Q30);
  }

  /** Computes and stores the score of {@code result} from its channels. */
  static void apply(DyadResult result) {
    long weighted = 0;
    long weights = 0;
    if (result.movement().present()) {
      weighted += (long) MOVEMENT_WEIGHT * synchronyComponentQ30(result.movement());
      weights += MOVEMENT_WEIGHT;
    }
    if (result.vocal().present()) {
      weighted += (long) VOCAL_WEIGHT * synchronyComponentQ30(result.vocal());
      weights += VOCAL_WEIGHT;
    }
    if (result.posturePresent()) {
      weighted += (long) POSTURE_WEIGHT * Math.max(0, result.postureQ30());
      weights += POSTURE_WEIGHT;
    }
    if (result.turnTakingPresent()) {
      weighted += (long) TURN_TAKING_WEIGHT * result.turnTakingQ30();
      weights += TURN_TAKING_WEIGHT;
    }
    if (weights == 0) {
      result.score(false, 0);
    } else {
      result.score(true, (int) (weighted / weights));
    }
  }
}
