package dev.rapport.gateway.mqtt;

/** Realistic messages for tests, as the coordinator would map them from the engine. */
final class Payloads {
  static final long T0_MS = 1_767_225_600_000L;

  private Payloads() {}

  static DyadScoreMessage fullDyad(String a, String b, long timeMs) {
    return DyadScoreMessage.builder(a, b)
        .timeMs(timeMs)
        .score(0.62)
        .movementR(0.71)
        .movementLagMs(320L)
        .movementLeader(a)
        .movementZ(3.2)
        .movementP(0.004)
        .vocalR(-0.12)
        .vocalLagMs(-800L)
        .vocalLeader(b)
        .vocalZ(-0.4)
        .vocalP(0.61)
        .vocalShareA(0.4)
        .vocalShareB(0.6)
        .vocalOverlapMs(600L)
        .vocalSilenceMs(1_300L)
        .vocalTransitions(4)
        .vocalResponseLatencyMs(450L)
        .postureMirroring(0.4)
        .windowMs(10_000)
        .maxLagMs(2_000)
        .session("s-2026-01-01")
        .build();
  }

  /** A window with no usable data: every metric absent. */
  static DyadScoreMessage emptyDyad(String a, String b, long timeMs) {
    return DyadScoreMessage.builder(a, b)
        .timeMs(timeMs)
        .score(Double.NaN)
        .movementR(Double.NaN)
        .windowMs(10_000)
        .maxLagMs(2_000)
        .build();
  }

  static BadgeStatusMessage badgeStatus(String badge, long timeMs) {
    return BadgeStatusMessage.builder(badge)
        .timeMs(timeMs)
        .batteryMv(3_890)
        .batteryPct(78)
        .lossPct(0.4)
        .clockState("synced")
        .clockErrorMs(0.8)
        .lastSeenMs(timeMs - 40)
        .sampleRateHz(25.0)
        .linkTransport("serial")
        .linkAddress("/dev/ttyACM0")
        .linkState("connected")
        .build();
  }

  static EventMessage marker(String label, long timeMs) {
    return EventMessage.builder(EventMessage.MARKER)
        .timeMs(timeMs)
        .label(label)
        .session("s-2026-01-01")
        .source("button")
        .build();
  }
}
