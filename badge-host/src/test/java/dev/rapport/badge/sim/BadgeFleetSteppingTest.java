package dev.rapport.badge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BadgeFleetSteppingTest {

  @Test
  void shouldDeliverTheSameBytesInOneLongAdvanceAsInSmallSteps() {
    SimConfig room = SimConfig.builder().seed(12).badgeCount(16).build();
    BadgeFleetConfig badges =
        BadgeFleetConfig.builder()
            .impairments(new LinkImpairments(0.01, 0.01, 0.01, 0.01, 0, 200_000))
            .build();
    BadgeFleet oneGo = BadgeFleet.create(room, badges);
    WireCapture big = new WireCapture(1);
    BadgeFleet stepped = BadgeFleet.create(room, badges);
    WireCapture small = new WireCapture(1);

    oneGo.advanceTo(300_000_000L, big); // about 48,000 frames in one call
    for (long t = 0; t <= 300_000_000L; t += 7_777) {
      stepped.advanceTo(t, small);
    }
    stepped.advanceTo(300_000_000L, small);

    assertThat(oneGo.linkStats(0).queueOverflows()).isZero();
    assertThat(oneGo.linkStats(0).framesSent()).isGreaterThan(45_000);
    assertThat(big.bytes(0)).isEqualTo(small.bytes(0));
    assertThat(oneGo.linkStats(0)).isEqualTo(stepped.linkStats(0));
  }
}
