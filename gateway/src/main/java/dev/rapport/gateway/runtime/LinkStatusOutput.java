package dev.rapport.gateway.runtime;

import dev.rapport.badge.protocol.BadgeId;
import dev.rapport.badge.transport.BadgeLink;
import dev.rapport.badge.transport.LinkState;
import dev.rapport.gateway.engine.EngineOutput;
import dev.rapport.gateway.mqtt.BadgeStatusMessage;
import java.util.function.IntFunction;

/**
 * Adds what only the live links know to each badge status: the link's address (port path, BLE
 * address) and, when the transport has lost the badge, the link's own state. The engine judges a
 * badge only by its frames ({@code connected}, or {@code missing} after 5 s of silence), because it
 * must give the same results in a replay; but a BLE link that dropped is known at once, and a
 * facilitator should see {@code disconnected} then, not {@code connected} for another 5 s. Engine
 * thread (it is an {@link EngineOutput}); everything else passes through unchanged.
 */
final class LinkStatusOutput extends EngineOutputs.Forwarding {
  private final IntFunction<BadgeLink> linkOfBadge;

  /**
   * @param linkOfBadge the link a badge was last heard on, or null (engine thread)
   */
  LinkStatusOutput(EngineOutput next, IntFunction<BadgeLink> linkOfBadge) {
    super(next);
    this.linkOfBadge = linkOfBadge;
  }

  @Override
  public void onBadgeStatus(BadgeStatusMessage status) {
    BadgeLink link = linkOfBadge.apply(BadgeId.parse(status.badge()));
    next.onBadgeStatus(link == null ? status : withLink(status, link));
  }

  static BadgeStatusMessage withLink(BadgeStatusMessage s, BadgeLink link) {
    String id = link.id();
    int colon = id.indexOf(':');
    String transport = colon < 0 ? id : id.substring(0, colon);
    // A simulated link's "address" is only its index; there is nothing an operator could use.
    String address = colon < 0 || "sim".equals(transport) ? null : id.substring(colon + 1);
    LinkState state = link.state();
    String linkState =
        state == LinkState.CONNECTED
            ? s.linkState()
            : state.name().toLowerCase(java.util.Locale.ROOT);
    return BadgeStatusMessage.builder(s.badge())
        .timeMs(s.timeMs())
        .batteryMv(s.batteryMv())
        .batteryPct(s.batteryPct())
        .lossPct(s.lossPct())
        .clockState(s.clockState())
        .clockErrorMs(s.clockErrorMs())
        .lastSeenMs(s.lastSeenMs())
        .sampleRateHz(s.sampleRateHz())
        .linkTransport(s.linkTransport())
        .linkAddress(address)
        .linkState(linkState)
        .build();
  }
}
