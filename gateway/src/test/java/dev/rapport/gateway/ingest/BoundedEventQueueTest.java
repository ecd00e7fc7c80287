package dev.rapport.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.badge.protocol.Frame;
import dev.rapport.badge.protocol.FrameType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BoundedEventQueueTest {

  /** A header-only frame of the given type; bytes 4-7 carry a marker for checking order. */
  private static byte[] frame(int type, int marker) {
    final byte[] f = new byte[Frame.HEADER_LENGTH + 2];
    f[Frame.TYPE_OFFSET] = (byte) type;
    f[Frame.BADGE_ID_OFFSET] = 1;
    f[4] = (byte) marker;
    f[5] = (byte) (marker >>> 8);
    f[6] = (byte) (marker >>> 16);
    f[7] = (byte) (marker >>> 24);
    return f;
  }

  private static int marker(byte[] b, int off) {
    return (b[off + 4] & 0xFF)
        | (b[off + 5] & 0xFF) << 8
        | (b[off + 6] & 0xFF) << 16
        | (b[off + 7] & 0xFF) << 24;
  }

  /** Records what the queue hands over. */
  static final class Recorder implements IngestEventHandler {
    final List<String> events = new ArrayList<>();

    @Override
    public void onFrame(int linkIndex, long receiveNs, byte[] buffer, int offset, int length) {
      events.add(
          "frame link="
              + linkIndex
              + " t="
              + receiveNs
              + " type="
              + (buffer[offset + 1] & 0xFF)
              + " marker="
              + marker(buffer, offset)
              + " len="
              + length);
    }

    @Override
    public void onTimeSyncSent(int badgeId, long correlationId, long t1Ns) {
      events.add("sent badge=" + badgeId + " id=" + correlationId + " t1=" + t1Ns);
    }

    @Override
    public void onClock(long nowNs) {
      events.add("clock " + nowNs);
    }
  }

  @Test
  void shouldRefuseWhenFullAndCountEveryDropByCause() {
    final BoundedEventQueue q = new BoundedEventQueue(4);
    for (int i = 0; i < 4; i++) {
      assertThat(q.offerFrame(0, i, frame(FrameType.ACCEL, i), 0, 12)).isTrue();
    }
    assertThat(q.offerFrame(0, 9, frame(FrameType.ACCEL, 9), 0, 12)).isFalse();
    assertThat(q.offerFrame(0, 9, frame(FrameType.ACCEL, 9), 0, 12)).isFalse();
    assertThat(q.offerFrame(0, 9, frame(FrameType.STATUS, 9), 0, 12)).isFalse();
    assertThat(q.offerTimeSyncSent(7, 3, 100)).isFalse();
    assertThat(q.droppedFrames(FrameType.ACCEL)).isEqualTo(2);
    assertThat(q.droppedFrames(FrameType.STATUS)).isEqualTo(1);
    assertThat(q.droppedTimeSyncSent()).isEqualTo(1);
    assertThat(q.totalDropped()).isEqualTo(4);
    assertThat(q.offered()).isEqualTo(8);
    assertThat(q.describeDrops())
        .isEqualTo("dropped (queue full): ACCEL=2 STATUS=1 TIME_SYNC_SENT=1");
    // Room again after the consumer takes some.
    final Recorder r = new Recorder();
    assertThat(q.drain(r, 2)).isEqualTo(2);
    assertThat(q.offerFrame(0, 10, frame(FrameType.HELLO, 10), 0, 12)).isTrue();
    assertThat(q.size()).isEqualTo(3);
  }

  @Test
  void shouldSayNoDropsWhenThereWereNone() {
    assertThat(new BoundedEventQueue(2).describeDrops()).isEqualTo("dropped (queue full): none");
  }

  @Test
  void shouldDeliverEventsInOrderWithTheirTimesThenTheNewestClock() {
    final BoundedEventQueue q = new BoundedEventQueue(8);
    q.offerClock(50);
    q.offerFrame(2, 100, frame(FrameType.ACCEL, 1), 0, 12);
    q.offerTimeSyncSent(0x00a1, 42, 150);
    q.offerClock(300);
    q.offerClock(200); // older: ignored
    q.offerFrame(3, 250, frame(FrameType.STATUS, 2), 0, 11);
    final Recorder r = new Recorder();
    assertThat(q.drain(r, 100)).isEqualTo(4);
    assertThat(r.events)
        .containsExactly(
            "frame link=2 t=100 type=2 marker=1 len=12",
            "sent badge=161 id=42 t1=150",
            "frame link=3 t=250 type=4 marker=2 len=11",
            "clock 300");
    // the clock is handed over once per move
    assertThat(q.drain(r, 100)).isZero();
  }

  @Test
  void shouldRejectFramesOfImpossibleLengthNamingIt() {
    final BoundedEventQueue q = new BoundedEventQueue(2);
    assertThatThrownBy(() -> q.offerFrame(0, 0, new byte[300], 0, 300))
        .hasMessageContaining("length=300");
    assertThatThrownBy(() -> new BoundedEventQueue(3)).hasMessageContaining("capacity=3");
  }

  @Test
  void shouldAccountForEveryFrameUnderConcurrentProducers() throws Exception {
    final BoundedEventQueue q = new BoundedEventQueue(64);
    final int producers = 4;
    final int perProducer = 50_000;
    final CountDownLatch start = new CountDownLatch(1);
    final CountDownLatch done = new CountDownLatch(producers);
    final AtomicLong accepted = new AtomicLong();
    final List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      final int producer = p;
      final Thread t =
          new Thread(
              () -> {
                final byte[] f = frame(FrameType.ACCEL, 0);
                try {
                  start.await();
                  for (int i = 0; i < perProducer; i++) {
                    final int marker = producer << 24 | i;
                    f[4] = (byte) marker;
                    f[5] = (byte) (marker >>> 8);
                    f[6] = (byte) (marker >>> 16);
                    f[7] = (byte) (marker >>> 24);
                    if (q.offerFrame(producer, i, f, 0, f.length)) {
                      accepted.incrementAndGet();
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  done.countDown();
                }
              },
              "producer-" + p);
      threads.add(t);
      t.start();
    }
    final int[] lastSeen = new int[producers];
    java.util.Arrays.fill(lastSeen, -1);
    final AtomicBoolean outOfOrder = new AtomicBoolean();
    final long[] received = new long[1];
    final IngestEventHandler consumer =
        new IngestEventHandler() {
          @Override
          public void onFrame(int linkIndex, long receiveNs, byte[] b, int off, int len) {
            final int m = marker(b, off);
            final int producer = m >>> 24;
            final int i = m & 0xFFFFFF;
            if (producer != linkIndex || i != receiveNs || i <= lastSeen[producer]) {
              outOfOrder.set(true);
            }
            lastSeen[producer] = i;
            received[0]++;
          }

          @Override
          public void onTimeSyncSent(int badgeId, long correlationId, long t1Ns) {}

          @Override
          public void onClock(long nowNs) {}
        };
    start.countDown();
    while (done.getCount() > 0) {
      q.drain(consumer, 32);
    }
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    while (q.drain(consumer, 1024) > 0) {
      // drain what is left
    }
    assertThat(outOfOrder.get()).as("per-producer order and slot contents").isFalse();
    assertThat(received[0]).isEqualTo(accepted.get());
    assertThat(received[0] + q.totalDropped()).isEqualTo((long) producers * perProducer);
    assertThat(q.droppedFrames(FrameType.ACCEL)).isEqualTo(q.totalDropped());
    for (Thread t : threads) {
      t.join(10_000);
    }
  }

  @Test
  void shouldNotAllocateOnOfferAndDrain() {
    final BoundedEventQueue q = new BoundedEventQueue(16);
    final byte[] f = frame(FrameType.ACCEL, 1);
    final long[] sum = new long[1];
    final IngestEventHandler h =
        new IngestEventHandler() {
          @Override
          public void onFrame(int linkIndex, long receiveNs, byte[] b, int off, int len) {
            sum[0] += len + receiveNs;
          }

          @Override
          public void onTimeSyncSent(int badgeId, long correlationId, long t1Ns) {
            sum[0] += t1Ns;
          }

          @Override
          public void onClock(long nowNs) {
            sum[0] += nowNs;
          }
        };
    // Warm up (JIT) then measure. One allocation per operation would be >= 16 bytes x 400 000;
    // the JVM itself may allocate a few hundred bytes on the thread once (deoptimisation), which
    // the bound allows.
    for (int round = 0; round < 3; round++) {
      final long before = ThreadAllocations.bytes();
      for (int i = 0; i < 100_000; i++) {
        q.offerFrame(0, i, f, 0, f.length);
        q.offerTimeSyncSent(1, i, i);
        q.offerClock(i);
        q.offerFrame(0, i, f, 0, f.length);
        q.drain(h, 8);
      }
      final long allocated = ThreadAllocations.bytes() - before;
      if (round == 2) {
        assertThat(allocated).isLessThan(4_000);
      }
    }
    assertThat(sum[0]).isPositive();
  }
}
