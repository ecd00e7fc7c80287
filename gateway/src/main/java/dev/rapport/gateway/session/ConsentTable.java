package dev.rapport.gateway.session;

import dev.rapport.badge.protocol.BadgeId;
import java.util.function.IntPredicate;

/**
 * A session's consent as a lookup by numeric badge id, so the recorder and the engine can ask per
 * frame without formatting ids or allocating. Immutable once built; any thread.
 */
public final class ConsentTable implements IntPredicate {
  private final boolean[] allowed = new boolean[0x10000];

  private ConsentTable() {}

  /** Badges with consent, or every badge when the session lists no participants. */
  public static ConsentTable of(SessionInfo info) {
    ConsentTable table = new ConsentTable();
    for (int id = 0; id <= 0xFFFF; id++) {
      table.allowed[id] = info.participants().isEmpty();
    }
    for (Participant p : info.participants()) {
      table.allowed[BadgeId.parse(p.badge())] = p.consent();
    }
    return table;
  }

  @Override
  public boolean test(int badgeId) {
    return allowed[badgeId & 0xFFFF];
  }
}
