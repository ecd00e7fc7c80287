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
  void shouldStaySlowWhileSteadyUntilTheBoundPassesTheRelaxedLimit() {
    final TimeSyncScheduler s = new TimeSyncScheduler(50 * MS, 1000 * MS, MS, 2 * MS, 2400, 0, 0);
    long now = 0;
    for (int i = 0; i < 6; i++) {
      s.onRequestSent(now, SyncState.SYNCED, MS / 2);
      now = s.nextSendAtNs();
    }
    assertThat(s.isSteady()).isTrue();
    // The bound crept above the comfortable 1 ms between slow exchanges: still slow.
    s.onAlignerUpdated(now - 500 * MS, SyncState.SYNCED, 1_500_000L);
    s.onRequestSent(now, SyncState.SYNCED, 1_500_000L);
    assertThat(s.currentIntervalNs()).isEqualTo(1000 * MS);
    now = s.nextSendAtNs();
    // Above the relaxed 2 ms: fast at once, and no longer steady.
    s.onAlignerUpdated(now - 900 * MS, SyncState.SYNCED, 2_100_000L);
    assertThat(s.isSteady()).isFalse();
    assertThat(s.nextSendAtNs()).isEqualTo(now - 850 * MS);
    s.onRequestSent(now - 850 * MS, SyncState.SYNCED, 1_500_000L);
    assertThat(s.currentIntervalNs()).isEqualTo(50 * MS); // comfortable again needs 1 ms
  }

  @Test
  void shouldJitterIntervalsDeterministicallyPerSeed() {
    final long[] a = intervals(7);
    final long[] b = intervals(7);
    final long[] c = intervals(8);
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
    for (long interval : a) {
      assertThat(interval).isBetween(750 * MS, 1250 * MS);
    }
    // Spread over the range, not stuck at one value.
    assertThat(java.util.Arrays.stream(a).min().getAsLong()).isLessThan(850 * MS);
    assertThat(java.util.Arrays.stream(a).max().getAsLong()).isGreaterThan(1150 * MS);
  }

  private static long[] intervals(long seed) {
    final TimeSyncScheduler s =
        new TimeSyncScheduler(1000 * MS, 1000 * MS, MS, 2 * MS, 2400, 0.5, seed);
    final long[] out = new long[64];
    long now = 0;
    for (int i = 0; i < out.length; i++) {
      s.onRequestSent(now, SyncState.SYNCED, MS / 2);
      out[i] = s.nextSendAtNs() - now;
      now = s.nextSendAtNs();
    }
    return out;
  }

  @Test
  void shouldAskSoonAfterASuspectExchange() {
    final TimeSyncScheduler s = new TimeSyncScheduler(50 * MS, 1000 * MS, MS);
    for (int i = 0; i < 6; i++) {
      s.onRequestSent(i * 1000 * MS, SyncState.SYNCED, MS / 2);
    }
    assertThat(s.nextSendAtNs()).isEqualTo(6000 * MS);
    s.onSuspectHeld(5100 * MS);
    assertThat(s.nextSendAtNs()).isEqualTo(5150 * MS);
  }

  @Test
  void shouldRejectARelaxedLimitBelowTheComfortableOne() {
    assertThatThrownBy(() -> new TimeSyncScheduler(50 * MS, 1000 * MS, 2 * MS, MS, 10, 0, 0))
        .hasMessageContaining("relaxedErrorNs=1000000");
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
