package dev.rapport.gateway.runtime;

import dev.rapport.badge.protocol.DecoderCounters;
import dev.rapport.badge.sim.BadgeFleet;
import dev.rapport.badge.sim.LinkStats;
import dev.rapport.gateway.engine.GatewayEngine;
import dev.rapport.gateway.ingest.BadgeSession;
import dev.rapport.gateway.ingest.SequenceTracker;

/**
 * One simulated link's frames, as the simulator says it treated them ({@link LinkStats}, ground
 * truth) beside what the gateway counted: the link's decoder and the sequence trackers of the
 * badges on it. The checks below are the rules of docs/ingestion.md written as arithmetic; each
 * holds exactly, except where the gateway cannot know yet (frames still on the way, or lost after
 * the newest frame that arrived: {@link #unresolvedFrames()}).
 *
 * @param framesSent frames the badges built (their sequence numbers used)
 * @param framesDecoded frames the link's decoder accepted (CRC good), duplicates included
 * @param decodeErrors frames (or pieces of one) the decoder rejected
 * @param framesRefused frames the intake could not queue to the engine (queue full)
 * @param received distinct frames the trackers accepted
 * @param lost sequence numbers the trackers count as missing now
 */
public record LinkLedger(
    int link,
    int badges,
    LinkStats truth,
    long framesSent,
    long framesDecoded,
    long decodeErrors,
    long framesRefused,
    long received,
    long lost,
    long duplicates,
    long reordered,
    long tooOld) {

  /** Collects one link's ledger; valid between events on the engine thread (or after a run). */
  public static LinkLedger of(
      int link, BadgeFleet fleet, GatewayEngine engine, FrameIntake intake) {
    long sent = 0;
    int badges = 0;
    long received = 0;
    long lost = 0;
    long duplicates = 0;
    long reordered = 0;
    long tooOld = 0;
    for (int id = 1; id <= fleet.badgeCount(); id++) {
      if (fleet.linkOf(id) != link) {
        continue;
      }
      badges++;
      sent += fleet.badge(id).framesBuilt();
      BadgeSession session = sessionOf(engine, id);
      if (session != null) {
        SequenceTracker t = session.sequences();
        received += t.received();
        lost += t.lost();
        duplicates += t.duplicates();
        reordered += t.reordered();
        tooOld += t.tooOld();
      }
    }
    DecoderCounters decoder = intake.decoder().counters();
    return new LinkLedger(
        link,
        badges,
        fleet.linkStats(link),
        sent,
        decoder.framesDecoded(),
        decoder.totalErrors(),
        intake.framesDropped(),
        received,
        lost,
        duplicates,
        reordered,
        tooOld);
  }

  static BadgeSession sessionOf(GatewayEngine engine, int badgeId) {
    for (int slot = 0; slot < engine.badgeCount(); slot++) {
      if (engine.session(slot).badgeId() == badgeId) {
        return engine.session(slot);
      }
    }
    return null;
  }

  /** Every frame that arrived whole passed the CRC, and no damaged one did. */
  public boolean decoderExact() {
    return framesDecoded == truth.framesDelivered() - truth.framesCorrupted();
  }

  /**
   * Every decoded frame was accounted by a sequence tracker exactly once, as new, late, duplicate
   * or too old, or counted as refused by a full queue. (Only ACK/NACK replies bypass the trackers;
   * a room without commands has none.)
   */
  public boolean everyDecodedFrameAccounted() {
    return framesDecoded == received + duplicates + tooOld + framesRefused;
  }

  /** Frames the link damaged never pass the CRC, so the gateway sees them as lost too. */
  public long framesLostOnLink() {
    return truth.framesLost() + truth.framesCorrupted();
  }

  /**
   * Frames the gateway cannot judge yet: built but neither received nor counted lost, because they
   * are still on the way, or were lost after the newest frame that arrived (a gap is only seen when
   * the next frame comes), or before the first.
   */
  public long unresolvedFrames() {
    return framesSent - received - lost;
  }

  /**
   * Frames lost on the link, or refused by a full engine queue, that the trackers do not count
   * (yet). A refused frame never reaches its tracker, so it becomes a gap like a lost one. Zero or
   * more, and never more than {@link #unresolvedFrames()}: the trackers never count a frame lost
   * that was not.
   */
  public long lossNotYetSeen() {
    return framesLostOnLink() + framesRefused - lost;
  }

  /**
   * The loss ledger closes: counted lost plus not yet seen equals the link's ground truth plus the
   * frames the gateway's own queue refused.
   */
  public boolean lossConsistent() {
    return lossNotYetSeen() >= 0 && lossNotYetSeen() <= unresolvedFrames();
  }

  /**
   * Reordered frames the trackers saw arrive late. The simulator also counts a held-back frame as
   * reordered when every frame between it and its release was lost or damaged; the gateway then
   * sees it in order, so this can be lower than the ground truth, never higher.
   */
  public long reorderedNotSeen() {
    return truth.framesReordered() - reordered;
  }
}
