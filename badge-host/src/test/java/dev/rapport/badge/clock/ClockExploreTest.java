package dev.rapport.badge.clock;

import org.junit.jupiter.api.Test;

class ClockExploreTest {
  @Test
  void explore() {
    long s = 1_000_000_000L;
    int[] windows = {1024, 2048};
    long[] slows = {500_000_000L, 1_000_000_000L};
    long[] comforts = {1_200_000L, 1_500_000L};
    for (int w : windows) {
      for (long slow : slows) {
        for (long comfort : comforts) {
          long t0 = System.nanoTime();
          double worstP99 = 0, worstBlock = 0, worst3060 = 0, worstMax = 0, exceed = 0;
          long req = 0;
          for (double drift : new double[] {-100, 100}) {
            for (long seed = 1; seed <= 4; seed++) {
              ClockSimulation.Scenario sc = new ClockSimulation.Scenario().drift(drift).seed(seed);
              ClockSimulation.Result r =
                  ClockSimulation.run(
                      sc,
                      ClockAlignerConfig.builder(32768).windowExchanges(w).build(),
                      new TimeSyncScheduler(100_000_000L, slow, comfort));
              worstP99 = Math.max(worstP99, r.percentileNs(99, 30 * s, 3600 * s) / 1e6);
              worstMax = Math.max(worstMax, r.percentileNs(100, 30 * s, 3600 * s) / 1e6);
              worst3060 = Math.max(worst3060, r.percentileNs(99, 30 * s, 60 * s) / 1e6);
              worstBlock = Math.max(worstBlock, r.worstBlockP99Ns(30 * s, 3600 * s, 300 * s) / 1e6);
              exceed = Math.max(exceed, r.boundExceededFraction(30 * s, 3600 * s));
              req += r.requestsSent;
            }
          }
          System.out.printf(
              "w %d slow %d comfort %d us: worst p99 %.3f max %.3f p99[30,60) %.3f block %.3f exceed %.5f req/run %d took %.1f s%n",
              w,
              slow / 1_000_000,
              comfort / 1000,
              worstP99,
              worstMax,
              worst3060,
              worstBlock,
              exceed,
              req / 8,
              (System.nanoTime() - t0) / 1e9);
        }
      }
    }
  }
}
