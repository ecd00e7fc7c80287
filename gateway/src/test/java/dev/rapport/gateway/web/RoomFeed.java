package dev.rapport.gateway.web;

import dev.rapport.gateway.mqtt.BadgeStatusMessage;
import dev.rapport.gateway.mqtt.DyadScoreMessage;
import dev.rapport.gateway.mqtt.EventMessage;
import dev.rapport.gateway.mqtt.PayloadCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small, seeded stand-in for the gateway's sink while {@code rapport demo} is not there: a room
 * of people taking turns to speak, some pairs coordinated (with a leader and a lag), others not,
 * and badge health that drifts. Every payload is written by the gateway's own {@link PayloadCodec},
 * so the browser test reads exactly what MQTT subscribers read. Single-threaded: one feeder thread
 * calls it.
 */
final class RoomFeed {
  static final long WINDOW_MS = 10_000;
  static final long MAX_LAG_MS = 2_000;
  static final long GRID_MS = 40;
  static final String SESSION = "workshop-demo";
  private static final long BADGE_STATUS_EVERY_MS = 1_000;
  private static final long SPEAKING_HISTORY_MS = WINDOW_MS;

  /** Ground truth per dyad: how strongly coupled, and the movement lag (+ = badge_a leads). */
  private record Coupling(double strength, long lagMs, double episodePeriodMs) {}

  private final List<String> badges;
  private final PayloadCodec codec;
  private final Random random;
  private final long hopMs;
  private final Coupling[][] truth;
  private final double[] phase;
  private final long[] seq;
  private final double[][] speakingHistory;
  private int historyNext;
  private int historyFilled;
  private int speaker;
  private long turnEndsMs;
  private long lastBadgeStatusMs = Long.MIN_VALUE / 2;

  RoomFeed(List<String> badges, String gateway, long seed, long hopMs) {
    if (badges.size() < 2) {
      throw new IllegalArgumentException("a room needs 2 or more badges, badges=" + badges);
    }
    this.badges = List.copyOf(badges);
    this.codec = new PayloadCodec(gateway);
    this.random = new Random(seed);
    this.hopMs = hopMs;
    int n = badges.size();
    this.truth = new Coupling[n][n];
    this.phase = new double[n * n];
    this.seq = new long[n * n];
    this.speakingHistory = new double[(int) (SPEAKING_HISTORY_MS / hopMs)][n];
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        truth[a][b] = new Coupling(0.05 + 0.12 * random.nextDouble(), 0, 0);
        phase[a * n + b] = random.nextDouble() * 2 * Math.PI;
      }
    }
    // A few real relationships, as a facilitator would hope to spot them.
    truth[0][1] = new Coupling(0.85, 400, 0);
    if (n > 3) {
      truth[2][3] = new Coupling(0.6, -240, 0);
    }
    if (n > 4) {
      truth[1][4] = new Coupling(0.7, 160, 40_000);
    }
    if (n > 5) {
      truth[0][5] = new Coupling(0.35, -520, 0);
    }
  }

  DashboardState.Update gatewayStatus(long startedMs, long nowMs) {
    return update(
        DashboardState.Kind.GATEWAY,
        "status",
        codec.gatewayStatus("online", null, "0.1.0-SNAPSHOT", startedMs, nowMs, null));
  }

  DashboardState.Update marker(String label, long nowMs) {
    EventMessage m =
        EventMessage.builder(EventMessage.MARKER)
            .timeMs(nowMs)
            .session(SESSION)
            .label(label)
            .source("dashboard")
            .build();
    return update(DashboardState.Kind.MARKER, "marker", codec.event(m));
  }

  /**
   * One hop ending at {@code timeMs}: who spoke, every dyad's scores, and badge health each second.
   */
  List<DashboardState.Update> hop(long timeMs) {
    List<DashboardState.Update> out = new ArrayList<>();
    out.add(speaking(timeMs));
    if (timeMs - lastBadgeStatusMs >= BADGE_STATUS_EVERY_MS) {
      lastBadgeStatusMs = timeMs;
      for (int i = 0; i < badges.size(); i++) {
        out.add(badgeStatus(i, timeMs));
      }
    }
    int n = badges.size();
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        out.add(dyad(a, b, timeMs));
      }
    }
    return out;
  }

  private DashboardState.Update speaking(long timeMs) {
    int n = badges.size();
    if (timeMs >= turnEndsMs) {
      // Turns of 2 to 7 s; sometimes a pause in which nobody speaks.
      speaker = random.nextDouble() < 0.15 ? -1 : random.nextInt(n);
      turnEndsMs = timeMs + 2_000 + random.nextInt(5_000);
    }
    double[] fractions = speakingHistory[historyNext];
    StringBuilder json =
        new StringBuilder("{\"time_ms\":").append(timeMs).append(",\"speaking\":{");
    for (int i = 0; i < n; i++) {
      double f;
      if (i == speaker) {
        f = 0.7 + 0.3 * random.nextDouble();
      } else {
        f = random.nextDouble() < 0.04 ? 0.1 + 0.3 * random.nextDouble() : 0; // backchannel
      }
      fractions[i] = f;
      json.append(i == 0 ? "" : ",").append('"').append(badges.get(i)).append("\":");
      json.append(Math.round(f * 100) / 100.0);
    }
    json.append("}}");
    historyNext = (historyNext + 1) % speakingHistory.length;
    historyFilled = Math.min(historyFilled + 1, speakingHistory.length);
    return new DashboardState.Update(DashboardState.Kind.ROOM, "room", json.toString());
  }

  private DashboardState.Update badgeStatus(int i, long timeMs) {
    String id = badges.get(i);
    // The last badge runs low, one badge is still settling its clock: health worth showing.
    boolean low = i == badges.size() - 1;
    int batteryMv = (low ? 3_560 : 3_900 + 25 * i) - random.nextInt(6);
    int batteryPct = Math.max(0, Math.min(100, (batteryMv - 3_500) * 100 / 700));
    boolean syncing = i == 2 && random.nextDouble() < 0.5;
    BadgeStatusMessage m =
        BadgeStatusMessage.builder(id)
            .timeMs(timeMs)
            .batteryMv(batteryMv)
            .batteryPct(batteryPct)
            .lossPct(round(i == 3 ? 2.5 + random.nextDouble() : 0.1 + 0.4 * random.nextDouble(), 2))
            .clockState(syncing ? "syncing" : "synced")
            .clockErrorMs(
                round(syncing ? 3 + 2 * random.nextDouble() : 0.3 + random.nextDouble(), 2))
            .lastSeenMs(timeMs - random.nextInt(120))
            .sampleRateHz(25.0)
            .linkTransport(i % 2 == 0 ? "ble" : "serial")
            .linkAddress(i % 2 == 0 ? "d4:3a:2c:00:00:0" + i : "/dev/ttyACM" + i)
            .linkState("connected")
            .build();
    return update(DashboardState.Kind.BADGE, id, codec.badgeStatus(m));
  }

  private DashboardState.Update dyad(int a, int b, long timeMs) {
    int n = badges.size();
    Coupling c = truth[a][b];
    double strength = c.strength();
    if (c.episodePeriodMs() > 0
        && (timeMs % (long) c.episodePeriodMs()) > c.episodePeriodMs() / 2) {
      strength = 0.1; // the episode ended; it comes back next period
    }
    double wave = 0.85 + 0.15 * Math.sin(2 * Math.PI * timeMs / 17_000.0 + phase[a * n + b]);
    double score = clamp(strength * wave + 0.04 * random.nextGaussian(), 0, 1);
    double movementR = clamp(0.05 + 0.85 * score + 0.05 * random.nextGaussian(), -1, 1);
    long lagMs =
        strength > 0.3
            ? c.lagMs() + GRID_MS * (random.nextInt(3) - 1)
            : GRID_MS
                * (random.nextInt((int) (2 * MAX_LAG_MS / GRID_MS) + 1) - MAX_LAG_MS / GRID_MS);
    double movementZ = round(10 * movementR - 1 + 0.5 * random.nextGaussian(), 2);
    double vocalR = clamp(0.6 * score + 0.1 * random.nextGaussian(), -1, 1);
    long vocalLagMs = lagMs / 2 / GRID_MS * GRID_MS;
    double shareA = share(a);
    double shareB = share(b);
    String nameA = badges.get(a);
    String nameB = badges.get(b);
    DyadScoreMessage m =
        DyadScoreMessage.builder(nameA, nameB)
            .timeMs(timeMs)
            .session(SESSION)
            .windowMs(WINDOW_MS)
            .maxLagMs(MAX_LAG_MS)
            .score(round(score, 3))
            .movementR(round(movementR, 3))
            .movementLagMs(lagMs)
            .movementLeader(lagMs > 0 ? nameA : lagMs < 0 ? nameB : null)
            .movementZ(movementZ)
            .movementP(round(upperTailP(movementZ), 4))
            .vocalR(round(vocalR, 3))
            .vocalLagMs(vocalLagMs)
            .vocalLeader(vocalLagMs > 0 ? nameA : vocalLagMs < 0 ? nameB : null)
            .vocalZ(round(8 * vocalR - 1, 2))
            .vocalP(round(upperTailP(8 * vocalR - 1), 4))
            .vocalShareA(round(shareA, 3))
            .vocalShareB(round(shareB, 3))
            .vocalOverlapMs((long) (WINDOW_MS * Math.min(shareA, shareB) * 0.1))
            .vocalSilenceMs((long) (WINDOW_MS * Math.max(0, 1 - shareA - shareB)))
            .vocalTransitions(random.nextInt(4))
            .vocalResponseLatencyMs(400L + random.nextInt(600))
            .postureMirroring(round(clamp(0.7 * score + 0.1 * random.nextGaussian(), -1, 1), 3))
            .build();
    return update(DashboardState.Kind.DYAD, nameA + "/" + nameB, codec.dyad(m, ++seq[a * n + b]));
  }

  /** The fraction of the last window badge {@code i} spent speaking. */
  private double share(int i) {
    if (historyFilled == 0) {
      return 0;
    }
    double sum = 0;
    for (int h = 0; h < historyFilled; h++) {
      sum += speakingHistory[h][i];
    }
    return clamp(sum / historyFilled, 0, 1);
  }

  /** P(Z > z) for a standard normal, Abramowitz-Stegun 7.1.26; plenty for a test feed. */
  private static double upperTailP(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double erfc =
        t
            * (0.254829592
                + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
            * Math.exp(-x * x);
    return clamp(z >= 0 ? erfc / 2 : 1 - erfc / 2, 0, 1);
  }

  private static double clamp(double v, double min, double max) {
    return Math.max(min, Math.min(max, v));
  }

  private static double round(double v, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }

  private static DashboardState.Update update(DashboardState.Kind kind, String key, byte[] json) {
    return new DashboardState.Update(kind, key, new String(json, StandardCharsets.UTF_8));
  }
}
