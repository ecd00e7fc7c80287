package dev.rapport.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.clock.SyncState;
import dev.rapport.badge.sim.BadgeFleet;
import dev.rapport.badge.sim.BadgeFleetConfig;
import dev.rapport.badge.sim.SimConfig;
import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.engine.EngineEvent;
import dev.rapport.gateway.engine.EngineSettings;
import dev.rapport.gateway.engine.GatewayEngine;
import dev.rapport.gateway.mqtt.DyadScoreMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The whole ingestion path (frames, decoder, badge sessions, clock alignment, grid, features, dyad
 * engine) on a simulated room, checked against the simulator's ground truth.
 */
class VirtualRoomTest {

  private static final class Collecting extends EngineOutputs.Ignoring {
    final List<DyadScoreMessage> dyads = new ArrayList<>();

    @Override
    public void onDyad(DyadScoreMessage message) {
      dyads.add(message);
    }
  }

  private static BadgeFleet fleet(int badges, long seed) {
    return BadgeFleet.create(
        SimConfig.builder().seed(seed).badgeCount(badges).build(), BadgeFleetConfig.defaults());
  }

  @Test
  void shouldFindTheSimulatedLeaderAndLagOfACoupledPair() {
    Collecting out = new Collecting();
    VirtualRoom room =
        new VirtualRoom(fleet(8, 3), EngineSettings.from(ConfigLoader.defaults()), out, e -> {});
    room.runFor(90_000);

    GatewayEngine engine = room.engine();
    assertThat(engine.badgeCount()).isEqualTo(8);
    for (int slot = 0; slot < engine.badgeCount(); slot++) {
      assertThat(engine.session(slot).clockState()).isEqualTo(SyncState.SYNCED);
      assertThat(engine.session(slot).accelSamplesPlaced()).isGreaterThan(80L * 50 * 9 / 10);
    }
    // Ground truth (DefaultScenario): badge 0001 leads 0002 in movement by 400 ms.
    List<DyadScoreMessage> coupled = series(out.dyads, "0001", "0002");
    assertThat(coupled).hasSizeGreaterThan(60);
    long leadsRight =
        coupled.stream()
            .filter(m -> m.movement() != null && "0001".equals(m.movement().leader()))
            .filter(m -> Math.abs(m.movement().lagMs() - 400) <= 120)
            .count();
    assertThat(leadsRight).isGreaterThan(coupled.size() * 6 / 10);
    // An uncoupled pair at another table is far less synchronised.
    double coupledR = meanR(coupled);
    double uncoupledR = meanR(series(out.dyads, "0002", "0007"));
    assertThat(coupledR).isGreaterThan(uncoupledR + 0.2);
  }

  @Test
  void shouldReplayRecordedEventsToBitIdenticalScores() {
    Collecting live = new Collecting();
    List<EngineEvent> recording = new ArrayList<>();
    EngineSettings settings = EngineSettings.from(ConfigLoader.defaults());
    VirtualRoom room = new VirtualRoom(fleet(6, 11), settings, live, recording::add);
    room.runFor(40_000);
    room.mark("phase 2");
    room.runFor(10_000);
    assertThat(live.dyads).hasSizeGreaterThan(15 * 30);

    Collecting replayed = new Collecting();
    GatewayEngine engine = new GatewayEngine(settings, replayed, b -> true, l -> "replay", null);
    recording.forEach(engine::onEvent);

    assertThat(replayed.dyads).isEqualTo(live.dyads);
  }

  private static List<DyadScoreMessage> series(List<DyadScoreMessage> all, String a, String b) {
    return all.stream().filter(m -> m.badgeA().equals(a) && m.badgeB().equals(b)).toList();
  }

  private static double meanR(List<DyadScoreMessage> series) {
    return series.stream()
        .map(DyadScoreMessage::movement)
        .filter(Objects::nonNull)
        .map(DyadScoreMessage.Lagged::r)
        .filter(Objects::nonNull)
        .mapToDouble(Double::doubleValue)
        .average()
        .orElse(Double.NaN);
  }
}
