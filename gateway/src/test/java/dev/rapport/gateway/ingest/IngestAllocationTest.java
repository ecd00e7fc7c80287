package dev.rapport.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The whole ingestion path, decoder to grid, allocates nothing per frame or sample once every badge
 * has been seen: badges encode into reused buffers, the link ingress decodes into the queue's
 * slots, the engine reads flyweights, the aligner and the grid work in preallocated arrays.
 */
class IngestAllocationTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;

  private static final class Driver implements BadgeRequests {
    final BoundedEventQueue queue = new BoundedEventQueue(256);
    final long[] gridSum = new long[1];
    final IngestEngine engine =
        new IngestEngine(
            IngestConfig.builder().maxBadges(8).build(),
            t -> {
              for (int s = 0; s < t.slots(); s++) {
                if (t.present()[s]) {
                  gridSum[0] += t.axMg()[s];
                }
              }
            });
    final LinkIngress ingress = new LinkIngress(0, queue);
    final SimBadge[] badges = new SimBadge[4];
    final long[] nextSample = new long[4];
    final long[] nextPeriod = new long[4];
    final int[] xs = new int[5];
    final int[] levels = new int[5];
    long nowNs;

    Driver() {
      for (int b = 0; b < badges.length; b++) {
        badges[b] = new SimBadge(0x0200 + b, 32768, 20 * b - 30, 1000L * b);
      }
    }

    void run(long fromNs, long toNs) {
      for (nowNs = fromNs; nowNs < toNs; nowNs += 10 * MS) {
        for (int b = 0; b < badges.length; b++) {
          final SimBadge badge = badges[b];
          if (nowNs == 0) {
            feed(badge, badge.hello(0, 50_000, 40));
          }
          // a batch of 5 samples every 100 ms, of 5 mic periods every 200 ms
          if (nowNs % (100 * MS) == 0) {
            for (int i = 0; i < 5; i++) {
              xs[i] = (int) ((nextSample[b] + i) % 1000);
            }
            feed(
                badge,
                badge.accel(badge.ticksU32At(nowNs - 100 * MS), 50_000, xs, xs, xs, 5, nowNs));
            nextSample[b] += 5;
          }
          if (nowNs % (200 * MS) == 0) {
            for (int i = 0; i < 5; i++) {
              levels[i] = 3000 + (int) ((nextPeriod[b] + i) % 100);
            }
            feed(badge, badge.mic(badge.ticksU32At(nowNs - 200 * MS), 40, levels, 5, nowNs));
            nextPeriod[b] += 5;
          }
          if (nowNs % (10 * S) == 0) {
            feed(badge, badge.status(nowNs, 3900, 80));
          }
        }
        queue.offerClock(nowNs);
        engine.doWork(queue, Integer.MAX_VALUE, nowNs, this);
      }
    }

    private void feed(SimBadge badge, int length) {
      ingress.onBytes(badge.wire(), 0, length, nowNs + MS);
    }

    @Override
    public boolean sendTimeSyncRequest(int badgeId, long correlationId, int linkIndex) {
      queue.offerTimeSyncSent(badgeId, correlationId, nowNs);
      final SimBadge badge = badges[badgeId - 0x0200];
      final int length = badge.timeSyncResponse(correlationId, nowNs + MS, nowNs + 2 * MS);
      ingress.onBytes(badge.wire(), 0, length, nowNs + 3 * MS);
      return true;
    }

    @Override
    public boolean sendHelloRequest(int badgeId, int linkIndex) {
      return true;
    }
  }

  @Test
  void shouldNotAllocatePerFrameOrSampleInSteadyState() {
    final Driver d = new Driver();
    d.run(0, 60 * S); // every badge seen, aligners synced, windows filling
    final long before = ThreadAllocations.bytes();
    d.run(60 * S, 120 * S);
    final long allocated = ThreadAllocations.bytes() - before;
    // 60 s x 4 badges: 12 000 samples, 3 600 frames, 600+ exchanges, 1 500 grid ticks. One
    // allocation per frame would be > 50 kB; the JVM may allocate a little once (deoptimisation).
    assertThat(allocated).isLessThan(4_000);
    assertThat(d.engine.grid().samplesPlaced()).isGreaterThan(20_000);
    assertThat(d.gridSum[0]).isNotZero();
    assertThat(d.queue.totalDropped()).isZero();
    for (SimBadge b : d.badges) {
      assertThat(d.engine.session(b.badgeId).aligner().hasMapping()).isTrue();
    }
  }
}
