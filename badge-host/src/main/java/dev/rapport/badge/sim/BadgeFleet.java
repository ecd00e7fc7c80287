package dev.rapport.badge.sim;

import dev.rapport.badge.protocol.FrameEncoder;
import dev.rapport.badge.protocol.Protocol;
import java.util.Objects;

/**
 * A room of simulated badges on simulated links: the {@link SimulatedRoom}'s samples become
 * protocol frames ({@link SimulatedBadge}), which travel over one or more links with delays and
 * impairments ({@link LinkImpairments}) to a {@link WireSink}; what the host writes back (TIME_SYNC
 * requests, commands) goes in through {@link #onHostBytes}. Deterministic from the room's seed;
 * every badge's clock is ground truth ({@link SimulatedBadge#clock()}). All badges boot at session
 * time 0.
 *
 * <p>Single-threaded: the thread calling {@link #advanceTo} and {@link #onHostBytes} owns the
 * fleet. Nothing is allocated per sample or frame after construction.
 */
public final class BadgeFleet {
  private static final int STREAM_BADGE = 8;
  private static final int STREAM_CLOCK = 9;
  private static final int STREAM_UPLINK = 10;
  private static final int STREAM_DOWNLINK = 11;

  /** Longest stretch the fleet runs without releasing frames to the wire. */
  static final long MAX_STEP_US = 100_000;

  private final SimulatedRoom room;
  private final BadgeFleetConfig config;
  private final SimulatedBadge[] badges;
  private final Uplink[] uplinks;
  private final Downlink[] downlinks;
  private final int[] linkOfBadge;
  private final Dispatcher dispatcher = new Dispatcher();
  private boolean booted;
  private long timeUs;

  private BadgeFleet(SimConfig roomConfig, BadgeFleetConfig config) {
    this.room = SimulatedRoom.create(roomConfig);
    this.config = config;
    long seed = roomConfig.seed();
    int n = roomConfig.badgeCount();
    for (Integer id : config.clocks().keySet()) {
      if (id < 1 || id > n) {
        throw new IllegalArgumentException(
            "clock given for a badge not in the room, badgeId=" + id + " badgeCount=" + n);
      }
    }
    int links = config.linkCount(n);
    uplinks = new Uplink[links];
    downlinks = new Downlink[links];
    for (int l = 0; l < links; l++) {
      uplinks[l] = new Uplink(config.impairments(), SimRandom.stream(seed, STREAM_UPLINK, l));
      downlinks[l] = new Downlink(config.impairments(), SimRandom.stream(seed, STREAM_DOWNLINK, l));
    }
    FrameEncoder encoder = new FrameEncoder();
    byte[] wire = new byte[Protocol.MAX_WIRE_LENGTH];
    badges = new SimulatedBadge[n];
    linkOfBadge = new int[n];
    for (int i = 0; i < n; i++) {
      int id = i + 1;
      linkOfBadge[i] = config.linkOf(id);
      BadgeClock clock = config.clocks().get(id);
      if (clock == null) {
        clock = drawClock(SimRandom.stream(seed, STREAM_CLOCK, i));
      }
      badges[i] =
          new SimulatedBadge(
              id,
              clock,
              roomConfig,
              config,
              uplinks[linkOfBadge[i]],
              encoder,
              wire,
              SimRandom.stream(seed, STREAM_BADGE, i));
    }
  }

  public static BadgeFleet create(SimConfig roomConfig, BadgeFleetConfig badgeConfig) {
    return new BadgeFleet(
        Objects.requireNonNull(roomConfig, "roomConfig"),
        Objects.requireNonNull(badgeConfig, "badgeConfig"));
  }

  private BadgeClock drawClock(SimRandom rng) {
    long start = config.randomStartTicks() ? rng.nextLong() >>> 32 : 0;
    double drift = rng.uniform(-config.maxDriftPpm(), config.maxDriftPpm());
    return new BadgeClock(config.tickRateHz(), start, drift);
  }

  public SimulatedRoom room() {
    return room;
  }

  public BadgeFleetConfig config() {
    return config;
  }

  public int badgeCount() {
    return badges.length;
  }

  public SimulatedBadge badge(int badgeId) {
    if (badgeId < 1 || badgeId > badges.length) {
      throw new IllegalArgumentException(
          "badge id not in this fleet, badgeId=" + badgeId + " badgeCount=" + badges.length);
    }
    return badges[badgeId - 1];
  }

  public int linkCount() {
    return uplinks.length;
  }

  public int linkOf(int badgeId) {
    return linkOfBadge[badge(badgeId).badgeId() - 1];
  }

  /** Session time up to which the fleet has run. */
  public long timeUs() {
    return timeUs;
  }

  /** Ground truth of what link {@code link} did so far. */
  public LinkStats linkStats(int link) {
    Uplink up = uplinks[link];
    Downlink down = downlinks[link];
    return new LinkStats(
        up.framesSent,
        up.framesLost,
        up.framesCorrupted,
        up.framesDuplicated,
        up.framesReordered,
        up.framesDelivered,
        up.queueOverflows + down.queueOverflows,
        down.hostFramesSent,
        down.hostFramesLost,
        down.hostFramesCorrupted,
        down.hostDecodeErrors);
  }

  /**
   * Bytes the host wrote to link {@code link} at session time {@code sendTimeUs} (normally the
   * fleet's current time). Frames addressed to a badge on this link, or broadcast, reach it after
   * the link's delay and are answered on the next {@link #advanceTo}.
   */
  public void onHostBytes(int link, long sendTimeUs, byte[] buffer, int offset, int length) {
    downlinks[link].onHostBytes(sendTimeUs, buffer, offset, length);
  }

  /**
   * Runs the session until {@code endUs} and hands {@code wire} every byte that reaches the host by
   * then (arrival time at most {@code endUs}). Samples follow {@link SimulatedRoom#advanceTo}.
   */
  public void advanceTo(long endUs, WireSink wire) {
    advanceTo(endUs, wire, null);
  }

  /**
   * As {@link #advanceTo(long, WireSink)}, also handing every sample the badges measure to {@code
   * samples} (e.g. a {@link GridCsvWriter}, to write the session's truth beside the byte stream).
   */
  public void advanceTo(long endUs, WireSink wire, SampleSink samples) {
    Objects.requireNonNull(wire, "wire");
    dispatcher.tee = samples;
    if (!booted) {
      booted = true;
      for (SimulatedBadge badge : badges) {
        badge.boot(0);
      }
    }
    while (true) {
      // Statuses and host frames happen at their exact times; in between the fleet moves in
      // steps on a fixed grid, releasing what has arrived, so frames in flight stay few however
      // far one call goes, and the bytes do not depend on how the caller steps.
      long nextEventUs = (Math.floorDiv(timeUs, MAX_STEP_US) + 1) * MAX_STEP_US;
      boolean statusDue = false;
      for (SimulatedBadge badge : badges) {
        if (badge.nextStatusUs() <= nextEventUs) {
          nextEventUs = badge.nextStatusUs();
          statusDue = true;
        }
      }
      int hostLink = -1;
      for (int l = 0; l < downlinks.length; l++) {
        if (downlinks[l].hasPending() && downlinks[l].nextArrivalUs() < nextEventUs) {
          nextEventUs = downlinks[l].nextArrivalUs();
          hostLink = l;
        }
      }
      if (nextEventUs >= endUs) {
        break;
      }
      room.advanceTo(nextEventUs, dispatcher);
      if (hostLink >= 0) {
        deliverHostFrame(hostLink, nextEventUs);
      } else if (statusDue) {
        for (SimulatedBadge badge : badges) {
          badge.sendStatusIfDue(nextEventUs);
        }
      }
      timeUs = Math.max(timeUs, nextEventUs);
      release(nextEventUs, wire);
    }
    room.advanceTo(endUs, dispatcher);
    timeUs = Math.max(timeUs, endUs);
    release(endUs, wire);
    dispatcher.tee = null;
  }

  private void release(long untilUs, WireSink wire) {
    for (int l = 0; l < uplinks.length; l++) {
      uplinks[l].release(l, untilUs, wire);
    }
  }

  private void deliverHostFrame(int link, long arrivalUs) {
    Downlink down = downlinks[link];
    for (int i = 0; i < badges.length; i++) {
      if (linkOfBadge[i] == link) {
        badges[i].onHostFrame(arrivalUs, down.slots(), down.nextOffset(), down.nextLength());
      }
    }
    down.dropNext();
  }

  /** Fans the room's samples out to the badges (and optionally to another sink). */
  private final class Dispatcher implements SampleSink {
    SampleSink tee;

    @Override
    public void onAccel(int badgeId, long trueTimeUs, int xMg, int yMg, int zMg) {
      badges[badgeId - 1].onAccel(trueTimeUs, xMg, yMg, zMg);
      if (tee != null) {
        tee.onAccel(badgeId, trueTimeUs, xMg, yMg, zMg);
      }
    }

    @Override
    public void onMicLevel(int badgeId, long trueTimeUs, int levelCentiDb) {
      badges[badgeId - 1].onMicLevel(trueTimeUs, levelCentiDb);
      if (tee != null) {
        tee.onMicLevel(badgeId, trueTimeUs, levelCentiDb);
      }
    }
  }
}
