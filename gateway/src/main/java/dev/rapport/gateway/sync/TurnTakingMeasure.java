package dev.rapport.gateway.sync;

/**
 * Turn-taking of one dyad over one window, copied from its {@link TurnTakingTracker} at the hop
 * tick (docs/features.md defines each count). Counts are in grid samples; convert with {@link
 * SyncConfig#samplesToMs}. Mutable and reused by the engine.
 */
public final class TurnTakingMeasure {
  private boolean present;
  private int validSamples;
  private int speakingSamplesA;
  private int speakingSamplesB;
  private int overlapSamples;
  private int mutualSilenceSamples;
  private int transitionsAToB;
  private int transitionsBToA;
  private boolean sharePresent;
  private int speakingShareAQ14;
  private boolean latencyAPresent;
  private int meanResponseLatencyMsA;
  private boolean latencyBPresent;
  private int meanResponseLatencyMsB;
  private boolean latencyPresent;
  private int meanResponseLatencyMs;

  void copyFrom(TurnTakingTracker t) {
    present = t.present();
    validSamples = t.validSamples();
    speakingSamplesA = t.speakingSamplesA();
    speakingSamplesB = t.speakingSamplesB();
    overlapSamples = t.overlapSamples();
    mutualSilenceSamples = t.mutualSilenceSamples();
    transitionsAToB = t.transitionsAToB();
    transitionsBToA = t.transitionsBToA();
    sharePresent = t.hasSpeakingShare();
    speakingShareAQ14 = sharePresent ? t.speakingShareAQ14() : 0;
    latencyAPresent = t.hasResponseLatencyA();
    meanResponseLatencyMsA = latencyAPresent ? t.meanResponseLatencyMsA() : 0;
    latencyBPresent = t.hasResponseLatencyB();
    meanResponseLatencyMsB = latencyBPresent ? t.meanResponseLatencyMsB() : 0;
    latencyPresent = t.hasResponseLatency();
    meanResponseLatencyMs = latencyPresent ? t.meanResponseLatencyMs() : 0;
  }

  void copyFrom(TurnTakingMeasure o) {
    present = o.present;
    validSamples = o.validSamples;
    speakingSamplesA = o.speakingSamplesA;
    speakingSamplesB = o.speakingSamplesB;
    overlapSamples = o.overlapSamples;
    mutualSilenceSamples = o.mutualSilenceSamples;
    transitionsAToB = o.transitionsAToB;
    transitionsBToA = o.transitionsBToA;
    sharePresent = o.sharePresent;
    speakingShareAQ14 = o.speakingShareAQ14;
    latencyAPresent = o.latencyAPresent;
    meanResponseLatencyMsA = o.meanResponseLatencyMsA;
    latencyBPresent = o.latencyBPresent;
    meanResponseLatencyMsB = o.meanResponseLatencyMsB;
    latencyPresent = o.latencyPresent;
    meanResponseLatencyMs = o.meanResponseLatencyMs;
  }

  void setAbsent() {
    present = false;
    validSamples = 0;
    speakingSamplesA = 0;
    speakingSamplesB = 0;
    overlapSamples = 0;
    mutualSilenceSamples = 0;
    transitionsAToB = 0;
    transitionsBToA = 0;
    sharePresent = false;
    speakingShareAQ14 = 0;
    latencyAPresent = false;
    meanResponseLatencyMsA = 0;
    latencyBPresent = false;
    meanResponseLatencyMsB = 0;
    latencyPresent = false;
    meanResponseLatencyMs = 0;
  }

  /**
   * The turn-taking component of the coordination score, Q30 in [0, 1]: balance times exchange,
   * where balance = 1 - |share_a - share_b| (both hold the floor about equally) and exchange =
   * min(transitions, 2) / 2 (the floor changed hands both ways, or twice, in the window). -1 when
   * there is no component: no value, or nobody spoke (silence says nothing about turn-taking).
   */
  int componentQ30() {
    if (!present || !sharePresent) {
      return -1;
    }
    long shareB = (1 << 14) - speakingShareAQ14;
    long balanceQ14 = (1 << 14) - Math.abs(speakingShareAQ14 - shareB);
    long exchangeHalves = Math.min(2, transitionsAToB + transitionsBToA);
    return (int) ((balanceQ14 << 16) * exchangeHalves / 2);
  }

  /** True when the window has a value (few enough ticks without both voices). */
  public boolean present() {
    return present;
  }

  public int validSamples() {
    return validSamples;
  }

  public int speakingSamplesA() {
    return speakingSamplesA;
  }

  public int speakingSamplesB() {
    return speakingSamplesB;
  }

  /** Both speak. */
  public int overlapSamples() {
    return overlapSamples;
  }

  /** Neither speaks. */
  public int mutualSilenceSamples() {
    return mutualSilenceSamples;
  }

  public int transitionsAToB() {
    return transitionsAToB;
  }

  public int transitionsBToA() {
    return transitionsBToA;
  }

  /** True when someone spoke, so the shares exist. */
  public boolean speakingSharePresent() {
    return sharePresent;
  }

  /** a's share of the dyad's speaking time, Q14 (b's is 16384 minus it). */
  public int speakingShareAQ14() {
    return speakingShareAQ14;
  }

  public boolean responseLatencyAPresent() {
    return latencyAPresent;
  }

  /** Mean latency of a's responses to b, ms (negative: a starts before b has finished). */
  public int meanResponseLatencyMsA() {
    return meanResponseLatencyMsA;
  }

  public boolean responseLatencyBPresent() {
    return latencyBPresent;
  }

  public int meanResponseLatencyMsB() {
    return meanResponseLatencyMsB;
  }

  public boolean responseLatencyPresent() {
    return latencyPresent;
  }

  /** Mean response latency over both directions, ms. */
  public int meanResponseLatencyMs() {
    return meanResponseLatencyMs;
  }
}
