package dev.rapport.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.clock.SyncState;
import dev.rapport.badge.protocol.FrameDecoder;
import dev.rapport.badge.protocol.FrameEncoder;
import dev.rapport.badge.protocol.FrameHandler;
import dev.rapport.badge.protocol.TimeSyncRequestFrame;
import dev.rapport.badge.transport.BackoffPolicy;
import dev.rapport.badge.transport.LinkState;
import dev.rapport.badge.transport.serial.SerialBadgeLink;
import dev.rapport.badge.transport.serial.SerialLinkConfig;
import dev.rapport.badge.transport.testing.Await;
import dev.rapport.badge.transport.testing.PtyPair;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingestion over a real serial link: a radio dongle carrying three badges, played through a socat
 * pseudo-terminal pair, read by the production {@link SerialBadgeLink}, with TIME_SYNC requests
 * written back through the same link and answered by the "dongle". Gateway time is the real
 * monotonic clock here. Pulling the plug (killing socat) loses the frames sent meanwhile, and the
 * sessions account for every one of them as lost.
 */
class IngestSerialLinkTest {
  private static final long MS = 1_000_000L;
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /**
   * The badge side of the dongle: three badges. A reader thread answers TIME_SYNC requests the
   * moment they arrive (as firmware does from its receive interrupt); the test thread writes the
   * badges' data frames. Both write through {@link #write}, one frame at a time.
   */
  private static final class Dongle implements FrameHandler {
    final SimBadge[] badges = {
      new SimBadge(0x0301, 32768, 60, 77_000),
      new SimBadge(0x0302, 32768, -45, 5),
      new SimBadge(0x0303, 1_000_000, 10, 4_000_000_000L)
    };
    final FrameDecoder fromGateway = new FrameDecoder(this);
    volatile PtyPair.PtyPeer peer;
    volatile boolean plugged = true;
    volatile boolean running = true;
    long framesNotWritten;
    final long[] nextSampleNs = new long[3];
    Thread reader;

    void startReader() {
      reader =
          new Thread(
              () -> {
                int offset = 0;
                PtyPair.PtyPeer current = peer;
                while (running) {
                  try {
                    if (peer != current) {
                      current = peer;
                      offset = 0;
                      fromGateway.reset();
                    }
                    final byte[] in = current.awaitReceived(offset + 1, Duration.ofMillis(50));
                    fromGateway.onBytes(in, offset, in.length - offset);
                    offset = in.length;
                  } catch (AssertionError timeoutOrUnplugged) {
                    // nothing arrived within 50 ms (or the PTY is gone): look again
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "dongle-reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** Writes the badges' due frames (HELLO first, then a 5-sample ACCEL batch per 100 ms). */
    void work(long nowNs) throws IOException {
      for (int b = 0; b < badges.length; b++) {
        final SimBadge badge = badges[b];
        if (nextSampleNs[b] == 0) {
          nextSampleNs[b] = nowNs;
          synchronized (this) {
            write(badge.copy(badge.hello(nowNs, 50_000, 40)));
          }
        }
        while (nowNs - nextSampleNs[b] >= 100 * MS) {
          final int[] v = {10 * b, 10 * b + 1, 10 * b + 2, 10 * b + 3, 10 * b + 4};
          synchronized (this) {
            write(
                badge.copy(
                    badge.accel(badge.ticksU32At(nextSampleNs[b]), 50_000, v, v, v, 5, nowNs)));
          }
          nextSampleNs[b] += 100 * MS;
        }
      }
    }

    private void write(byte[] frame) throws IOException {
      if (plugged) {
        peer.write(frame);
      } else {
        framesNotWritten++;
      }
    }

    @Override
    public synchronized void onTimeSyncRequest(TimeSyncRequestFrame request) {
      final long arrivalNs = System.nanoTime();
      final SimBadge badge = badges[request.badgeId() - 0x0301];
      try {
        write(
            badge.copy(
                badge.timeSyncResponse(request.correlationId(), arrivalNs, System.nanoTime())));
      } catch (IOException e) {
        throw new IllegalStateException("dongle write failed, badgeId=" + request.badgeId(), e);
      }
    }
  }

  @Test
  void shouldIngestADongleOverARealPtySyncTheClocksAndCountFramesLostWhileUnplugged(
      @TempDir Path dir) throws Exception {
    final BoundedEventQueue queue = new BoundedEventQueue(1024);
    final long[] presentCells = new long[1];
    final IngestEngine engine =
        new IngestEngine(
            // a short reorder window, so the hole left by the unplug is judged lost quickly
            IngestConfig.builder().reorderWindowFrames(16).build(),
            t -> {
              for (int s = 0; s < t.slots(); s++) {
                presentCells[0] += t.present()[s] ? 1 : 0;
              }
            });
    final LinkIngress ingress = new LinkIngress(0, queue);
    final Dongle dongle = new Dongle();
    try (PtyPair pty = PtyPair.start(dir);
        SerialBadgeLink link =
            new SerialBadgeLink(
                SerialLinkConfig.forPath(pty.linkPath().toString())
                    .withBackoff(BackoffPolicy.ofMillis(20, 200, 0.1)))) {
      final FrameEncoder encoder = new FrameEncoder();
      final byte[] wire = new byte[64];
      final BadgeRequests requests =
          new BadgeRequests() {
            @Override
            public boolean sendTimeSyncRequest(int badgeId, long correlationId, int linkIndex) {
              encoder.timeSyncRequest(badgeId, 0, 0).correlationId(correlationId);
              final int n = encoder.finish(wire, 0);
              queue.offerTimeSyncSent(badgeId, correlationId, System.nanoTime());
              return link.send(wire, 0, n);
            }

            @Override
            public boolean sendHelloRequest(int badgeId, int linkIndex) {
              return true;
            }
          };
      link.start(ingress);
      Await.until(() -> link.state() == LinkState.CONNECTED, TIMEOUT, "serial link connected");
      dongle.peer = pty.peer();
      dongle.startReader();

      runUntil(
          dongle,
          engine,
          queue,
          requests,
          () -> {
            for (SimBadge b : dongle.badges) {
              final BadgeSession s = engine.session(b.badgeId);
              if (s == null || s.aligner() == null || s.aligner().exchangesAccepted() < 12) {
                return false;
              }
            }
            return true;
          });
      for (SimBadge b : dongle.badges) {
        final BadgeSession s = engine.session(b.badgeId);
        final long ticks = b.ticksAt(System.nanoTime());
        // A PTY delivers within a millisecond or so, even on a busy machine: measured against the
        // badge's true clock, the alignment is inside the 2 ms target.
        assertThat(s.aligner().state()).isIn(SyncState.SYNCING, SyncState.SYNCED);
        assertThat(
                Math.abs(
                    s.aligner().toGatewayNanos(ticks & 0xFFFF_FFFFL) - b.gatewayNsOfTick(ticks)))
            .isLessThan(2.0 * MS);
        assertThat(s.sequences().lost()).isZero();
      }

      // Unplug for a while: the dongle keeps producing, nothing gets through.
      dongle.plugged = false;
      pty.unplug();
      Await.until(() -> link.state() != LinkState.CONNECTED, TIMEOUT, "link noticed the unplug");
      final long unpluggedUntil = System.nanoTime() + 400 * MS;
      while (System.nanoTime() < unpluggedUntil) {
        dongle.work(System.nanoTime());
        engineStep(engine, queue, requests);
        Thread.sleep(10);
      }
      assertThat(dongle.framesNotWritten).isGreaterThan(0);
      pty.replug();
      Await.until(() -> link.state() == LinkState.CONNECTED, TIMEOUT, "link reconnected");
      dongle.peer = pty.peer();
      dongle.plugged = true;
      final long framesBefore = totalAccepted(engine, dongle);
      runUntil(
          dongle,
          engine,
          queue,
          requests,
          () -> totalAccepted(engine, dongle) > framesBefore + 100);
      // Flush: let the reorder window pass the hole so every missing number counts as lost.
      final long flushUntil = System.nanoTime() + 3_000 * MS;
      runUntil(dongle, engine, queue, requests, () -> System.nanoTime() > flushUntil);
      dongle.running = false;

      long lost = 0;
      for (SimBadge b : dongle.badges) {
        final SequenceTracker t = engine.session(b.badgeId).sequences();
        lost += t.lost() + t.missingInWindow();
        assertThat(t.duplicates()).isZero();
      }
      // Every frame written while unplugged is accounted for as lost (a frame cut in half at the
      // unplug, if any, was lost with them; the decoder counted it).
      assertThat(lost).isGreaterThanOrEqualTo(dongle.framesNotWritten);
      assertThat(lost).isLessThanOrEqualTo(dongle.framesNotWritten + 3);
      assertThat(queue.totalDropped()).isZero();
      assertThat(presentCells[0]).isGreaterThan(0);
      for (SimBadge b : dongle.badges) {
        assertThat(engine.session(b.badgeId).samplesPlaced()).isGreaterThan(0);
      }
    }
  }

  private static long totalAccepted(IngestEngine engine, Dongle dongle) {
    long n = 0;
    for (SimBadge b : dongle.badges) {
      n += engine.session(b.badgeId).sequences().accepted();
    }
    return n;
  }

  private interface Condition {
    boolean met();
  }

  private static void runUntil(
      Dongle dongle,
      IngestEngine engine,
      BoundedEventQueue queue,
      BadgeRequests requests,
      Condition done)
      throws Exception {
    final long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!done.met()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "timed out; health: " + Arrays.toString(engine.health(System.nanoTime()).toArray()));
      }
      dongle.work(System.nanoTime());
      engineStep(engine, queue, requests);
      Thread.sleep(2);
    }
  }

  private static void engineStep(IngestEngine engine, BoundedEventQueue queue, BadgeRequests r) {
    final long now = System.nanoTime();
    queue.offerClock(now);
    engine.doWork(queue, Integer.MAX_VALUE, now, r);
  }
}
