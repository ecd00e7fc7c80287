package dev.rapport.badge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.protocol.FrameEncoder;
import dev.rapport.badge.protocol.Protocol;
import dev.rapport.badge.transport.testing.PtyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated badges behind a real pseudo-terminal made by socat: the runner plays the badges on one
 * end, the test is the gateway on the other.
 */
class SerialBadgeRunnerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private static BadgeFleet fleet() {
    return BadgeFleet.create(
        SimConfig.builder().seed(77).badgeCount(4).build(), BadgeFleetConfig.defaults());
  }

  @Test
  @Timeout(60)
  void shouldWriteTheSameBytesThroughAPtyAsInMemory() throws Exception {
    WireCapture expected = new WireCapture(1);
    fleet().advanceTo(5_000_000, expected);
    byte[] expectedBytes = expected.bytes(0);

    try (PtyPair pty = PtyPair.start(dir)) {
      PtyPair.PtyPeer gateway = pty.peer();
      try (SerialBadgeRunner runner =
          new SerialBadgeRunner(fleet(), List.of(pty.linkPath()), System::nanoTime)) {
        runner.run(5_000_000, false);
        assertThat(runner.bytesWritten()).isEqualTo(expectedBytes.length);
      }
      byte[] received = gateway.awaitReceived(expectedBytes.length, WAIT);

      assertThat(received).isEqualTo(expectedBytes);
      DecodedFrames frames = DecodedFrames.of(received);
      assertThat(frames.errors).isEmpty();
      assertThat(frames.hellos).hasSize(4);
      assertThat(frames.accels).hasSizeGreaterThan(4 * 20);
    }
  }

  @Test
  @Timeout(60)
  void shouldAnswerTimeSyncThroughThePtyInRealTime() throws Exception {
    try (PtyPair pty = PtyPair.start(dir)) {
      PtyPair.PtyPeer gateway = pty.peer();
      BadgeFleet fleet = fleet();
      try (SerialBadgeRunner runner =
          new SerialBadgeRunner(fleet, List.of(pty.linkPath()), System::nanoTime)) {
        CompletableFuture<Void> playing =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    runner.run(60_000_000, true);
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
        gateway.awaitReceived(1, WAIT); // the badges have booted

        FrameEncoder host = new FrameEncoder();
        byte[] request = new byte[Protocol.MAX_WIRE_LENGTH];
        host.timeSyncRequest(3, 0, 0).correlationId(4242);
        int n = host.finish(request, 0);
        gateway.write(java.util.Arrays.copyOf(request, n));

        DecodedFrames.SyncResponse response = awaitSyncResponse(gateway, 4242);
        runner.stop();
        playing.get(10, TimeUnit.SECONDS);

        assertThat(response.badgeId()).isEqualTo(3);
        assertThat(runner.hostBytesRead()).isEqualTo(n);
        assertThat(fleet.badge(3).timeSyncsAnswered()).isEqualTo(1);
        // The exchange happened inside the session so far, on badge 3's clock.
        BadgeClock clock = fleet.badge(3).clock();
        long sinceStart = (response.receiveTick() - clock.ticksU32At(0)) & 0xFFFF_FFFFL;
        long endTicks = clock.ticksAt(fleet.timeUs()) - clock.ticksAt(0);
        assertThat(sinceStart).isBetween(1L, endTicks);
        assertThat(fleet.timeUs()).isLessThan(60_000_000);
      }
    }
  }

  /**
   * The property clock alignment rests on (docs/clock.md): a badge may stamp late, never early. The
   * test is the gateway: it reads its clock before writing each request (t1) and after the answer
   * arrived (t4). On the runner's clock, the badge's receive tick may not end before t1 and its
   * send tick may not begin after t4. The link adds no delay, so a request stamped with an earlier
   * step's time would show at once.
   */
  @Test
  @Timeout(60)
  void shouldStampTimeSyncRequestsNoEarlierThanTheyWereWritten() throws Exception {
    BadgeFleet fleet =
        BadgeFleet.create(
            SimConfig.builder().seed(78).badgeCount(4).build(),
            BadgeFleetConfig.builder().impairments(LinkImpairments.NONE).build());
    int requests = 40;
    long[] writtenNs = new long[requests];
    long[] answeredNs = new long[requests];
    DecodedFrames.SyncResponse[] responses = new DecodedFrames.SyncResponse[requests];
    try (PtyPair pty = PtyPair.start(dir)) {
      PtyPair.PtyPeer gateway = pty.peer();
      try (SerialBadgeRunner runner =
          new SerialBadgeRunner(fleet, List.of(pty.linkPath()), System::nanoTime)) {
        CompletableFuture<Void> playing =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    runner.run(60_000_000, true);
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
        gateway.awaitReceived(1, WAIT);
        FrameEncoder host = new FrameEncoder();
        byte[] request = new byte[Protocol.MAX_WIRE_LENGTH];
        for (int i = 0; i < requests; i++) {
          host.timeSyncRequest(1 + i % 4, 0, 0).correlationId(1000 + i);
          int n = host.finish(request, 0);
          writtenNs[i] = System.nanoTime(); // t1: read before the request is handed over
          gateway.write(java.util.Arrays.copyOf(request, n));
          responses[i] = awaitSyncResponse(gateway, 1000 + i);
          answeredNs[i] = System.nanoTime(); // t4: the answer had been read by now
        }
        runner.stop();
        playing.get(10, TimeUnit.SECONDS);

        long originNs = runner.sessionOriginNs();
        for (int i = 0; i < requests; i++) {
          DecodedFrames.SyncResponse r = responses[i];
          BadgeClock clock = fleet.badge(r.badgeId()).clock();
          long nearUs = (answeredNs[i] - originNs) / 1_000L;
          // The counter showed receiveTick when the request arrived: the next tick had not begun.
          long receiveEndNs =
              originNs
                  + (long)
                      Math.floor(
                          clock.trueTimeUsOfTick(unwrap(clock, r.receiveTick(), nearUs) + 1)
                              * 1_000);
          long sendStartNs =
              originNs
                  + (long)
                      Math.ceil(
                          clock.trueTimeUsOfTick(unwrap(clock, r.sendTick(), nearUs)) * 1_000);
          assertThat(receiveEndNs)
              .as("request %d to badge %d: receive tick ends after it was written", i, r.badgeId())
              .isGreaterThanOrEqualTo(writtenNs[i]);
          assertThat(sendStartNs)
              .as(
                  "request %d to badge %d: send tick begins before the answer was read",
                  i, r.badgeId())
              .isLessThanOrEqualTo(answeredNs[i]);
        }
        assertThat(runner.hostBytesRead()).isPositive();
        long answered = 0;
        for (int id = 1; id <= 4; id++) {
          answered += fleet.badge(id).timeSyncsAnswered();
        }
        assertThat(answered).isEqualTo(requests);
      }
    }
  }

  /** The unwrapped counter value of {@code tickU32} nearest the counter at {@code nearUs}. */
  private static long unwrap(BadgeClock clock, long tickU32, long nearUs) {
    long near = clock.ticksAt(nearUs);
    return near + (int) ((tickU32 - near) & 0xFFFF_FFFFL);
  }

  @Test
  void shouldWriteToAPlainFileAsFastAsPossible() throws Exception {
    Path file = dir.resolve("badges.bin");
    Files.createFile(file);
    try (SerialBadgeRunner runner =
        new SerialBadgeRunner(fleet(), List.of(file), System::nanoTime)) {
      runner.run(10_100_000, false);
    }

    DecodedFrames frames = DecodedFrames.of(Files.readAllBytes(file));
    assertThat(frames.errors).isEmpty();
    // STATUS at boot and after 10 s, from each of the four badges.
    assertThat(frames.statuses).hasSize(4 * 2);
  }

  private static DecodedFrames.SyncResponse awaitSyncResponse(PtyPair.PtyPeer gateway, long id)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    int seen = gateway.received().length;
    while (System.nanoTime() < deadline) {
      for (DecodedFrames.SyncResponse r : DecodedFrames.of(gateway.received()).syncs) {
        if (r.correlationId() == id) {
          return r;
        }
      }
      // Block until more bytes arrive (the badges stream continuously), never a bare sleep.
      seen = gateway.awaitReceived(seen + 1, WAIT).length;
    }
    throw new AssertionError("no TIME_SYNC_RESPONSE with correlationId=" + id + " within " + WAIT);
  }
}
