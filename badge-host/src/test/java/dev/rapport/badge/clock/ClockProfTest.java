package dev.rapport.badge.clock;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClockProfTest {
  @Test
  void prof() {
    SplittableRandom rnd = new SplittableRandom(1);
    for (int k = 0; k < 3; k++) {
      ClockAligner a = new ClockAligner(ClockAlignerConfig.defaults(32768));
      long t0 = System.nanoTime();
      long sum = 0;
      for (int i = 0; i < 4000; i++) {
        long t1 = i * 1_000_000_000L;
        long d1 = (long) (rnd.nextDouble() * 50e6);
        long d2 = (long) (rnd.nextDouble() * 50e6);
        long t2 = (long) ((t1 + d1) * 32768e-9);
        long t3 = t2 + 30;
        long t4 = t1 + d1 + 1_000_000 + d2;
        a.onSyncExchange(t1, t2, t3, t4);
        if (i % 1000 == 999) System.out.println("hull sizes " + hs(a));
      }
      long t1n = System.nanoTime();
      for (int i = 0; i < 180000; i++) {
        sum += a.toGatewayNanos(i * 700L);
      }
      long t2n = System.nanoTime();
      System.out.printf("exch %.3f s, map %.3f s %d%n", (t1n - t0) / 1e9, (t2n - t1n) / 1e9, sum);
    }
  }

  static String hs(ClockAligner a) throws RuntimeException {
    try {
      java.lang.reflect.Field f = ClockAligner.class.getDeclaredField("solver");
      f.setAccessible(true);
      OffsetDriftSolver s = (OffsetDriftSolver) f.get(a);
      java.lang.reflect.Field l = OffsetDriftSolver.class.getDeclaredField("lowerBounds");
      java.lang.reflect.Field u = OffsetDriftSolver.class.getDeclaredField("upperBounds");
      l.setAccessible(true);
      u.setAccessible(true);
      return ((BoundPointSet) l.get(s)).hullSize() + "/" + ((BoundPointSet) u.get(s)).hullSize();
    } catch (ReflectiveOperationException e) {
      throw new RuntimeException(e);
    }
  }
}
