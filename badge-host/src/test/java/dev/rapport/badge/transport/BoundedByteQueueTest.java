package dev.rapport.badge.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BoundedByteQueueTest {

  @Test
  void shouldRefuseAWholeMessageThatDoesNotFitAndKeepWhatIsQueued() throws Exception {
    final BoundedByteQueue queue = new BoundedByteQueue(8);
    assertThat(queue.offer(new byte[] {1, 2, 3, 4, 5}, 0, 5)).isTrue();
    assertThat(queue.offer(new byte[] {6, 7, 8, 9}, 0, 4)).isFalse();
    assertThat(queue.size()).isEqualTo(5);
    final byte[] out = new byte[8];
    assertThat(queue.poll(out, 8, 0)).isEqualTo(5);
    assertThat(Arrays.copyOf(out, 5)).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void shouldKeepOrderAcrossTheWrapAround() throws Exception {
    final BoundedByteQueue queue = new BoundedByteQueue(7);
    final byte[] out = new byte[7];
    byte next = 0;
    byte expected = 0;
    for (int round = 0; round < 50; round++) {
      final byte[] message = new byte[1 + round % 5];
      for (int i = 0; i < message.length; i++) {
        message[i] = next++;
      }
      assertThat(queue.offer(message, 0, message.length)).isTrue();
      final int count = queue.poll(out, 3 + round % 4, 0);
      for (int i = 0; i < count; i++) {
        assertThat(out[i]).isEqualTo(expected++);
      }
      while (queue.size() > 0) {
        final int more = queue.poll(out, 7, 0);
        for (int i = 0; i < more; i++) {
          assertThat(out[i]).isEqualTo(expected++);
        }
      }
    }
    assertThat(expected).isEqualTo(next);
  }

  @Test
  void shouldReturnZeroAfterTheTimeoutWhenEmpty() throws Exception {
    final BoundedByteQueue queue = new BoundedByteQueue(4);
    final long startNs = System.nanoTime();
    assertThat(queue.poll(new byte[4], 4, TimeUnit.MILLISECONDS.toNanos(20))).isZero();
    assertThat(System.nanoTime() - startNs)
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
  }

  @Test
  void shouldWakeAWaitingPollerWhenBytesArrive() throws Exception {
    final BoundedByteQueue queue = new BoundedByteQueue(4);
    final Thread producer = new Thread(() -> queue.offer(new byte[] {7}, 0, 1), "producer");
    producer.start();
    final byte[] out = new byte[4];
    assertThat(queue.poll(out, 4, TimeUnit.SECONDS.toNanos(10))).isEqualTo(1);
    assertThat(out[0]).isEqualTo((byte) 7);
    producer.join();
  }

  @Test
  void shouldReportHowManyBytesClearDropped() {
    final BoundedByteQueue queue = new BoundedByteQueue(16);
    queue.offer(new byte[10], 0, 10);
    assertThat(queue.clear()).isEqualTo(10);
    assertThat(queue.size()).isZero();
  }
}
