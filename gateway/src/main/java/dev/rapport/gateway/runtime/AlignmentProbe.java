package dev.rapport.gateway.runtime;

import dev.rapport.badge.clock.ClockAligner;
import dev.rapport.badge.protocol.AccelFrame;
import dev.rapport.badge.protocol.Frame;
import dev.rapport.badge.protocol.FrameType;
import dev.rapport.badge.sim.BadgeClock;
import dev.rapport.badge.sim.BadgeFleet;
import dev.rapport.gateway.engine.EngineEvent;
import dev.rapport.gateway.engine.GatewayEngine;
import dev.rapport.gateway.ingest.BadgeSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Measures clock alignment where it matters: for every ACCEL frame the engine is about to place,
 * the gateway time the badge's clock model gives the frame's first-sample tick, against the true
 * gateway time at which that badge's counter reached that tick (the simulator's {@link
 * BadgeClock}). It runs as the room's event recorder, so it sees each frame just before the engine
 * does, with the very model the engine will use (models change only on TIME_SYNC responses, which
 * are events of their own). It only reads the model, so the run is the same with or without it.
 *
 * <p>Errors are kept per badge-independent time bucket (e.g. per minute of session time) and
 * overall after a settling time, as absolute nanoseconds. Engine thread only.
 */
public final class AlignmentProbe implements Consumer<EngineEvent> {
  private static final long U32_MASK = 0xFFFF_FFFFL;
  private static final long HIGHEST_TRACKABLE_NS = 600_000_000_000L;
  private static final int SIGNIFICANT_DIGITS = 3;

  private final BadgeFleet fleet;
  private final long originNs;
  private final long settleNs;
  private final long bucketNs;
  private final AccelFrame accel = new AccelFrame();
  private final int[] slotOfBadge = new int[0x10000];
  private final Histogram settled = newHistogram();
  private final List<Histogram> buckets = new ArrayList<>();
  private GatewayEngine engine;
  private long settledMaxNs;
  private long framesNotPlaced;
  private long framesMeasured;

  /**
   * @param originNs gateway time of session time 0 (where the fleet's clocks are true)
   * @param settleNs session time after which errors count towards the target (e.g. 30 s)
   * @param bucketNs width of the time buckets of {@link #bucket(int)}
   */
  public AlignmentProbe(BadgeFleet fleet, long originNs, long settleNs, long bucketNs) {
    if (settleNs < 0 || bucketNs <= 0) {
      throw new IllegalArgumentException(
          "bad probe times, settleNs=" + settleNs + " bucketNs=" + bucketNs);
    }
    this.fleet = fleet;
    this.originNs = originNs;
    this.settleNs = settleNs;
    this.bucketNs = bucketNs;
    Arrays.fill(slotOfBadge, -1);
  }

  /** The engine whose badge sessions are probed; frames before this call are not measured. */
  public void attach(GatewayEngine engine) {
    this.engine = engine;
  }

  @Override
  public void accept(EngineEvent event) {
    if (engine == null || event.kind() != EngineEvent.Kind.FRAME) {
      return;
    }
    byte[] bytes = event.bytes();
    if (bytes.length < Frame.HEADER_LENGTH
        || (bytes[Frame.TYPE_OFFSET] & 0xFF) != FrameType.ACCEL) {
      return;
    }
    accel.wrap(bytes, 0, bytes.length);
    int badgeId = accel.badgeId();
    BadgeSession session = session(badgeId);
    if (session == null || badgeId < 1 || badgeId > fleet.badgeCount()) {
      return;
    }
    ClockAligner aligner = session.clockAligner();
    long tickU32 = accel.firstSampleTick();
    long assignedNs = aligner.toGatewayNanos(tickU32);
    // The engine places a batch only when its model can place it within half a grid tick; the
    // batches it drops have no gateway time to measure.
    if (assignedNs == ClockAligner.NO_TIME
        || aligner.estimatedErrorNanosAt(assignedNs)
            > BadgeSession.DEFAULT_MAX_PLACEMENT_ERROR_NS) {
      framesNotPlaced++;
      return;
    }
    BadgeClock clock = fleet.badge(badgeId).clock();
    long nearUs = Math.max(0, (event.timeNs() - originNs) / 1_000L);
    long errorNs = Math.abs(assignedNs - trueGatewayNs(clock, originNs, tickU32, nearUs));
    long sessionNs = event.timeNs() - originNs;
    int bucket = (int) (sessionNs / bucketNs);
    while (buckets.size() <= bucket) {
      buckets.add(newHistogram());
    }
    record(buckets.get(bucket), errorNs);
    if (sessionNs >= settleNs) {
      record(settled, errorNs);
      settledMaxNs = Math.max(settledMaxNs, errorNs);
    }
    framesMeasured++;
  }

  /**
   * Gateway time at which a simulated badge's counter showed {@code tickU32}, unwrapped next to the
   * counter's true value at session time {@code nearUs} (ticks in frames are at most seconds old).
   *
   * @param originNs gateway time of the fleet's session time 0
   */
  public static long trueGatewayNs(BadgeClock clock, long originNs, long tickU32, long nearUs) {
    long nearTicks = clock.ticksAt(nearUs);
    long ticks = nearTicks + (int) ((tickU32 - nearTicks) & U32_MASK);
    return originNs + Math.round(clock.trueTimeUsOfTick(ticks) * 1_000.0);
  }

  private BadgeSession session(int badgeId) {
    int slot = slotOfBadge[badgeId];
    if (slot < 0) {
      for (int s = 0; s < engine.badgeCount(); s++) {
        slotOfBadge[engine.session(s).badgeId()] = s;
      }
      slot = slotOfBadge[badgeId];
    }
    return slot < 0 ? null : engine.session(slot);
  }

  private static void record(Histogram histogram, long errorNs) {
    histogram.recordValue(Math.min(errorNs, HIGHEST_TRACKABLE_NS));
  }

  private static Histogram newHistogram() {
    return new Histogram(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
  }

  /** Absolute errors of frames received after the settling time. */
  public Histogram settled() {
    return settled;
  }

  /** Exact largest error after the settling time (the histogram rounds to 3 digits). */
  public long settledMaxNs() {
    return settledMaxNs;
  }

  /** Number of time buckets seen so far. */
  public int bucketCount() {
    return buckets.size();
  }

  /** Errors of frames received in session time {@code [i * bucketNs, (i + 1) * bucketNs)}. */
  public Histogram bucket(int index) {
    return buckets.get(index);
  }

  public long bucketNs() {
    return bucketNs;
  }

  public long settleNs() {
    return settleNs;
  }

  /**
   * ACCEL frames the engine did not place because their badge's clock model could not yet place
   * them within {@link BadgeSession#DEFAULT_MAX_PLACEMENT_ERROR_NS} (or there was none).
   */
  public long framesNotPlaced() {
    return framesNotPlaced;
  }

  public long framesMeasured() {
    return framesMeasured;
  }
}
