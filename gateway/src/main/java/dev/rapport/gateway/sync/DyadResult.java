package dev.rapport.gateway.sync;

/**
 * Everything the engine says about one dyad for one window: movement and vocal synchrony, posture
 * mirroring, turn-taking and the coordination score. badge a sorts before badge b (string order).
 * One instance per dyad, owned and reused by the engine.
 *
 * <p>Absent values are explicit flags, never 0 or NaN: a consumer writes {@code null} (JSON) or an
 * empty field (CSV) for them.
 */
public final class DyadResult {
  private final String badgeA;
  private final String badgeB;
  private long timeMs;
  private final WccMeasure movement = new WccMeasure();
  private final WccMeasure vocal = new WccMeasure();
  private final TurnTakingMeasure turns = new TurnTakingMeasure();
  private boolean posturePresent;
  private int postureQ30;
  private boolean turnTakingPresent;
  private int turnTakingQ30;
  private boolean scorePresent;
  private int scoreQ30;

  DyadResult(String badgeA, String badgeB) {
    this.badgeA = badgeA;
    this.badgeB = badgeB;
  }

  public String badgeA() {
    return badgeA;
  }

  public String badgeB() {
    return badgeB;
  }

  /** Grid time of the newest sample in the window. */
  public long timeMs() {
    return timeMs;
  }

  void timeMs(long timeMs) {
    this.timeMs = timeMs;
  }

  public WccMeasure movement() {
    return movement;
  }

  public WccMeasure vocal() {
    return vocal;
  }

  public WccMeasure measure(Modality modality) {
    return modality == Modality.MOVEMENT ? movement : vocal;
  }

  /** Turn-taking metrics of the window (speaking shares, overlap, transitions, latencies). */
  public TurnTakingMeasure turns() {
    return turns;
  }

  /** Posture mirroring similarity in Q30, [-1, 1]; see {@link #posturePresent()}. */
  public int postureQ30() {
    return postureQ30;
  }

  public boolean posturePresent() {
    return posturePresent;
  }

  void posture(boolean present, int valueQ30) {
    posturePresent = present;
    postureQ30 = present ? valueQ30 : 0;
  }

  /**
   * Turn-taking component of the score in Q30, [0, 1] (balance times exchange, see {@link
   * TurnTakingMeasure}); see {@link #turnTakingPresent()}.
   */
  public int turnTakingQ30() {
    return turnTakingQ30;
  }

  public boolean turnTakingPresent() {
    return turnTakingPresent;
  }

  void turnTaking(boolean present, int valueQ30) {
    turnTakingPresent = present;
    turnTakingQ30 = present ? valueQ30 : 0;
  }

  /** Coordination score in Q30, [0, 1] (docs/algorithms.md); see {@link #scorePresent()}. */
  public int scoreQ30() {
    return scoreQ30;
  }

  public boolean scorePresent() {
    return scorePresent;
  }

  void score(boolean present, int valueQ30) {
    scorePresent = present;
    scoreQ30 = present ? valueQ30 : 0;
  }

  @Override
  public String toString() {
    return "DyadResult{"
        + badgeA
        + ':'
        + badgeB
        + " @"
        + timeMs
        + ", movement="
        + movement
        + ", vocal="
        + vocal
        + (scorePresent
            ? ", score=" + FixedPoint.toDecimal(scoreQ30, FixedPoint.Q30_SHIFT, 4)
            : ", no score")
        + '}';
  }
}
