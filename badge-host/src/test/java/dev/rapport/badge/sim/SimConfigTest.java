package dev.rapport.badge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimConfigTest {

  @Test
  void shouldUseDocumentedDefaults() {
    SimConfig config = SimConfig.defaults();

    assertThat(config.badgeCount()).isEqualTo(8);
    assertThat(config.accelRateHz()).isEqualTo(50);
    assertThat(config.micPeriodMs()).isEqualTo(40);
    assertThat(config.gridRateHz()).isEqualTo(25);
    assertThat(config.gridPeriodMs()).isEqualTo(40);
    assertThat(config.accelPeriodUs()).isEqualTo(20_000);
    assertThat(config.couplings()).isEqualTo(DefaultScenario.couplings(8, 4));
  }

  @Test
  void shouldOfferDemoScenarioWithDifferentLeadersLagsAndModalities() {
    List<CouplingEpisode> demo = DefaultScenario.couplings(8, 4);

    assertThat(demo).extracting(CouplingEpisode::modality).contains(Modality.values());
    assertThat(demo)
        .extracting(CouplingEpisode::lagMs)
        .doesNotHaveDuplicates()
        .hasSizeGreaterThan(4);
    // Some pairs are led by the lower id, some by the higher, so lag signs differ per dyad.
    assertThat(demo).anyMatch(e -> e.leader() < e.follower());
    assertThat(demo).anyMatch(e -> e.leader() > e.follower());
    // Couplings that start and stop during the session.
    assertThat(demo).anyMatch(e -> e.startMs() > 0 && e.endMs() != CouplingEpisode.OPEN_END_MS);
    // Uncoupled dyads remain, e.g. 1-3 and 2-4.
    assertThat(demo)
        .noneMatch(
            e ->
                Math.min(e.leader(), e.follower()) == 1 && Math.max(e.leader(), e.follower()) == 3);
  }

  @Test
  void shouldRepeatDemoScenarioPerBlockOfEightAndDropMissingBadges() {
    assertThat(DefaultScenario.couplings(16, 4)).hasSize(12);
    assertThat(DefaultScenario.couplings(16, 4))
        .anyMatch(e -> e.leader() == 9 && e.follower() == 10 && e.modality() == Modality.MOVEMENT);
    assertThat(DefaultScenario.couplings(3, 4))
        .allMatch(e -> e.leader() <= 3 && e.follower() <= 3)
        .hasSize(2);
    assertThat(DefaultScenario.couplings(1, 4)).isEmpty();
  }

  @Test
  void shouldBuildDefaultCouplingsForTheFinalBadgeCount() {
    SimConfig config = SimConfig.builder().badgeCount(4).build();

    assertThat(config.couplings()).allMatch(e -> e.leader() <= 4 && e.follower() <= 4);
  }

  @Test
  void shouldReplaceDefaultScenarioWhenCouplingsAreGiven() {
    CouplingEpisode only = CouplingEpisode.whole(2, 1, Modality.POSTURE, 700, 0.5);

    SimConfig config = SimConfig.builder().coupling(only).build();

    assertThat(config.couplings()).containsExactly(only);
    assertThat(SimConfig.builder().noCouplings().build().couplings()).isEmpty();
    assertThat(config.toBuilder().seed(9).build().couplings()).containsExactly(only);
  }

  @Test
  void shouldNameFieldAndValueWhenRejectingConfig() {
    assertThatThrownBy(() -> SimConfig.builder().badgeCount(0).build())
        .hasMessageContaining("badgeCount=0");
    assertThatThrownBy(() -> SimConfig.builder().accelRateHz(0).build())
        .hasMessageContaining("accelRateHz=0");
    assertThatThrownBy(() -> SimConfig.builder().micPeriodMs(5000).build())
        .hasMessageContaining("micPeriodMs=5000");
    assertThatThrownBy(() -> SimConfig.builder().gridRateHz(30).build())
        .hasMessageContaining("gridRateHz=30");
    assertThatThrownBy(() -> SimConfig.builder().accelNoiseMg(Double.NaN).build())
        .hasMessageContaining("accelNoiseMg=NaN");
    assertThatThrownBy(() -> SimConfig.builder().accelRangeMg(500).build())
        .hasMessageContaining("accelRangeMg=500");
    assertThatThrownBy(() -> SimConfig.builder().peoplePerTable(0).build())
        .hasMessageContaining("peoplePerTable=0");
    assertThatThrownBy(() -> SimConfig.builder().noiseFloorDb(-1).build())
        .hasMessageContaining("noiseFloorDb=-1.0");
  }

  @Test
  void shouldRejectCouplingNamingBadgeOutsideRoom() {
    assertThatThrownBy(
            () ->
                SimConfig.builder()
                    .badgeCount(4)
                    .coupling(CouplingEpisode.whole(1, 5, Modality.MOVEMENT, 100, 0.5))
                    .build())
        .hasMessageContaining("couplings[0]")
        .hasMessageContaining("badgeCount=4")
        .hasMessageContaining("follower=5");
  }

  @Test
  void shouldRejectVocalCouplingAcrossTables() {
    assertThatThrownBy(
            () ->
                SimConfig.builder()
                    .badgeCount(8)
                    .peoplePerTable(4)
                    .coupling(CouplingEpisode.whole(1, 5, Modality.VOCAL, 300, 0.5))
                    .build())
        .hasMessageContaining("VOCAL")
        .hasMessageContaining("leader=0001 table=0")
        .hasMessageContaining("follower=0005 table=1");
  }

  @Test
  void shouldRejectBadEpisodes() {
    assertThatThrownBy(() -> CouplingEpisode.whole(1, 1, Modality.MOVEMENT, 100, 0.5))
        .hasMessageContaining("leader=1 follower=1");
    assertThatThrownBy(() -> CouplingEpisode.whole(1, 2, Modality.MOVEMENT, -5, 0.5))
        .hasMessageContaining("lagMs=-5");
    assertThatThrownBy(() -> CouplingEpisode.whole(1, 2, Modality.MOVEMENT, 100, 1.5))
        .hasMessageContaining("strength=1.5");
    assertThatThrownBy(() -> new CouplingEpisode(1, 2, Modality.VOCAL, 100, 0.5, 10, 10))
        .hasMessageContaining("startMs=10 endMs=10");
    assertThatThrownBy(() -> new CouplingEpisode(0, 2, Modality.VOCAL, 100, 0.5, 0, 10))
        .hasMessageContaining("leader=0");
  }

  @Test
  void shouldParseCouplingWrittenLikeATruthRow() {
    assertThat(CouplingEpisode.parse("0001,0002,MOVEMENT,400,0.8"))
        .isEqualTo(CouplingEpisode.whole(1, 2, Modality.MOVEMENT, 400, 0.8));
    assertThat(CouplingEpisode.parse(" a1, 3 ,posture,1500,0.9,60000,180000"))
        .isEqualTo(new CouplingEpisode(0xa1, 3, Modality.POSTURE, 1500, 0.9, 60_000, 180_000));
    assertThatThrownBy(() -> CouplingEpisode.parse("1,2,WAVING,400,0.8"))
        .hasMessageContaining("bad coupling modality")
        .hasMessageContaining("coupling=1,2,WAVING,400,0.8");
    assertThatThrownBy(() -> CouplingEpisode.parse("1,2,VOCAL,400,2"))
        .hasMessageContaining("strength=2.0");
    assertThatThrownBy(() -> CouplingEpisode.parse("1,2,VOCAL"))
        .hasMessageContaining("leader,follower,modality,lag_ms,strength");
  }

  @Test
  void shouldSeatConsecutiveBadgesAtEvenlyFilledTables() {
    RoomLayout layout = new RoomLayout(10, 4);

    assertThat(layout.tables()).isEqualTo(3);
    int[] sizes = new int[3];
    for (int p = 0; p < 10; p++) {
      sizes[layout.tableOf(p)]++;
      assertThat(RoomLayout.tableOf(p, 10, 4)).isEqualTo(layout.tableOf(p));
      if (p > 0) {
        assertThat(layout.tableOf(p)).isGreaterThanOrEqualTo(layout.tableOf(p - 1));
      }
    }
    assertThat(sizes).containsExactly(4, 3, 3);
    // Neighbours at a table are about a metre apart, other tables several metres away.
    assertThat(layout.voiceDistanceM(0, 1)).isBetween(0.8, 1.6);
    assertThat(layout.voiceDistanceM(0, 9)).isGreaterThan(2.5);
    assertThat(layout.voiceDistanceM(3, 3)).isEqualTo(RoomLayout.OWN_BADGE_DISTANCE_M);
  }
}
