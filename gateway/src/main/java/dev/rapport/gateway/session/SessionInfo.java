package dev.rapport.gateway.session;

import java.util.List;
import java.util.Map;

/**
 * A session's metadata, stored as {@code session.json} beside its recording: who took part, when,
 * where, and with which engine parameters and software version the live scores were computed, so a
 * replay a year later can state exactly what it reproduces.
 *
 * @param stoppedMs null while the session runs (or when the gateway died before stopping it)
 */
public record SessionInfo(
    String id,
    String site,
    String gateway,
    long startedMs,
    Long stoppedMs,
    List<Participant> participants,
    Map<String, Object> parameters,
    String version) {

  public SessionInfo {
    if (id == null || !id.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException(
          "session id must be 1 to 64 letters, digits, '.', '_' or '-', id=" + id);
    }
    participants = participants == null ? List.of() : List.copyOf(participants);
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  public SessionInfo stopped(long stoppedAtMs) {
    return new SessionInfo(
        id, site, gateway, startedMs, stoppedAtMs, participants, parameters, version);
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
