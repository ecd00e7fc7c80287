package dev.rapport.badge.sim;

import java.util.Objects;

/**
 * A room of people wearing badges, producing accelerometer and microphone samples on true session
 * time (starting at 0), deterministically from {@link SimConfig#seed()}.
 *
 * <p>Drive it forward with {@link #advanceTo(long, SampleSink)}; the samples go to the sink as
 * primitives, so a long run allocates nothing after construction. Single-threaded: the thread that
 * calls {@code advanceTo} owns the room.
 */
public final class SimulatedRoom {
  private static final int STREAM_TRAITS = 0;
  private static final int STREAM_FLOOR = 1;
  private static final int STREAM_BACKCHANNEL = 2;
  private static final int STREAM_MOVEMENT = 3;
  private static final int STREAM_POSTURE = 4;
  private static final int STREAM_SENSOR = 5;
  private static final int STREAM_VOICE = 6;
  private static final int STREAM_MIC_NOISE = 7;

  /** Utterances are kept this long after they end, beyond any look-back of the sample loop. */
  private static final long VOICE_RETENTION_US = 1_000_000;

  private static final double BREATHING_AMPLITUDE_DEG = 0.4;

  private final SimConfig config;
  private final int people;
  private final RoomLayout layout;
  private final PersonTraits[] traits;
  private final VoiceTrack[] voices;
  private final Conversation[] tables;
  private final BackchannelSource[] backchannels;
  private final BurstTrack[] bursts;
  private final BurstSource[] burstSources;
  private final PostureTrack[] postures;
  private final SimRandom[] sensorRng;
  private final MicField mic;
  private final int[] micOut;
  private final double[] burstOut = new double[3];
  private final long[] speakingUs;
  private final double accelPeriodS;

  private long nextAccelIndex;
  private long nextMicIndex;

  private SimulatedRoom(SimConfig config) {
    this.config = config;
    this.people = config.badgeCount();
    long seed = config.seed();
    this.layout = new RoomLayout(people, config.peoplePerTable());
    CouplingSchedule coupling = new CouplingSchedule(config.couplings(), people);
    traits = new PersonTraits[people];
    voices = new VoiceTrack[people];
    bursts = new BurstTrack[people];
    postures = new PostureTrack[people];
    sensorRng = new SimRandom[people];
    SimRandom[] voiceRng = new SimRandom[people];
    SimRandom[] micNoiseRng = new SimRandom[people];
    for (int p = 0; p < people; p++) {
      traits[p] = new PersonTraits(SimRandom.stream(seed, STREAM_TRAITS, p), config.noiseFloorDb());
      voices[p] = new VoiceTrack();
      bursts[p] = new BurstTrack();
      sensorRng[p] = SimRandom.stream(seed, STREAM_SENSOR, p);
      voiceRng[p] = SimRandom.stream(seed, STREAM_VOICE, p);
      micNoiseRng[p] = SimRandom.stream(seed, STREAM_MIC_NOISE, p);
    }
    tables = new Conversation[layout.tables()];
    for (int t = 0; t < tables.length; t++) {
      int first = layout.firstOfTable(t);
      int size = layout.firstOfTable(t + 1) - first;
      tables[t] =
          new Conversation(
              first, size, traits, voices, coupling, SimRandom.stream(seed, STREAM_FLOOR, t));
    }
    backchannels = new BackchannelSource[people];
    burstSources = new BurstSource[people];
    for (int p = 0; p < people; p++) {
      Conversation table = tables[layout.tableOf(p)];
      backchannels[p] =
          new BackchannelSource(
              p, traits[p], voices[p], table, SimRandom.stream(seed, STREAM_BACKCHANNEL, p));
      burstSources[p] =
          new BurstSource(
              p,
              traits[p],
              voices[p],
              table,
              bursts,
              coupling,
              SimRandom.stream(seed, STREAM_MOVEMENT, p));
      postures[p] =
          new PostureTrack(
              p, traits[p], postures, coupling, SimRandom.stream(seed, STREAM_POSTURE, p));
    }
    mic = new MicField(layout, traits, voiceRng, micNoiseRng);
    micOut = new int[people];
    speakingUs = new long[people];
    accelPeriodS = 1.0 / config.accelRateHz();
  }

  public static SimulatedRoom create(SimConfig config) {
    return new SimulatedRoom(Objects.requireNonNull(config, "config"));
  }

  public SimConfig config() {
    return config;
  }

  public int badgeCount() {
    return people;
  }

  /**
   * Produces every accelerometer sample with a time before {@code endUs} and every microphone value
   * whose period ends at or before {@code endUs}, badge by badge in id order at each instant.
   * Calling it again with the same or an earlier time does nothing.
   */
  public void advanceTo(long endUs, SampleSink sink) {
    Objects.requireNonNull(sink, "sink");
    long micPeriodUs = config.micPeriodUs();
    while (true) {
      long accelUs = config.accelSampleTimeUs(nextAccelIndex);
      long micEndUs = (nextMicIndex + 1) * micPeriodUs;
      boolean accelDue = accelUs < endUs;
      boolean micDue = micEndUs <= endUs;
      if (accelDue && (!micDue || accelUs <= micEndUs)) {
        processEventsThrough(accelUs);
        emitAccel(accelUs, sink);
        nextAccelIndex++;
      } else if (micDue) {
        processEventsThrough(micEndUs);
        emitMic(micEndUs - micPeriodUs, micEndUs, sink);
        nextMicIndex++;
      } else {
        return;
      }
    }
  }

  /** Every sample stamped before this time has been delivered (accelerometer and microphone). */
  public long deliveredBeforeUs() {
    return Math.min(config.accelSampleTimeUs(nextAccelIndex), nextMicIndex * config.micPeriodUs());
  }

  /**
   * Ground truth: microseconds badge {@code badgeId}'s wearer has spoken (turns and backchannels)
   * within the microphone periods delivered so far.
   */
  public long speakingUs(int badgeId) {
    return speakingUs[index(badgeId)];
  }

  /** Ground truth: the table (conversation group) of a badge, 0-based. */
  public int tableOf(int badgeId) {
    return layout.tableOf(index(badgeId));
  }

  /** Ground truth: distance in metres between two wearers' seats. */
  public double seatDistanceM(int badgeA, int badgeB) {
    return badgeA == badgeB ? 0.0 : layout.voiceDistanceM(index(badgeA), index(badgeB));
  }

  /**
   * Bursts, posture shifts and utterances that did not fit the fixed-size buffers; zero unless the
   * configuration is extreme. Reported so that a loss is never silent.
   */
  public long droppedEvents() {
    long dropped = 0;
    for (int p = 0; p < people; p++) {
      dropped += bursts[p].droppedBursts() + postures[p].droppedShifts();
      dropped += voices[p].droppedUtterances();
    }
    return dropped;
  }

  private int index(int badgeId) {
    if (badgeId < 1 || badgeId > people) {
      throw new IllegalArgumentException(
          "badge id not in this room, badgeId=" + badgeId + " badgeCount=" + people);
    }
    return badgeId - 1;
  }

  private void processEventsThrough(long timeUs) {
    for (Conversation table : tables) {
      table.planThrough(timeUs);
    }
    for (int p = 0; p < people; p++) {
      backchannels[p].generateThrough(timeUs);
    }
    for (int p = 0; p < people; p++) {
      postures[p].generateThrough(timeUs);
      burstSources[p].generateThrough(timeUs);
    }
  }

  private void emitAccel(long timeUs, SampleSink sink) {
    double rangeMg = config.accelFullScaleMg();
    double noiseMg = config.accelNoiseMg();
    double timeS = timeUs * 1e-6;
    for (int p = 0; p < people; p++) {
      PostureTrack posture = postures[p];
      PersonTraits t = traits[p];
      posture.applyPendingThrough(timeUs);
      posture.stepDrift(accelPeriodS);
      double breathingDeg =
          BREATHING_AMPLITUDE_DEG
              * StrictMath.sin(2.0 * StrictMath.PI * t.breathingHz * timeS + t.breathingPhaseRad);
      double pitch = StrictMath.toRadians(posture.pitchDegAt(timeUs) + breathingDeg);
      double roll = StrictMath.toRadians(posture.rollDegAt(timeUs));
      double cosPitch = StrictMath.cos(pitch);
      bursts[p].accelerationAt(timeUs, burstOut);
      SimRandom rng = sensorRng[p];
      // Badge axes as docs/protocol.md: +z up the torso, +y out of the chest, +x to the right.
      double x = -1000.0 * StrictMath.sin(roll) * cosPitch + burstOut[0] + t.biasXMg;
      double y = -1000.0 * StrictMath.sin(pitch) + burstOut[1] + t.biasYMg;
      double z = 1000.0 * StrictMath.cos(roll) * cosPitch + burstOut[2] + t.biasZMg;
      x += noiseMg * rng.normal();
      y += noiseMg * rng.normal();
      z += noiseMg * rng.normal();
      sink.onAccel(p + 1, timeUs, clamp(x, rangeMg), clamp(y, rangeMg), clamp(z, rangeMg));
    }
  }

  private void emitMic(long fromUs, long toUs, SampleSink sink) {
    mic.evaluate(fromUs, toUs, voices, micOut);
    for (int p = 0; p < people; p++) {
      speakingUs[p] += voices[p].speakingUs(fromUs, toUs);
      voices[p].pruneEndedBefore(fromUs - VOICE_RETENTION_US);
      sink.onMicLevel(p + 1, fromUs, micOut[p]);
    }
  }

  private static int clamp(double valueMg, double rangeMg) {
    double clamped = Math.max(-rangeMg, Math.min(rangeMg, valueMg));
    return (int) Math.round(clamped);
  }
}
