package dev.rapport.badge.transport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.transport.BadgeLink;
import dev.rapport.badge.transport.LinkListener;
import dev.rapport.badge.transport.LinkState;
import org.junit.jupiter.api.Test;

class InMemoryBadgeLinkTest {

  @Test
  void shouldDeliverReceivedBytesWithTheGivenTimeAndKeepSends() {
    final InMemoryBadgeLink link = new InMemoryBadgeLink("mem:1", () -> 5L, 4);
    final RecordingLinkListener listener = new RecordingLinkListener();
    link.start(listener);
    link.receive(new byte[] {1, 2});
    link.receive(new byte[] {0, 3, 0}, 1, 1, 99L);

    assertThat(listener.bytes()).containsExactly(1, 2, 3);
    assertThat(listener.chunks())
        .extracting(RecordingLinkListener.Chunk::receiveNanos)
        .containsExactly(5L, 99L);
    assertThat(link.send(new byte[] {7, 8, 9}, 0, 3)).isTrue();
    assertThat(link.send(new byte[] {7, 8}, 0, 2)).as("capacity of 4 bytes exceeded").isFalse();
    assertThat(link.sentBytes()).containsExactly(7, 8, 9);
    assertThat(link.counters().sendFailures()).isEqualTo(1);
    assertThat(link.counters().bytesIn()).isEqualTo(3);
  }

  @Test
  void shouldRefuseSendsWhileDisconnectedAndReportStates() {
    final InMemoryBadgeLink link = new InMemoryBadgeLink("mem:2");
    final RecordingLinkListener listener = new RecordingLinkListener();
    link.start(listener);
    link.disconnect("pulled");
    assertThat(link.send(new byte[] {1}, 0, 1)).isFalse();
    link.connect("back");
    link.close();
    assertThat(listener.stateChanges())
        .extracting(RecordingLinkListener.StateChange::state)
        .containsExactly(
            LinkState.CONNECTED, LinkState.DISCONNECTED, LinkState.CONNECTED, LinkState.CLOSED);
    assertThat(listener.stateChanges().get(1).reason()).isEqualTo("pulled");
  }

  @Test
  void shouldCountAndSurviveAThrowingListener() {
    final InMemoryBadgeLink link = new InMemoryBadgeLink("mem:3");
    link.start(
        new LinkListener() {
          @Override
          public void onBytes(BadgeLink l, byte[] buffer, int offset, int length, long nanos) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void onStateChanged(BadgeLink l, LinkState state, String reason) {}
        });
    link.receive(new byte[] {1});
    link.receive(new byte[] {2});
    assertThat(link.counters().listenerErrors()).isEqualTo(2);
    assertThat(link.counters().bytesIn()).isEqualTo(2);
    assertThat(link.state()).isEqualTo(LinkState.CONNECTED);
  }
}
