package dev.rapport.badge.transport.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.badge.transport.BackoffPolicy;
import dev.rapport.badge.transport.LinkState;
import dev.rapport.badge.transport.testing.Await;
import dev.rapport.badge.transport.testing.PtyPair;
import dev.rapport.badge.transport.testing.RecordingLinkListener;
import dev.rapport.badge.transport.testing.RecordingLinkListener.StateChange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serial link against real pseudo-terminals made by socat; killing socat is the unplug. */
class SerialBadgeLinkTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final BackoffPolicy FAST_RETRY = BackoffPolicy.ofMillis(20, 200, 0.2);

  @TempDir Path dir;

  private SerialBadgeLink newLink(Path path) {
    return new SerialBadgeLink(
        SerialLinkConfig.forPath(path.toString()).withBackoff(FAST_RETRY),
        System::nanoTime,
        new SplittableRandom(7));
  }

  @Test
  void shouldCarryBothDirectionsAtOnceWithoutLosingOrReorderingBytes() throws Exception {
    final byte[] fromBadge = randomBytes(256 * 1024, 1);
    final byte[] toBadge = randomBytes(32 * 1024, 2);
    try (PtyPair pty = PtyPair.start(dir);
        SerialBadgeLink link = newLink(pty.linkPath())) {
      final RecordingLinkListener listener = new RecordingLinkListener();
      link.start(listener);
      listener.awaitState(LinkState.CONNECTED, 1, TIMEOUT);
      final PtyPair.PtyPeer badge = pty.peer();

      final Thread badgeWriter =
          new Thread(
              () -> {
                try {
                  for (int offset = 0; offset < fromBadge.length; offset += 1000) {
                    final int length = Math.min(1000, fromBadge.length - offset);
                    final byte[] chunk = new byte[length];
                    System.arraycopy(fromBadge, offset, chunk, 0, length);
                    badge.write(chunk);
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      badgeWriter.start();
      int sent = 0;
      while (sent < toBadge.length) {
        final int length = Math.min(97, toBadge.length - sent);
        if (link.send(toBadge, sent, length)) {
          sent += length;
        } else {
          // The queue is full: let the writer drain it, bounded by what arrives at the badge.
          badge.awaitReceived(sent - 4096, TIMEOUT);
        }
      }
      badgeWriter.join(TIMEOUT.toMillis());

      assertThat(listener.awaitBytes(fromBadge.length, TIMEOUT)).isEqualTo(fromBadge);
      assertThat(badge.awaitReceived(toBadge.length, TIMEOUT)).isEqualTo(toBadge);
      assertThat(link.counters().bytesIn()).isEqualTo(fromBadge.length);
      // Counted once writeBytes returned, which may be just after the badge side read them.
      Await.until(
          () -> link.counters().bytesOut() == toBadge.length,
          TIMEOUT,
          "bytesOut=" + toBadge.length);
      assertThat(link.id()).isEqualTo("serial:" + pty.linkPath());
    }
  }

  @Test
  void shouldReportLossPromptlyAndResumeWhenTheDeviceComesBack() throws Exception {
    try (PtyPair pty = PtyPair.start(dir);
        SerialBadgeLink link = newLink(pty.linkPath())) {
      final RecordingLinkListener listener = new RecordingLinkListener();
      link.start(listener);
      listener.awaitState(LinkState.CONNECTED, 1, TIMEOUT);
      pty.peer().write(new byte[] {1, 2, 3});
      listener.awaitBytes(3, TIMEOUT);

      final long unplugNs = System.nanoTime();
      pty.unplug();
      final StateChange lost = listener.awaitState(LinkState.DISCONNECTED, 1, TIMEOUT);
      final long detectMs = (System.nanoTime() - unplugNs) / 1_000_000;
      System.out.println("serial unplug detected after " + detectMs + " ms: " + lost.reason());
      assertThat(detectMs).as("loss detected promptly").isLessThan(2_000);
      assertThat(lost.reason()).contains("read failed").contains("unplugged");
      assertThat(link.counters().disconnects()).isEqualTo(1);
      assertThat(link.send(new byte[] {9}, 0, 1)).isFalse();
      assertThat(link.counters().sendFailures()).isEqualTo(1);

      final long replugNs = System.nanoTime();
      pty.replug();
      listener.awaitState(LinkState.CONNECTED, 2, TIMEOUT);
      System.out.println(
          "serial reconnected "
              + (System.nanoTime() - replugNs) / 1_000_000
              + " ms after the new PTY existed (backoff 20-200 ms)");
      pty.peer().write(new byte[] {4, 5, 6});
      assertThat(listener.awaitBytes(6, TIMEOUT)).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(link.send(new byte[] {7, 8}, 0, 2)).isTrue();
      assertThat(pty.peer().awaitReceived(2, TIMEOUT)).containsExactly(7, 8);
      assertThat(link.counters().connects()).isEqualTo(2);
    }
  }

  @Test
  void shouldKeepRetryingWhileTheDeviceIsAbsentAndConnectOnceItAppears() throws Exception {
    final Path absent = dir.resolve("badge-link");
    try (SerialBadgeLink link = newLink(absent)) {
      final RecordingLinkListener listener = new RecordingLinkListener();
      link.start(listener);
      final StateChange failed = listener.awaitState(LinkState.DISCONNECTED, 3, TIMEOUT);
      assertThat(failed.reason()).contains("device not present").contains(absent.toString());
      assertThat(link.counters().connectFailures()).isGreaterThanOrEqualTo(3);
      assertThat(link.counters().connects()).isZero();

      try (PtyPair pty = PtyPair.start(dir)) {
        assertThat(pty.linkPath()).isEqualTo(absent);
        listener.awaitState(LinkState.CONNECTED, 1, TIMEOUT);
        pty.peer().write(new byte[] {42});
        assertThat(listener.awaitBytes(1, TIMEOUT)).containsExactly(42);
      }
    }
  }

  @Test
  void shouldStampReceivedBytesWithTheInjectedClock() throws Exception {
    final long fixedNanos = 123_456_789L;
    try (PtyPair pty = PtyPair.start(dir);
        SerialBadgeLink link =
            new SerialBadgeLink(
                SerialLinkConfig.forPath(pty.linkPath().toString()).withBackoff(FAST_RETRY),
                () -> fixedNanos,
                new SplittableRandom(1))) {
      final RecordingLinkListener listener = new RecordingLinkListener();
      link.start(listener);
      listener.awaitState(LinkState.CONNECTED, 1, TIMEOUT);
      pty.peer().write(new byte[] {1});
      listener.awaitBytes(1, TIMEOUT);
      assertThat(listener.chunks())
          .allSatisfy(c -> assertThat(c.receiveNanos()).isEqualTo(fixedNanos));
    }
  }

  @Test
  void shouldReleaseThePortOnCloseSoThatAnotherLinkCanOpenIt() throws Exception {
    try (PtyPair pty = PtyPair.start(dir)) {
      final RecordingLinkListener first = new RecordingLinkListener();
      final SerialBadgeLink firstLink = newLink(pty.linkPath());
      firstLink.start(first);
      first.awaitState(LinkState.CONNECTED, 1, TIMEOUT);

      firstLink.close();
      assertThat(firstLink.state()).isEqualTo(LinkState.CLOSED);
      assertThat(first.count(LinkState.CLOSED)).isEqualTo(1);
      assertThatThrownBy(() -> firstLink.start(new RecordingLinkListener()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("linkId=serial:" + pty.linkPath());

      try (SerialBadgeLink secondLink = newLink(pty.linkPath())) {
        final RecordingLinkListener second = new RecordingLinkListener();
        secondLink.start(second);
        second.awaitState(LinkState.CONNECTED, 1, TIMEOUT);
        pty.peer().write(new byte[] {5});
        assertThat(second.awaitBytes(1, TIMEOUT)).containsExactly(5);
      }
      assertThat(first.bytes()).isEmpty();
    }
  }

  @Test
  void shouldRefuseAndCountSendsBeforeStart() {
    try (SerialBadgeLink link = newLink(dir.resolve("nothing"))) {
      assertThat(link.state()).isEqualTo(LinkState.NEW);
      assertThat(link.send(new byte[] {1, 2}, 0, 2)).isFalse();
      assertThat(link.counters().sendFailures()).isEqualTo(1);
      assertThatThrownBy(() -> link.send(new byte[] {1}, 0, 2))
          .isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  private static byte[] randomBytes(int length, long seed) {
    final byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
