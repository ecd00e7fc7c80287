package dev.rapport.gateway.sync;

import java.util.ArrayList;
import java.util.List;

/** Copies every result the engine delivers, so tests can compare whole runs. */
final class RecordingListener implements DyadResultListener {
  record Measure(
      boolean present,
      int rQ30,
      int lag,
      int validPairs,
      boolean significance,
      boolean zPresent,
      int zQ16,
      int surrogates,
      int atOrAbove,
      int baselineQ30) {
    static Measure of(WccMeasure m) {
      return new Measure(
          m.present(),
          m.rPeakQ30(),
          m.peakLagSamples(),
          m.validPairs(),
          m.significancePresent(),
          m.zPresent(),
          m.zQ16(),
          m.surrogateCount(),
          m.surrogatesAtOrAbove(),
          m.baselineQ30());
    }
  }

  record Row(
      long timeMs,
      String a,
      String b,
      Measure movement,
      Measure vocal,
      boolean scorePresent,
      int scoreQ30,
      boolean turnTakingPresent,
      int turnTakingQ30,
      int transitions,
      boolean posturePresent,
      int postureQ30) {}

  final List<Row> rows = new ArrayList<>();
  final List<Long> completedWindows = new ArrayList<>();

  @Override
  public void onDyadResult(DyadResult r) {
    rows.add(
        new Row(
            r.timeMs(),
            r.badgeA(),
            r.badgeB(),
            Measure.of(r.movement()),
            Measure.of(r.vocal()),
            r.scorePresent(),
            r.scoreQ30(),
            r.turnTakingPresent(),
            r.turnTakingQ30(),
            r.turns().transitionsAToB() * 1000 + r.turns().transitionsBToA(),
            r.posturePresent(),
            r.postureQ30()));
  }

  @Override
  public void onWindowComplete(long timeMs) {
    completedWindows.add(timeMs);
  }
}
