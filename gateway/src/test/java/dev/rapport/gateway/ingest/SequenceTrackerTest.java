package dev.rapport.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.gateway.ingest.SequenceTracker.Verdict;
import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

  @Test
  void shouldAcceptInOrderFramesWithoutLoss() {
    final SequenceTracker t = new SequenceTracker();
    for (int s = 100; s < 200; s++) {
      assertThat(t.onSequence(s)).isEqualTo(Verdict.NEW);
    }
    assertThat(t.received()).isEqualTo(100);
    assertThat(t.lost()).isZero();
    assertThat(t.lossPercent()).isZero();
  }

  @Test
  void shouldCountAGapAsLostAndUndoItWhenTheFrameComesLate() {
    final SequenceTracker t = new SequenceTracker();
    t.onSequence(10);
    t.onSequence(13);
    assertThat(t.lost()).isEqualTo(2);
    assertThat(t.onSequence(12)).isEqualTo(Verdict.LATE);
    assertThat(t.lost()).isEqualTo(1);
    assertThat(t.onSequence(12)).isEqualTo(Verdict.DUPLICATE);
    assertThat(t.onSequence(13)).isEqualTo(Verdict.DUPLICATE);
    assertThat(t.reordered()).isEqualTo(1);
    assertThat(t.duplicates()).isEqualTo(2);
    assertThat(t.lossPercent())
        .isCloseTo(100.0 / 4, org.assertj.core.data.Offset.offset(1e-9)); // 3 received, 1 lost
  }

  @Test
  void shouldFollowTheSixteenBitWrap() {
    final SequenceTracker t = new SequenceTracker();
    t.onSequence(65534);
    assertThat(t.onSequence(65535)).isEqualTo(Verdict.NEW);
    assertThat(t.onSequence(1)).isEqualTo(Verdict.NEW); // 0 missing
    assertThat(t.lost()).isEqualTo(1);
    assertThat(t.onSequence(0)).isEqualTo(Verdict.LATE);
    assertThat(t.onSequence(65535)).isEqualTo(Verdict.DUPLICATE);
    assertThat(t.lost()).isZero();
    assertThat(t.newest()).isEqualTo(1);
  }

  @Test
  void shouldNotUndoALossForAFrameFromBeforeTrackingBegan() {
    final SequenceTracker t = new SequenceTracker();
    t.onSequence(500);
    t.onSequence(501);
    // 499 was never counted lost (tracking began at 500): accepted, loss stays 0.
    assertThat(t.onSequence(499)).isEqualTo(Verdict.LATE);
    assertThat(t.lost()).isZero();
  }

  @Test
  void shouldCallFramesBehindTheWindowTooOld() {
    final SequenceTracker t = new SequenceTracker();
    t.onSequence(5000);
    assertThat(t.onSequence(5000 - SequenceTracker.WINDOW)).isEqualTo(Verdict.TOO_OLD);
    assertThat(t.tooOld()).isEqualTo(1);
  }

  @Test
  void shouldRestartTheNumberingAfterARunOfAscendingTooOldFrames() {
    final SequenceTracker t = new SequenceTracker();
    for (int s = 30_000; s < 30_010; s++) {
      t.onSequence(s);
    }
    // The badge rebooted (numbering from 0) and its HELLO was lost.
    for (int s = 0; s < SequenceTracker.RESYNC_AFTER_TOO_OLD - 1; s++) {
      assertThat(t.onSequence(s)).isEqualTo(Verdict.TOO_OLD);
    }
    assertThat(t.onSequence(SequenceTracker.RESYNC_AFTER_TOO_OLD - 1)).isEqualTo(Verdict.NEW);
    assertThat(t.onSequence(SequenceTracker.RESYNC_AFTER_TOO_OLD)).isEqualTo(Verdict.NEW);
    assertThat(t.resyncs()).isEqualTo(1);
    assertThat(t.lost()).isZero();
  }

  @Test
  void shouldNotRestartOnScatteredStaleFrames() {
    final SequenceTracker t = new SequenceTracker();
    for (int s = 3000; s < 3100; s++) {
      t.onSequence(s);
      if (s % 10 == 0) {
        assertThat(t.onSequence(s - 2000)).isEqualTo(Verdict.TOO_OLD);
      }
    }
    assertThat(t.resyncs()).isZero();
  }

  @Test
  void shouldStartAfreshAfterReset() {
    final SequenceTracker t = new SequenceTracker();
    t.onSequence(700);
    t.reset();
    assertThat(t.onSequence(0)).isEqualTo(Verdict.NEW);
    assertThat(t.onSequence(1)).isEqualTo(Verdict.NEW);
    assertThat(t.lost()).isZero();
  }
}
