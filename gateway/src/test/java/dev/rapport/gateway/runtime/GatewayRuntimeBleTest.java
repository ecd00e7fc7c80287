package dev.rapport.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.badge.protocol.BadgeId;
import dev.rapport.badge.sim.BadgeFleet;
import dev.rapport.badge.sim.BadgeFleetConfig;
import dev.rapport.badge.sim.LinkImpairments;
import dev.rapport.badge.sim.SimConfig;
import dev.rapport.badge.transport.BadgeLink;
import dev.rapport.badge.transport.testing.Await;
import dev.rapport.badge.transport.testing.bluez.FakeBluez;
import dev.rapport.badge.transport.testing.bluez.FakeDevice;
import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.config.GatewayConfig;
import dev.rapport.gateway.engine.GatewayEngine;
import dev.rapport.gateway.ingest.BadgeSession;
import dev.rapport.gateway.ingest.SequenceTracker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway as {@code rapport run} starts it, with BLE badges: a BlueZ-shaped service on
 * dbus-java's embedded daemon ({@link FakeBluez}) holds three badges, played in real time by the
 * simulator ({@link BleBadgePlayer}: frames as 20-byte notifications, TIME_SYNC requests answered
 * from what the gateway writes), beside one simulated badge; the gateway finds them through its
 * YAML config ({@code badges.ble.bus_address}) and is read by a real MQTT subscriber on its
 * embedded broker. One badge then vanishes for a while and comes back: the status must say so at
 * once, the gateway must reconnect, and its loss counters must match, frame for frame, what the
 * badge lost on air.
 */
@Timeout(90)
class GatewayRuntimeBleTest {
  private static final int SIM_BADGE = 1;
  private static final List<Integer> BLE_BADGES = List.of(2, 3, 4);
  private static final int AWAY_BADGE = 3;
  private static final long SYNC_TIMEOUT_MS = 30_000;
  private static final long STEP_TIMEOUT_MS = 10_000;

  /** About two seconds of a badge's frames (12 a second: 5 ACCEL, 5 MIC, syncs, STATUS). */
  private static final int FRAMES_AWAY = 24;

  @TempDir Path dir;

  @Test
  void shouldScoreBleBadgesAndReportAndCountALinkDropThroughTheWholeGateway() throws Exception {
    try (FakeBluez bluez = FakeBluez.start(dir)) {
      // One badge per BLE connection; the air itself loses nothing unless a badge is away. Badge
      // 0001 of this fleet is never put on air: the gateway's own simulated badge 0001 stands
      // there.
      BadgeFleet fleet =
          BadgeFleet.create(
              SimConfig.builder().seed(41).badgeCount(4).build(),
              BadgeFleetConfig.builder()
                  .badgesPerLink(1)
                  .impairments(LinkImpairments.NONE)
                  .build());
      Map<Integer, FakeDevice> devices = new TreeMap<>();
      for (int id : BLE_BADGES) {
        devices.put(id, bluez.addBadge(address(id), id, 90 - id));
      }
      GatewayConfig config =
          ConfigLoader.parse(yaml(dir.resolve("data"), bluez.busAddress()), name -> null);
      GatewayRuntime runtime = new GatewayRuntime(config, RuntimeOptions.defaults("test"));
      BleBadgePlayer player = new BleBadgePlayer(fleet, devices);
      Subscriber sub = null;
      long awayFramesAtReturn;
      try {
        runtime.start();
        player.start();
        sub = new Subscriber(runtime.brokerUrl(), "ble-test", "rapport/lab/gw7/#");

        long startNs = System.nanoTime();
        for (int id : BLE_BADGES) {
          int at =
              sub.await(
                  "badge " + id + " SYNCED over BLE",
                  0,
                  r -> isStatus(r, id) && "synced".equals(clockState(r)) && isUp(r),
                  SYNC_TIMEOUT_MS);
          JsonNode link = sub.received().get(at).body().path("link");
          assertThat(link.path("transport").asText()).isEqualTo("ble");
          assertThat(link.path("address").asText()).isEqualTo(address(id));
        }
        sub.await(
            "simulated badge 0001 SYNCED",
            0,
            r -> isStatus(r, SIM_BADGE) && "synced".equals(clockState(r)),
            SYNC_TIMEOUT_MS);
        System.out.printf(
            "BLE badges SYNCED at the subscriber %d ms after start%n",
            (System.nanoTime() - startNs) / 1_000_000L);
        for (String dyad : List.of("0002/0003", "0002/0004", "0003/0004", "0001/0002")) {
          sub.await(
              "a score of dyad " + dyad,
              0,
              r ->
                  r.topic().equals("rapport/lab/gw7/dyad/" + dyad)
                      && r.body().path("score").isNumber(),
              STEP_TIMEOUT_MS);
        }

        // Badge 0003 leaves: the link drops and BlueZ forgets the device.
        int beforeDrop = sub.received().size();
        long dropNs = System.nanoTime();
        player.onRadio(devices.get(AWAY_BADGE)::remove).get(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        int down =
            sub.await(
                "badge 0003 reported down",
                beforeDrop,
                r -> isStatus(r, AWAY_BADGE) && !"connected".equals(linkState(r)),
                STEP_TIMEOUT_MS);
        System.out.printf(
            "link drop in the badge status after %d ms%n",
            (System.nanoTime() - dropNs) / 1_000_000L);
        // Before the engine's 5 s silence rule could say "missing": this comes from the link.
        assertThat(linkState(sub.received().get(down))).isIn("disconnected", "connecting");
        Await.until(
            () -> player.framesLostAfterFirst(AWAY_BADGE) >= FRAMES_AWAY,
            Duration.ofMillis(STEP_TIMEOUT_MS),
            FRAMES_AWAY + " frames of badge 0003 lost while it is away");
        player.onRadio(devices.get(AWAY_BADGE)::appear).get(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        long returnNs = System.nanoTime();
        awayFramesAtReturn = player.framesLostAfterFirst(AWAY_BADGE);
        int back =
            sub.await(
                "badge 0003 connected again, with its loss counted",
                down,
                r -> isStatus(r, AWAY_BADGE) && isUp(r) && r.body().path("loss_pct").asDouble() > 0,
                STEP_TIMEOUT_MS);
        System.out.printf(
            "badge back in the status %d ms after it reappeared, loss_pct=%s%n",
            (System.nanoTime() - returnNs) / 1_000_000L,
            sub.received().get(back).body().path("loss_pct"));
        // Scores of its dyads resume.
        sub.await(
            "a score of dyad 0003/0004 after the return",
            back,
            r ->
                r.topic().equals("rapport/lab/gw7/dyad/0003/0004")
                    && r.body().path("score").isNumber(),
            STEP_TIMEOUT_MS);

        player.stop();
        assertThat(player.failure()).isNull();
        // Every notification made has reached the gateway's link before the books are closed.
        for (int id : BLE_BADGES) {
          BadgeLink link = bleLink(runtime, id);
          Await.until(
              () -> link.counters().bytesIn() == player.bytesNotified(id),
              Duration.ofMillis(STEP_TIMEOUT_MS),
              "the gateway reading all " + player.bytesNotified(id) + " bytes of badge " + id);
        }
      } finally {
        player.close();
        if (sub != null) {
          sub.close();
        }
        runtime.close();
      }

      // After close the engine has drained its queue: its counters are final.
      GatewayEngine engine = runtime.engine();
      assertThat(runtime.engineQueueDrops()).isZero();
      for (int id : BLE_BADGES) {
        String who = "badge " + BadgeId.format(id);
        BadgeSession session = LinkLedger.sessionOf(engine, id);
        assertThat(session).as(who).isNotNull();
        SequenceTracker seq = session.sequences();
        assertThat(seq.received())
            .as(who + " frames received")
            .isEqualTo(player.framesNotified(id));
        assertThat(seq.lost())
            .as(who + " frames lost, of which the gap's were " + awayFramesAtReturn)
            .isEqualTo(player.framesLostAfterFirst(id));
        assertThat(seq.duplicates()).as(who).isZero();
        assertThat(player.hostBytesRead(id)).as(who + " TIME_SYNC requests over BLE").isPositive();
        assertThat(runtime.links().get(session.linkIndex()).id())
            .as(who + " heard last on its BLE link")
            .isEqualTo("ble:" + address(id));
      }
      assertThat(player.framesLostAfterFirst(AWAY_BADGE)).isGreaterThanOrEqualTo(FRAMES_AWAY);
      assertThat(player.framesLostAfterFirst(2) + player.framesLostAfterFirst(4)).isZero();
      BadgeLink away = bleLink(runtime, AWAY_BADGE);
      assertThat(away.counters().disconnects()).isEqualTo(1);
      assertThat(away.counters().connects()).isEqualTo(2);
    }
  }

  private static String yaml(Path dataDir, String busAddress) {
    return "site: lab\n"
        + "gateway: gw7\n"
        + "data_dir: '"
        + dataDir
        + "'\n"
        + "engine:\n  window: 2s\n  max_lag: 400ms\n  hop: 1s\n"
        + "badges:\n"
        + "  simulated:\n    count: 1\n    seed: 5\n"
        + "  ble:\n    enabled: true\n    bus_address: '"
        + busAddress
        + "'\n"
        + "mqtt:\n  embedded:\n    port: 0\n"
        + "dashboard:\n  enabled: false\n"
        + "hardware:\n  mode: 'off'\n";
  }

  private static String address(int badgeId) {
    return String.format("C0:FF:EE:00:00:%02X", badgeId);
  }

  private static BadgeLink bleLink(GatewayRuntime runtime, int badgeId) {
    return runtime.links().stream()
        .filter(l -> l.id().equals("ble:" + address(badgeId)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no BLE link for badge " + badgeId));
  }

  private static boolean isStatus(Subscriber.Received r, int badgeId) {
    return r.topic().equals("rapport/lab/gw7/badge/" + BadgeId.format(badgeId) + "/status");
  }

  private static String clockState(Subscriber.Received r) {
    return r.body().path("clock").path("state").asText();
  }

  private static String linkState(Subscriber.Received r) {
    return r.body().path("link").path("state").asText();
  }

  private static boolean isUp(Subscriber.Received r) {
    return "connected".equals(linkState(r));
  }
}
