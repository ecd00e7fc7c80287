package dev.rapport.gateway.runtime;

import dev.rapport.gateway.mqtt.BadgeStatusMessage;
import dev.rapport.gateway.mqtt.DyadScoreMessage;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latest score of every dyad and health of every badge, for the terminal summary of `rapport
 * demo` and for tests. Written by the sink thread, read by anyone.
 */
public final class RoomSummary {
  private final Map<String, DyadScoreMessage> dyads = new ConcurrentHashMap<>();
  private final Map<String, BadgeStatusMessage> badges = new ConcurrentHashMap<>();
  private final AtomicLong dyadMessages = new AtomicLong();

  void onDyad(DyadScoreMessage m) {
    dyads.put(m.badgeA() + "/" + m.badgeB(), m);
    dyadMessages.incrementAndGet();
  }

  void onBadge(BadgeStatusMessage m) {
    badges.put(m.badge(), m);
  }

  public long dyadMessages() {
    return dyadMessages.get();
  }

  public List<BadgeStatusMessage> badges() {
    return badges.values().stream()
        .sorted(Comparator.comparing(BadgeStatusMessage::badge))
        .toList();
  }

  /** The {@code n} dyads with the highest current score. */
  public List<DyadScoreMessage> topDyads(int n) {
    return dyads.values().stream()
        .filter(m -> m.score() != null)
        .sorted(Comparator.comparing(DyadScoreMessage::score).reversed())
        .limit(n)
        .toList();
  }

  /** A few lines for a terminal. */
  public String render(String title) {
    StringBuilder out = new StringBuilder();
    out.append(title).append('\n');
    out.append(
        String.format("%-11s %6s %10s %7s %9s%n", "DYAD", "SCORE", "MOVEMENT r", "LEADER", "LAG"));
    for (DyadScoreMessage m : topDyads(5)) {
      DyadScoreMessage.Lagged mv = m.movement();
      out.append(
          String.format(
              "%-11s %6.2f %10s %7s %9s%n",
              m.badgeA() + "-" + m.badgeB(),
              m.score(),
              mv == null || mv.r() == null ? "-" : String.format("%.2f", mv.r()),
              mv == null || mv.leader() == null ? "-" : mv.leader(),
              mv == null || mv.lagMs() == null ? "-" : mv.lagMs() + " ms"));
    }
    out.append(
        String.format("%-6s %8s %7s %-9s %9s%n", "BADGE", "BATTERY", "LOSS", "CLOCK", "LINK"));
    for (BadgeStatusMessage b : badges()) {
      out.append(
          String.format(
              "%-6s %8s %7s %-9s %9s%n",
              b.badge(),
              b.batteryPct() == null ? "-" : b.batteryPct() + " %",
              b.lossPct() == null ? "-" : String.format("%.1f %%", b.lossPct()),
              b.clockState(),
              b.linkState()));
    }
    return out.toString();
  }
}
