package dev.rapport.gateway.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rapport.badge.sim.BadgeFleet;
import dev.rapport.badge.sim.BadgeFleetConfig;
import dev.rapport.badge.sim.SimConfig;
import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.mqtt.DyadScoreMessage;
import dev.rapport.gateway.mqtt.PayloadCodec;
import dev.rapport.gateway.mqtt.Schemas;
import dev.rapport.gateway.runtime.EngineOutputs;
import dev.rapport.gateway.runtime.VirtualRoom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the engine puts into each dyad message, on a simulated room whose conversation and sessions
 * are known: the turn-taking fields against the simulator's ground truth, and the session id
 * switched by SESSION events at exactly the same results on every run.
 */
class DyadPayloadTest {
  private static final int BADGES = 4; // one table: everybody is in the same conversation

  /** Every dyad message and every session switch, in the order the engine produced them. */
  private static final class Collecting extends EngineOutputs.Ignoring {
    final List<DyadScoreMessage> dyads = new ArrayList<>();
    final List<String> switches = new ArrayList<>();

    @Override
    public void onDyad(DyadScoreMessage message) {
      dyads.add(message);
    }

    @Override
    public void onSession(long timeMs, String sessionId, String previousId) {
      switches.add(timeMs + ":" + previousId + "->" + sessionId);
    }
  }

  private static VirtualRoom room(Collecting out, long seed) {
    BadgeFleet fleet =
        BadgeFleet.create(
            SimConfig.builder().seed(seed).badgeCount(BADGES).build(), BadgeFleetConfig.defaults());
    return new VirtualRoom(fleet, EngineSettings.from(ConfigLoader.defaults()), out, e -> {});
  }

  @Test
  void shouldReportTurnTakingCloseToTheSimulatedConversation() {
    Collecting out = new Collecting();
    VirtualRoom room = room(out, 3);
    room.runFor(120_000);

    List<DyadScoreMessage> turns =
        out.dyads.stream().filter(m -> m.vocalTransitions() != null).toList();
    assertThat(turns).as("messages with a turn-taking value").hasSizeGreaterThan(300);
    long windowMs = turns.get(0).windowMs();
    int latencies = 0;
    for (DyadScoreMessage m : turns) {
      assertThat(m.vocalOverlapMs()).isNotNull().isGreaterThanOrEqualTo(0);
      assertThat(m.vocalSilenceMs()).isNotNull().isGreaterThanOrEqualTo(0);
      assertThat(m.vocalOverlapMs() + m.vocalSilenceMs()).isLessThanOrEqualTo(windowMs);
      // 25 Hz grid: durations are whole 40 ms ticks.
      assertThat(m.vocalOverlapMs() % 40).isZero();
      assertThat(m.vocalSilenceMs() % 40).isZero();
      if (m.vocalShareA() != null) {
        // Shares of the pair's speaking time: they add up to exactly 1.
        assertThat(m.vocalShareA() + m.vocalShareB()).isEqualTo(1.0);
      } else {
        assertThat(m.vocalShareB()).isNull();
      }
      if (m.vocalResponseLatencyMs() != null) {
        latencies++;
        assertThat(m.vocalTransitions()).isPositive();
      }
      Schemas.assertValid(Schemas.DYAD, new PayloadCodec("gw1").dyad(m, 1));
    }
    assertThat(turns.stream().mapToInt(DyadScoreMessage::vocalTransitions).max().orElse(0))
        .isGreaterThanOrEqualTo(2);
    assertThat(latencies).isGreaterThan(turns.size() / 4);

    // Ground truth: badge 1's share of the speaking of 1 and 2 over the run, against the mean of
    // the windowed shares (every window weighs the same, so this is close, not exact).
    long truth1 = room.fleet().room().speakingUs(1);
    long truth2 = room.fleet().room().speakingUs(2);
    double trueShare = truth1 / (double) (truth1 + truth2);
    double measuredShare =
        turns.stream()
            .filter(m -> m.badgeA().equals("0001") && m.badgeB().equals("0002"))
            .filter(m -> m.vocalShareA() != null)
            .mapToDouble(DyadScoreMessage::vocalShareA)
            .average()
            .orElseThrow();
    assertThat(measuredShare).isCloseTo(trueShare, within(0.1));
  }

  @Test
  void shouldLabelResultsWithTheSessionBetweenItsSwitchesOnEveryRun() {
    List<DyadScoreMessage> first = runWithSessionSwitches();
    List<DyadScoreMessage> second = runWithSessionSwitches();

    assertThat(second).isEqualTo(first);
    List<String> sessions = new ArrayList<>();
    for (DyadScoreMessage m : first) {
      if (sessions.isEmpty()
          || !java.util.Objects.equals(sessions.get(sessions.size() - 1), m.session())) {
        sessions.add(m.session());
      }
    }
    // Before, during, after: each stretch labelled as a whole, nothing interleaved.
    assertThat(sessions).containsExactly(null, "s-1", null);
    long during = first.stream().filter(m -> "s-1".equals(m.session())).count();
    // 20 s at a 1 s hop, 6 dyads.
    assertThat(during).isBetween(6L * 19, 6L * 21);
  }

  private static List<DyadScoreMessage> runWithSessionSwitches() {
    Collecting out = new Collecting();
    VirtualRoom room = room(out, 5);
    room.runFor(15_000);
    room.session("s-1");
    room.runFor(20_000);
    room.session(null);
    room.runFor(5_000);
    assertThat(out.switches).containsExactly("1767225615000:null->s-1", "1767225635000:s-1->null");
    return out.dyads;
  }
}
