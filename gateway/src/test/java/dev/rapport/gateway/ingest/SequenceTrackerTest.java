package dev.rapport.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

  @Test
  void shouldAcceptInOrderFramesWithoutLoss() {
    final SequenceTracker t = new SequenceTracker(8);
    for (int s = 100; s < 200; s++) {
      assertThat(t.onSequence(s)).isEqualTo(SequenceOutcome.NEW);
    }
    assertThat(t.accepted()).isEqualTo(100);
    assertThat(t.lost()).isZero();
    assertThat(t.gaps()).isZero();
    assertThat(t.lossPercent()).isZero();
  }

  @Test
  void shouldCountAGapAsLostOnlyOnceItLeavesTheWindow() {
    final SequenceTracker t = new SequenceTracker(8);
    t.onSequence(10);
    t.onSequence(13); // 11, 12 missing
    assertThat(t.gaps()).isEqualTo(1);
    assertThat(t.missingInWindow()).isEqualTo(2);
    assertThat(t.lost()).isZero();
    for (int s = 14; s <= 20; s++) {
      t.onSequence(s);
    }
    // window is now 13..20: 11 and 12 have left it without arriving
    assertThat(t.lost()).isEqualTo(2);
    assertThat(t.missingInWindow()).isZero();
    assertThat(t.lossPercent())
        .isCloseTo(100.0 * 2 / (9 + 2), org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void shouldAcceptAReorderedFrameOnceAndThenCallItADuplicate() {
    final SequenceTracker t = new SequenceTracker(8);
    t.onSequence(1);
    t.onSequence(3);
    assertThat(t.onSequence(2)).isEqualTo(SequenceOutcome.REORDERED);
    assertThat(t.onSequence(2)).isEqualTo(SequenceOutcome.DUPLICATE);
    assertThat(t.onSequence(3)).isEqualTo(SequenceOutcome.DUPLICATE);
    for (int s = 4; s < 30; s++) {
      t.onSequence(s);
    }
    assertThat(t.lost()).isZero();
    assertThat(t.reordered()).isEqualTo(1);
    assertThat(t.duplicates()).isEqualTo(2);
  }

  @Test
  void shouldDropFramesBehindTheWindowAsLate() {
    final SequenceTracker t = new SequenceTracker(8);
    t.onSequence(100);
    t.onSequence(120); // 101..119 skipped: 101..112 left the window at once
    assertThat(t.lost()).isEqualTo(12);
    assertThat(t.onSequence(105)).isEqualTo(SequenceOutcome.LATE);
    assertThat(t.onSequence(115)).isEqualTo(SequenceOutcome.REORDERED);
    assertThat(t.late()).isEqualTo(1);
    // 105 was counted lost and stays lost: a late frame is never counted twice
    assertThat(t.lost()).isEqualTo(12);
  }

  @Test
  void shouldFollowTheSixteenBitWrap() {
    final SequenceTracker t = new SequenceTracker(16);
    t.onSequence(65533);
    assertThat(t.onSequence(65534)).isEqualTo(SequenceOutcome.NEW);
    assertThat(t.onSequence(65535)).isEqualTo(SequenceOutcome.NEW);
    assertThat(t.onSequence(1)).isEqualTo(SequenceOutcome.NEW); // 0 missing
    assertThat(t.onSequence(0)).isEqualTo(SequenceOutcome.REORDERED);
    assertThat(t.onSequence(65535)).isEqualTo(SequenceOutcome.DUPLICATE);
    assertThat(t.newestUnwrapped()).isEqualTo(65536 + 1);
    for (int s = 2; s < 100; s++) {
      t.onSequence(s);
    }
    assertThat(t.lost()).isZero();
  }

  @Test
  void shouldRestartNumberingAfterARunOfFramesFarBehind() {
    final SequenceTracker t = new SequenceTracker(8);
    for (int s = 5000; s < 5010; s++) {
      t.onSequence(s);
    }
    // The badge restarted at 0 and its HELLO was lost.
    for (int s = 0; s < SequenceTracker.RESYNC_AFTER_LATE_FRAMES - 1; s++) {
      assertThat(t.onSequence(s)).isEqualTo(SequenceOutcome.LATE);
    }
    assertThat(t.onSequence(SequenceTracker.RESYNC_AFTER_LATE_FRAMES - 1))
        .isEqualTo(SequenceOutcome.RESYNCED);
    assertThat(t.onSequence(SequenceTracker.RESYNC_AFTER_LATE_FRAMES))
        .isEqualTo(SequenceOutcome.NEW);
    assertThat(t.resyncs()).isEqualTo(1);
  }

  @Test
  void shouldNotResyncOnScatteredStaleDuplicates() {
    final SequenceTracker t = new SequenceTracker(8);
    for (int s = 1000; s < 1100; s++) {
      t.onSequence(s);
      if (s % 10 == 0) {
        assertThat(t.onSequence(s - 50)).isEqualTo(SequenceOutcome.LATE);
      }
    }
    assertThat(t.resyncs()).isZero();
    assertThat(t.late()).isEqualTo(10);
  }

  @Test
  void shouldRestartAtAHelloSequence() {
    final SequenceTracker t = new SequenceTracker(8);
    t.onSequence(700);
    t.restartAt(0);
    assertThat(t.onSequence(1)).isEqualTo(SequenceOutcome.NEW);
    assertThat(t.lost()).isZero();
  }

  @Test
  void shouldRejectABadWindowNamingIt() {
    assertThatThrownBy(() -> new SequenceTracker(0)).hasMessageContaining("window=0");
  }
}
