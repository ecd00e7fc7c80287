package dev.rapport.gateway.session;

import java.util.List;
import java.util.Map;

/**
 * A session's metadata, stored as {@code session.json} beside its recording: who took part, when,
 * where, and with which engine parameters and software version the live scores were computed, so a
 * replay a year later can state exactly what it reproduces.
 *
 * @param stoppedMs null while the session runs (or when the gateway died before stopping it)
 * @param engineStartedMs when the live engine that scored the session started (null when not
 *     known): a session started later than its engine was scored by an engine that already held
 *     clock models, feature baselines and windows from before the session, which the recording does
 *     not contain, so its replay can differ (see {@link #startedWithEngine()})
 */
public record SessionInfo(
    String id,
    String site,
    String gateway,
    long startedMs,
    Long stoppedMs,
    List<Participant> participants,
    Map<String, Object> parameters,
    String version,
    Long engineStartedMs) {

  /**
   * How long after its engine a session may start and still count as started with it: the
   * recorder's first events arrive within the engine's first ticks.
   */
  public static final long STARTED_WITH_ENGINE_MS = 1_000;

  public SessionInfo {
    if (id == null || !id.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException(
          "session id must be 1 to 64 letters, digits, '.', '_' or '-', id=" + id);
    }
    participants = participants == null ? List.of() : List.copyOf(participants);
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  /** A session whose engine start is not known (recorded before that was stored, or a test). */
  public SessionInfo(
      String id,
      String site,
      String gateway,
      long startedMs,
      Long stoppedMs,
      List<Participant> participants,
      Map<String, Object> parameters,
      String version) {
    this(id, site, gateway, startedMs, stoppedMs, participants, parameters, version, null);
  }

  public SessionInfo stopped(long stoppedAtMs) {
    return new SessionInfo(
        id,
        site,
        gateway,
        startedMs,
        stoppedAtMs,
        participants,
        parameters,
        version,
        engineStartedMs);
  }

  /**
   * Whether the session's recording holds every event its live engine saw (null when unknown): only
   * then does a replay reproduce the live scores bit for bit.
   */
  public Boolean startedWithEngine() {
    return engineStartedMs == null ? null : startedMs - engineStartedMs <= STARTED_WITH_ENGINE_MS;
  }

  /**
   * Badges that may be recorded and scored: those with consent, or every badge when none listed.
   */
  public boolean consents(String badge) {
    if (participants.isEmpty()) {
      return true;
    }
    for (Participant p : participants) {
      if (p.badge().equals(badge)) {
        return p.consent();
      }
    }
    return false;
  }
}
