package dev.rapport.gateway.runtime;

import dev.rapport.badge.clock.SyncState;
import dev.rapport.badge.sim.BadgeFleet;
import dev.rapport.badge.sim.SimConfig;
import dev.rapport.gateway.engine.GatewayEngine;
import dev.rapport.gateway.ingest.BadgeSession;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The ingestion figures of a simulated room, measured against the simulator's ground truth: clock
 * alignment error over time ({@link AlignmentProbe}), when badges are SYNCED, the frame ledger of
 * every link ({@link LinkLedger}), samples placed on the grid against samples the badges measured,
 * and the dyads that got results ({@link DyadTally}). The tests assert on it; {@link
 * RoomFiguresMain} prints it for docs/ingestion.md. Engine thread only.
 *
 * <p>Use: pass {@link #probe()} as the {@link VirtualRoom}'s recorder and {@link #output()} as its
 * output, {@link #attach} the room, call {@link #observe} once per simulated second.
 */
public final class RoomFigures {
  private final BadgeFleet fleet;
  private final long originNs;
  private final AlignmentProbe probe;
  private final DyadTally output = new DyadTally();
  private VirtualRoom room;
  private long firstAllSyncedNs = Long.MIN_VALUE;
  private long badgeSecondsObserved;
  private long badgeSecondsNotSynced;

  /**
   * @param settleNs session time after which alignment and sync state count (30 s in issue 3)
   * @param bucketNs width of the alignment-over-time buckets
   */
  public RoomFigures(BadgeFleet fleet, long originNs, long settleNs, long bucketNs) {
    this.fleet = fleet;
    this.originNs = originNs;
    this.probe = new AlignmentProbe(fleet, originNs, settleNs, bucketNs);
  }

  public AlignmentProbe probe() {
    return probe;
  }

  public DyadTally output() {
    return output;
  }

  public void attach(VirtualRoom room) {
    this.room = room;
    probe.attach(room.engine());
  }

  /** Notes every badge's sync state at gateway time {@code nowNs}; call about once a second. */
  public void observe(long nowNs) {
    GatewayEngine engine = room.engine();
    int synced = 0;
    for (int slot = 0; slot < engine.badgeCount(); slot++) {
      if (engine.session(slot).clockState() == SyncState.SYNCED) {
        synced++;
      }
    }
    boolean all = engine.badgeCount() == fleet.badgeCount() && synced == fleet.badgeCount();
    if (all && firstAllSyncedNs == Long.MIN_VALUE) {
      firstAllSyncedNs = nowNs - originNs;
    }
    if (nowNs - originNs >= probe.settleNs()) {
      badgeSecondsObserved += fleet.badgeCount();
      badgeSecondsNotSynced += fleet.badgeCount() - synced;
    }
  }

  /** Session time at which every badge was first SYNCED; Long.MIN_VALUE if never (so far). */
  public long firstAllSyncedNs() {
    return firstAllSyncedNs;
  }

  /** Badge observations after the settling time in which the badge was not SYNCED. */
  public long badgeSecondsNotSynced() {
    return badgeSecondsNotSynced;
  }

  public long badgeSecondsObserved() {
    return badgeSecondsObserved;
  }

  public List<LinkLedger> ledgers() {
    List<LinkLedger> ledgers = new ArrayList<>();
    for (int link = 0; link < fleet.linkCount(); link++) {
      ledgers.add(LinkLedger.of(link, fleet, room.engine(), room.intakes().get(link)));
    }
    return ledgers;
  }

  /** Accelerometer samples one badge measured up to now (it streams from session time 0). */
  public long accelSamplesMeasuredPerBadge() {
    SimConfig config = fleet.room().config();
    return (fleet.timeUs() * config.accelRateHz() + 999_999L) / 1_000_000L;
  }

  /** Microphone periods one badge completed up to now. */
  public long micLevelsMeasuredPerBadge() {
    return fleet.timeUs() / fleet.room().config().micPeriodUs();
  }

  /** Sums a per-session count over all badges. */
  public long sumSessions(ToLongFunction<BadgeSession> count) {
    GatewayEngine engine = room.engine();
    long sum = 0;
    for (int slot = 0; slot < engine.badgeCount(); slot++) {
      sum += count.applyAsLong(engine.session(slot));
    }
    return sum;
  }

  /**
   * The figures as Markdown, for docs/ingestion.md ({@link RoomFiguresMarkdown}).
   *
   * @param cpuNs CPU time of the thread that ran the room (simulator + gateway), or -1
   * @param engineCpuNs CPU times of replaying the recorded events through a fresh engine, once per
   *     replay (none: no replay)
   * @param engineReplayNs session time each replay covered
   */
  public String markdown(long cpuNs, long[] engineCpuNs, long engineReplayNs) {
    return new RoomFiguresMarkdown(this, fleet, room.engine())
        .render(cpuNs, engineCpuNs, engineReplayNs);
  }
}
