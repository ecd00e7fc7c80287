package dev.rapport.badge.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimeSyncSchedulerTest {
  private static final long MS = 1_000_000L;

  @Test
  void shouldAskAtOnceForANewBadge() {
    final TimeSyncScheduler s = new TimeSyncScheduler();
    assertThat(s.isDue(Long.MIN_VALUE)).isTrue();
  }

  @Test
  void shouldSyncFastUntilSyncedAndComfortable() {
    final TimeSyncScheduler s = new TimeSyncScheduler(50 * MS, 1000 * MS, MS);
    s.onRequestSent(0, SyncState.SYNCING, 5 * MS);
    assertThat(s.nextSendAtNs()).isEqualTo(50 * MS);
    assertThat(s.isDue(49 * MS)).isFalse();
    assertThat(s.isDue(50 * MS)).isTrue();
    // SYNCED but the bound is not yet comfortable: still fast
    s.onRequestSent(50 * MS, SyncState.SYNCED, 2 * MS);
    assertThat(s.currentIntervalNs()).isEqualTo(50 * MS);
  }

  @Test
  void shouldDoubleTheIntervalUpToSlowWhenStable() {
    final TimeSyncScheduler s = new TimeSyncScheduler(50 * MS, 1000 * MS, MS);
    long now = 0;
    final long[] expected = {100, 200, 400, 800, 1000, 1000};
    for (long e : expected) {
      s.onRequestSent(now, SyncState.SYNCED, MS / 2);
      assertThat(s.currentIntervalNs()).isEqualTo(e * MS);
      now = s.nextSendAtNs();
    }
  }

  @Test
  void shouldFallBackToFastAtOnceWhenTheBadgeRebooted() {
    final TimeSyncScheduler s = new TimeSyncScheduler(50 * MS, 1000 * MS, MS);
    for (int i = 0; i < 6; i++) {
      s.onRequestSent(i * 1000 * MS, SyncState.SYNCED, MS / 2);
    }
    final long now = 5300 * MS;
    assertThat(s.nextSendAtNs()).isEqualTo(6000 * MS);
    s.onAlignerUpdated(now, SyncState.RESYNC_AFTER_REBOOT, Long.MAX_VALUE);
    assertThat(s.nextSendAtNs()).isEqualTo(now + 50 * MS);
    assertThat(s.currentIntervalNs()).isEqualTo(50 * MS);
  }

  @Test
  void shouldGoSlowAfterItsFastBudgetWhenTheBoundNeverImproves() {
    final TimeSyncScheduler s = new TimeSyncScheduler(50 * MS, 1000 * MS, MS, 5);
    long now = 0;
    for (int i = 0; i < 5; i++) {
      s.onRequestSent(now, SyncState.SYNCING, 3 * MS);
      assertThat(s.currentIntervalNs()).isEqualTo(50 * MS);
      now = s.nextSendAtNs();
    }
    s.onRequestSent(now, SyncState.SYNCING, 3 * MS);
    assertThat(s.currentIntervalNs()).isEqualTo(1000 * MS);
    s.onAlignerUpdated(now + 10 * MS, SyncState.SYNCING, 3 * MS); // no fast burst either
    assertThat(s.nextSendAtNs()).isEqualTo(now + 1000 * MS);
    // a reboot earns a new budget
    s.onAlignerUpdated(now + 20 * MS, SyncState.RESYNC_AFTER_REBOOT, Long.MAX_VALUE);
    assertThat(s.nextSendAtNs()).isEqualTo(now + 70 * MS);
  }

  @Test
  void shouldAllowOneTickMoreErrorForSlowCounters() {
    assertThat(TimeSyncScheduler.forTickRate(1000).comfortableErrorNs())
        .isEqualTo(TimeSyncScheduler.DEFAULT_COMFORTABLE_ERROR_NS + MS);
  }

  @Test
  void shouldCompareDeadlinesWrapSafely() {
    final TimeSyncScheduler s = new TimeSyncScheduler(50 * MS, 1000 * MS, MS);
    s.onRequestSent(Long.MAX_VALUE - 10 * MS, SyncState.SYNCING, Long.MAX_VALUE);
    assertThat(s.isDue(Long.MAX_VALUE)).isFalse();
    assertThat(s.isDue(Long.MAX_VALUE + 40 * MS)).isTrue(); // wrapped past the deadline
  }

  @Test
  void shouldRejectSlowerFastThanSlow() {
    assertThatThrownBy(() -> new TimeSyncScheduler(2000 * MS, 1000 * MS, MS))
        .hasMessageContaining("slowIntervalNs=1000000000");
  }
}
