package dev.rapport.badge.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class ClockAlignerTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;
  private static final double RATE_HZ = 32768;
  private static final double TICK_NS = 1e9 / RATE_HZ;

  /** Runs one exchange against the true clock with the given one-way delays. */
  private static ExchangeOutcome exchange(
      ClockAligner aligner, SimulatedBadgeClock badge, long t1, long fwdNs, long backNs) {
    final long arrival = t1 + fwdNs;
    final long departure = arrival + 2 * MS;
    return aligner.onSyncExchange(
        t1, badge.ticksU32At(arrival), badge.ticksU32At(departure), departure + backNs);
  }

  private static double errorNs(ClockAligner aligner, SimulatedBadgeClock badge, long atNs) {
    final long ticks = badge.ticksAt(atNs);
    return aligner.toGatewayNanos(ticks & 0xFFFF_FFFFL) - badge.gatewayNsOfTick(ticks);
  }

  @Test
  void shouldHaveNoMappingUntilTheFirstExchange() {
    final ClockAligner aligner = new ClockAligner(ClockAlignerConfig.defaults(RATE_HZ));
    assertThat(aligner.state()).isEqualTo(SyncState.UNSYNCED);
    assertThat(aligner.hasMapping()).isFalse();
    assertThat(aligner.toGatewayNanos(12345)).isEqualTo(ClockAligner.NO_TIME);
    assertThat(aligner.predictBadgeTicks(0)).isEqualTo(ClockAligner.NO_TIME);
    assertThat(aligner.estimatedErrorNanos()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void shouldMapWithinATickWhenExchangesAreInstant() {
    final SimulatedBadgeClock badge = new SimulatedBadgeClock(RATE_HZ, 50, 1_000_000);
    final ClockAligner aligner = new ClockAligner(ClockAlignerConfig.defaults(RATE_HZ));
    for (int i = 0; i < 30; i++) {
      assertThat(exchange(aligner, badge, i * S, 0, 0)).isEqualTo(ExchangeOutcome.ACCEPTED);
    }
    assertThat(aligner.state()).isEqualTo(SyncState.SYNCED);
    assertThat(Math.abs(errorNs(aligner, badge, 29 * S + 300 * MS))).isLessThan(2 * TICK_NS);
    assertThat(aligner.estimatedErrorNanos()).isLessThan((long) (2 * TICK_NS));
    assertThat(aligner.driftPpm()).isCloseTo(50, offset(2.0));
    final long predicted = aligner.predictBadgeTicks(29 * S);
    assertThat((double) predicted).isCloseTo(badge.ticksAt(29 * S), offset(2.0));
  }

  @Test
  void shouldBoundTheErrorByHalfTheRoundTripOfASingleExchange() {
    final SimulatedBadgeClock badge = new SimulatedBadgeClock(RATE_HZ, 0, 777);
    final ClockAligner aligner = new ClockAligner(ClockAlignerConfig.defaults(RATE_HZ));
    exchange(aligner, badge, 10 * S, 30 * MS, 10 * MS);
    assertThat(aligner.state()).isEqualTo(SyncState.SYNCING);
    // Round trip 40 ms of flight: the offset is known to +-20 ms (plus a tick), and it is off by
    // the asymmetry, (30 - 10) / 2 = 10 ms.
    assertThat(aligner.estimatedErrorNanos()).isBetween(20 * MS, 21 * MS);
    assertThat(Math.abs(errorNs(aligner, badge, 10 * S))).isCloseTo(10 * MS, offset(0.1 * MS));
  }

  @Test
  void shouldUseTheFastestPacketOfEachDirectionIndependently() {
    final SimulatedBadgeClock badge = new SimulatedBadgeClock(RATE_HZ, 0, 777);
    final ClockAligner aligner = new ClockAligner(ClockAlignerConfig.defaults(RATE_HZ));
    // Never a fast round trip: each exchange is fast in one direction only.
    for (int i = 0; i < 20; i++) {
      final boolean fastForward = i % 2 == 0;
      exchange(aligner, badge, i * 100 * MS, fastForward ? 0 : 40 * MS, fastForward ? 40 * MS : 0);
    }
    assertThat(Math.abs(errorNs(aligner, badge, 2 * S))).isLessThan(0.2 * MS);
    assertThat(aligner.estimatedErrorNanos()).isLessThan(MS);
  }

  @Test
  void shouldRejectImpossibleExchangesAndCountThem() {
    final ClockAligner aligner = new ClockAligner(ClockAlignerConfig.defaults(RATE_HZ));
    // response received before the request was sent
    assertThat(aligner.onSyncExchange(10 * S, 100, 110, 10 * S - 1))
        .isEqualTo(ExchangeOutcome.REJECTED_INVALID);
    // badge says it held the request 1 s, but the whole round trip took 10 ms
    assertThat(aligner.onSyncExchange(10 * S, 100, 100 + 32768, 10 * S + 10 * MS))
        .isEqualTo(ExchangeOutcome.REJECTED_INVALID);
    // t3 before t2 reads as a hold of almost 2^32 ticks
    assertThat(aligner.onSyncExchange(10 * S, 100, 99, 10 * S + 10 * MS))
        .isEqualTo(ExchangeOutcome.REJECTED_INVALID);
    assertThat(aligner.onSyncExchange(10 * S, 100, 110, 16 * S))
        .isEqualTo(ExchangeOutcome.REJECTED_SLOW);
    assertThat(aligner.exchangesRejectedInvalid()).isEqualTo(3);
    assertThat(aligner.exchangesRejectedSlow()).isEqualTo(1);
    assertThat(aligner.exchangesAccepted()).isZero();
    assertThat(aligner.state()).isEqualTo(SyncState.UNSYNCED);
  }

  @Test
  void shouldMapTicksAcrossTheCounterWrap() {
    final long startTicks = (1L << 32) - 5 * 32768; // wraps 5 s in
    final SimulatedBadgeClock badge = new SimulatedBadgeClock(RATE_HZ, -30, startTicks);
    final ClockAligner aligner = new ClockAligner(ClockAlignerConfig.defaults(RATE_HZ));
    for (int i = 0; i < 100; i++) {
      exchange(aligner, badge, i * 100 * MS, MS, MS);
      final long probeNs = i * 100 * MS + 50 * MS;
      assertThat(Math.abs(errorNs(aligner, badge, probeNs))).isLessThan(2.5 * MS);
    }
    assertThat(aligner.rebootCount()).isZero();
    assertThat(aligner.unwrapTicks(badge.ticksU32At(10 * S))).isEqualTo(badge.ticksAt(10 * S));
    assertThat(aligner.unwrapTicks(badge.ticksU32At(10 * S))).isGreaterThan(1L << 32);
  }

  @Test
  void shouldTreatOneWildExchangeAsAnOutlierNotAReboot() {
    final SimulatedBadgeClock badge = new SimulatedBadgeClock(RATE_HZ, 0, 5_000_000);
    final ClockAligner aligner = new ClockAligner(ClockAlignerConfig.defaults(RATE_HZ));
    for (int i = 0; i < 20; i++) {
      exchange(aligner, badge, i * 100 * MS, MS, MS);
    }
    final long before = aligner.toGatewayNanos(badge.ticksU32At(2 * S));
    // t2/t3 10 s in the past: cannot be causal
    final long wild = badge.ticksU32At(2 * S) - 10 * 32768;
    assertThat(aligner.onSyncExchange(2 * S, wild, wild + 10, 2 * S + 5 * MS))
        .isEqualTo(ExchangeOutcome.HELD_AS_SUSPECT);
    assertThat(exchange(aligner, badge, 2100 * MS, MS, MS)).isEqualTo(ExchangeOutcome.ACCEPTED);
    assertThat(aligner.outliersDiscarded()).isEqualTo(1);
    assertThat(aligner.rebootCount()).isZero();
    assertThat((double) aligner.toGatewayNanos(badge.ticksU32At(2 * S)))
        .isCloseTo(before, offset(0.1 * MS));
  }

  @Test
  void shouldDetectARebootFromConsistentJumpedExchangesAndResync() {
    final SimulatedBadgeClock badge = new SimulatedBadgeClock(RATE_HZ, 20, 90_000_000);
    final ClockAligner aligner = new ClockAligner(ClockAlignerConfig.defaults(RATE_HZ));
    for (int i = 0; i < 50; i++) {
      exchange(aligner, badge, i * 100 * MS, MS, MS);
    }
    assertThat(aligner.state()).isEqualTo(SyncState.SYNCED);
    badge.reboot(5 * S + 50 * MS, 0);
    assertThat(exchange(aligner, badge, 5100 * MS, MS, MS))
        .isEqualTo(ExchangeOutcome.HELD_AS_SUSPECT);
    assertThat(exchange(aligner, badge, 5200 * MS, MS, MS))
        .isEqualTo(ExchangeOutcome.DISCONTINUITY_RESET);
    assertThat(aligner.rebootCount()).isEqualTo(1);
    assertThat(aligner.state()).isEqualTo(SyncState.RESYNC_AFTER_REBOOT);
    // The new model already maps the new counter, with the precision of two exchanges.
    assertThat(Math.abs(errorNs(aligner, badge, 5200 * MS))).isLessThan(3 * MS);
    for (int i = 53; i < 100; i++) {
      exchange(aligner, badge, i * 100 * MS, MS, MS);
    }
    assertThat(aligner.state()).isEqualTo(SyncState.SYNCED);
    assertThat(Math.abs(errorNs(aligner, badge, 10 * S))).isLessThan(0.5 * MS);
  }

  @Test
  void shouldDropTheModelAtOnceWhenTheBadgeSaysItRestarted() {
    final SimulatedBadgeClock badge = new SimulatedBadgeClock(RATE_HZ, 0, 1000);
    final ClockAligner aligner = new ClockAligner(ClockAlignerConfig.defaults(RATE_HZ));
    aligner.onBadgeRestarted(); // never synced: nothing to reset, not a reboot
    assertThat(aligner.rebootCount()).isZero();
    for (int i = 0; i < 10; i++) {
      exchange(aligner, badge, i * 100 * MS, MS, MS);
    }
    aligner.onBadgeRestarted();
    assertThat(aligner.rebootCount()).isEqualTo(1);
    assertThat(aligner.state()).isEqualTo(SyncState.RESYNC_AFTER_REBOOT);
    assertThat(aligner.hasMapping()).isFalse();
    assertThat(aligner.toGatewayNanos(5000)).isEqualTo(ClockAligner.NO_TIME);
    badge.reboot(2 * S, 0);
    exchange(aligner, badge, 2 * S + 100 * MS, MS, MS);
    assertThat(aligner.hasMapping()).isTrue();
    assertThat(aligner.state()).isEqualTo(SyncState.RESYNC_AFTER_REBOOT);
  }

  @Test
  void shouldRemoveANonCausalStampThatContradictsTheWindow() {
    final SimulatedBadgeClock badge = new SimulatedBadgeClock(RATE_HZ, 0, 1000);
    final ClockAligner aligner = new ClockAligner(ClockAlignerConfig.defaults(RATE_HZ));
    for (int i = 0; i < 40; i++) {
      exchange(aligner, badge, i * 100 * MS, MS, MS);
    }
    // The badge claims it got the request 8 ms before it was sent.
    final long t1 = 4 * S;
    final long early = badge.ticksU32At(t1 - 8 * MS);
    assertThat(aligner.onSyncExchange(t1, early, early + 60, t1 + 6 * MS))
        .isEqualTo(ExchangeOutcome.ACCEPTED);
    assertThat(aligner.outliersRemoved()).isEqualTo(1);
    assertThat(aligner.consistent()).isTrue();
    assertThat(Math.abs(errorNs(aligner, badge, 4 * S))).isLessThan(0.5 * MS);
  }

  @Test
  void shouldRejectBadConfigurationNamingFieldAndValue() {
    assertThatThrownBy(() -> ClockAlignerConfig.defaults(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tickRateHz=0");
    assertThatThrownBy(() -> ClockAlignerConfig.builder(1000).windowExchanges(2).build())
        .hasMessageContaining("windowExchanges=2");
    assertThatThrownBy(() -> ClockAlignerConfig.builder(1000).minExchangesForSynced(1).build())
        .hasMessageContaining("minExchangesForSynced=1");
    assertThatThrownBy(() -> ClockAlignerConfig.builder(1000).maxOutlierFraction(0.6).build())
        .hasMessageContaining("maxOutlierFraction=0.6");
  }
}
