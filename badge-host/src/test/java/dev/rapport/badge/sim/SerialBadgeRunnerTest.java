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
