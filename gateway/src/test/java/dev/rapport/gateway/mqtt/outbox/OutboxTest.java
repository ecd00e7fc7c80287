package dev.rapport.gateway.mqtt.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
  @TempDir Path dir;
  final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

  OutboxSettings settings() {
    return new OutboxSettings(dir, 1024 * 1024, 16 * 1024, FsyncPolicy.BATCH, 1_000, 1_000);
  }

  Outbox open(OutboxSettings s) throws IOException {
    return Outbox.open(s, clock::get);
  }

  static byte[] body(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static long append(Outbox box, String topic, String text) throws IOException {
    return box.append(topic, 1, false, false, seq -> body(text));
  }

  static List<OutboxRecord> drain(Outbox box) throws IOException {
    List<OutboxRecord> out = new ArrayList<>();
    for (OutboxRecord r = box.next(); r != null; r = box.next()) {
      out.add(r);
    }
    return out;
  }

  List<Path> segmentFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
    }
  }

  @Test
  void shouldHandOutRecordsInOrderAndDeleteSegmentsOnceAcknowledged() throws IOException {
    try (Outbox box = open(settings())) {
      for (int i = 0; i < 200; i++) {
        assertThat(append(box, "t/" + (i % 3), "message-" + i + "-" + "x".repeat(200)))
            .isEqualTo(i);
      }
      assertThat(segmentFiles()).hasSizeGreaterThan(2);
      List<OutboxRecord> out = drain(box);
      assertThat(out).hasSize(200);
      for (int i = 0; i < 200; i++) {
        OutboxRecord r = out.get(i);
        assertThat(r.index()).isEqualTo(i);
        assertThat(r.topic()).isEqualTo("t/" + (i % 3));
        assertThat(new String(r.payload(), StandardCharsets.UTF_8))
            .startsWith("message-" + i + "-");
        assertThat(r.qos()).isEqualTo(1);
        assertThat(r.seq()).isEqualTo(-1);
        assertThat(r.createdMs()).isEqualTo(clock.get());
        box.acknowledge(r.index());
      }
      assertThat(box.pendingRecords()).isZero();
      assertThat(segmentFiles()).hasSize(1);
      OutboxMetrics m = box.metrics();
      assertThat(m.enqueued()).isEqualTo(200);
      assertThat(m.delivered()).isEqualTo(200);
      assertThat(m.droppedBudget()).isZero();
      assertThat(m.redelivered()).isZero();
    }
  }

  @Test
  void shouldResumeFromCursorAfterCleanReopen() throws IOException {
    try (Outbox box = open(settings())) {
      for (int i = 0; i < 50; i++) {
        append(box, "t", "m" + i);
      }
      for (int i = 0; i < 20; i++) {
        box.acknowledge(box.next().index());
      }
    }
    try (Outbox box = open(settings())) {
      assertThat(box.pendingRecords()).isEqualTo(30);
      List<OutboxRecord> rest = drain(box);
      assertThat(rest).extracting(OutboxRecord::index).first().isEqualTo(20L);
      assertThat(rest)
          .extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
          .first()
          .isEqualTo("m20");
      assertThat(rest).hasSize(30);
      assertThat(append(box, "t", "after")).isEqualTo(50);
    }
  }

  @Test
  void shouldKeepEveryUnacknowledgedRecordAfterCrash() throws IOException {
    OutboxSettings s =
        new OutboxSettings(dir, 1024 * 1024, 16 * 1024, FsyncPolicy.BATCH, 1_000, 60_000);
    Outbox box = open(s);
    for (int i = 0; i < 300; i++) {
      append(box, "t", "m" + i + "x".repeat(100));
    }
    for (int i = 0; i < 120; i++) {
      box.acknowledge(box.next().index());
    }
    box.abandon();

    try (Outbox again = open(s)) {
      List<OutboxRecord> rest = drain(again);
      // The cursor was never persisted (interval 60 s), but delivered segments were deleted:
      // resending starts at the oldest surviving record, and every unacknowledged one is there.
      assertThat(rest.get(0).index()).isLessThanOrEqualTo(120L);
      assertThat(rest.get(rest.size() - 1).index()).isEqualTo(299L);
      for (int i = 1; i < rest.size(); i++) {
        assertThat(rest.get(i).index()).isEqualTo(rest.get(i - 1).index() + 1);
      }
    }
  }

  @Test
  void shouldCutTornTailAndKeepAppending() throws IOException {
    Outbox box = open(settings());
    for (int i = 0; i < 10; i++) {
      append(box, "t", "record-" + i);
    }
    box.abandon();
    Path seg = segmentFiles().get(0);
    long size = Files.size(seg);
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.setLength(size - 5); // the last record lost its final bytes, as a power cut leaves it
    }

    try (Outbox again = open(settings())) {
      assertThat(again.recoveredDiscardedBytes()).isPositive();
      assertThat(again.pendingRecords()).isEqualTo(9);
      assertThat(append(again, "t", "record-9-again")).isEqualTo(9);
    }
    try (Outbox third = open(settings())) {
      List<OutboxRecord> all = drain(third);
      assertThat(all).hasSize(10);
      assertThat(new String(all.get(9).payload(), StandardCharsets.UTF_8))
          .isEqualTo("record-9-again");
      assertThat(third.recoveredDiscardedBytes()).isZero();
    }
  }

  @Test
  void shouldIgnoreZeroedAndGarbageTail() throws IOException {
    Outbox box = open(settings());
    for (int i = 0; i < 5; i++) {
      append(box, "t", "record-" + i);
    }
    box.abandon();
    Path seg = segmentFiles().get(0);
    // ext4 can leave zeroed blocks after a crash; a stray write leaves anything at all.
    Files.write(seg, new byte[4096], java.nio.file.StandardOpenOption.APPEND);
    Files.write(seg, body("garbage that is not a frame"), java.nio.file.StandardOpenOption.APPEND);

    try (Outbox again = open(settings())) {
      assertThat(again.recoveredDiscardedBytes()).isEqualTo(4096 + 27);
      assertThat(drain(again)).extracting(OutboxRecord::index).containsExactly(0L, 1L, 2L, 3L, 4L);
    }
  }

  @Test
  void shouldStopAtCorruptRecordInsteadOfSendingIt() throws IOException {
    Outbox box = open(settings());
    List<Long> ends = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      append(box, "t", "record-" + i);
      ends.add(Files.size(segmentFiles().get(0)));
    }
    box.abandon();
    Path seg = segmentFiles().get(0);
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      long inRecord5 = ends.get(4) + 20;
      f.seek(inRecord5);
      int b = f.read();
      f.seek(inRecord5);
      f.write(b ^ 0x40); // one flipped bit fails the CRC
    }
    try (Outbox again = open(settings())) {
      assertThat(drain(again)).extracting(OutboxRecord::index).containsExactly(0L, 1L, 2L, 3L, 4L);
      assertThat(again.recoveredDiscardedBytes()).isEqualTo(ends.get(7) - ends.get(4));
    }
  }

  @Test
  void shouldDropOldestSegmentsWhenBudgetIsFullAndCountThem() throws IOException {
    OutboxSettings s =
        new OutboxSettings(dir, 64 * 1024, 8 * 1024, FsyncPolicy.NEVER, 1_000, 1_000);
    try (Outbox box = open(s)) {
      int n = 400;
      for (int i = 0; i < n; i++) {
        append(box, "t", "m" + i + "-" + "y".repeat(500));
      }
      OutboxMetrics m = box.metrics();
      assertThat(m.droppedBudget()).isPositive();
      assertThat(m.pendingBytes()).isLessThanOrEqualTo(64 * 1024);
      assertThat(m.pendingRecords() + m.droppedBudget()).isEqualTo(n);
      List<OutboxRecord> left = drain(box);
      assertThat(left).hasSize((int) m.pendingRecords());
      // Drop-oldest: what is left is the newest, contiguous up to the last append.
      assertThat(left.get(0).index()).isEqualTo(m.droppedBudget());
      assertThat(left.get(left.size() - 1).index()).isEqualTo(n - 1);
    }
  }

  @Test
  void shouldNotCountDeliveredRecordsAsDroppedWhenTheirSegmentGoes() throws IOException {
    OutboxSettings s =
        new OutboxSettings(dir, 64 * 1024, 8 * 1024, FsyncPolicy.NEVER, 1_000, 1_000);
    try (Outbox box = open(s)) {
      for (int i = 0; i < 400; i++) {
        long index = append(box, "t", "m" + i + "-" + "y".repeat(500));
        box.acknowledge(box.next().index());
        assertThat(index).isEqualTo(i);
      }
      assertThat(box.metrics().droppedBudget()).isZero();
      assertThat(box.metrics().delivered()).isEqualTo(400);
    }
  }

  @Test
  void shouldContinueSequenceNumbersAcrossRestartsAndDeletedSegments() throws IOException {
    try (Outbox box = open(settings())) {
      for (int i = 1; i <= 300; i++) {
        long[] seen = new long[1];
        box.append(
            "dyad/a/b",
            1,
            false,
            true,
            seq -> {
              seen[0] = seq;
              return body("s" + seq + "x".repeat(100));
            });
        assertThat(seen[0]).isEqualTo(i);
        box.append("other", 1, false, false, seq -> body("unsequenced " + seq));
      }
      drain(box).forEach(r -> ackUnchecked(box, r.index()));
      assertThat(box.pendingRecords()).isZero();
    }
    try (Outbox box = open(settings())) {
      assertThat(box.lastSeq("dyad/a/b")).isEqualTo(300);
      assertThat(box.lastSeq("dyad/c/d")).isZero();
      box.append("dyad/a/b", 1, false, true, seq -> body("s" + seq));
      box.append("dyad/a/b", 1, false, true, seq -> body("s" + seq));
      box.abandon(); // a crash: the sequence file still says 300
    }
    try (Outbox box = open(settings())) {
      // The two records still on disk carry 301 and 302; recovery takes the larger.
      assertThat(box.lastSeq("dyad/a/b")).isEqualTo(302);
      List<OutboxRecord> rest = drain(box);
      assertThat(rest).extracting(OutboxRecord::seq).containsExactly(301L, 302L);
    }
  }

  private static void ackUnchecked(Outbox box, long index) {
    try {
      box.acknowledge(index);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void shouldRewindToFirstUnacknowledgedAndCountRedeliveries() throws IOException {
    try (Outbox box = open(settings())) {
      for (int i = 0; i < 10; i++) {
        append(box, "t", "m" + i);
      }
      List<OutboxRecord> first = drain(box);
      box.acknowledge(first.get(0).index());
      box.acknowledge(first.get(1).index());
      box.rewind();
      List<OutboxRecord> again = drain(box);
      assertThat(again)
          .extracting(OutboxRecord::index)
          .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
      assertThat(box.metrics().redelivered()).isEqualTo(8);
    }
  }

  @Test
  void shouldWaitForOlderRecordBeforeAdvancingOnOutOfOrderAcks() throws IOException {
    try (Outbox box = open(settings())) {
      for (int i = 0; i < 5; i++) {
        append(box, "t", "m" + i);
      }
      drain(box);
      box.acknowledge(2);
      box.acknowledge(1);
      assertThat(box.pendingRecords()).isEqualTo(3);
      box.rewind();
      // 1 and 2 are delivered; only 0, 3 and 4 go out again.
      assertThat(drain(box)).extracting(OutboxRecord::index).containsExactly(0L, 3L, 4L);
      box.acknowledge(0);
      assertThat(box.pendingRecords()).isEqualTo(2);
      box.acknowledge(0); // a duplicate PUBACK changes nothing
      assertThat(box.metrics().delivered()).isEqualTo(3);
    }
  }

  @Test
  void shouldPutBackRecordTheClientRefused() throws IOException {
    try (Outbox box = open(settings())) {
      append(box, "t", "a");
      append(box, "t", "b");
      OutboxRecord a = box.next();
      box.unread(a.index());
      assertThat(drain(box)).extracting(OutboxRecord::index).containsExactly(0L, 1L);
      assertThat(box.metrics().redelivered()).isZero();
    }
  }

  @Test
  void shouldRejectMessageLargerThanASegment() throws IOException {
    try (Outbox box = open(settings())) {
      assertThatThrownBy(() -> box.append("t", 1, false, false, s -> new byte[20 * 1024]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("payloadBytes=20480");
      assertThat(box.metrics().enqueued()).isZero();
    }
  }

  @Test
  void shouldRejectSettingsThatCannotWork() {
    assertThatThrownBy(() -> new OutboxSettings(dir, 1000, 100, FsyncPolicy.BATCH, 10, 10))
        .hasMessageContaining("maxBytes=1000");
    assertThatThrownBy(
            () -> new OutboxSettings(dir, 64 * 1024, 32 * 1024, FsyncPolicy.BATCH, 10, 10))
        .hasMessageContaining("segmentBytes=32768");
    assertThatThrownBy(() -> FsyncPolicy.parse("sometimes"))
        .hasMessageContaining("fsync=sometimes");
    assertThat(OutboxSettings.of(dir, 64 * 1024, FsyncPolicy.ALWAYS).segmentBytes())
        .isEqualTo(4 * 1024);
  }
}
