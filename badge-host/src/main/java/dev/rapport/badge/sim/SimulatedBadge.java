package dev.rapport.badge.sim;

import dev.rapport.badge.protocol.AccelFrame;
import dev.rapport.badge.protocol.BadgeId;
import dev.rapport.badge.protocol.CommandFrame;
import dev.rapport.badge.protocol.CommandOpcode;
import dev.rapport.badge.protocol.Frame;
import dev.rapport.badge.protocol.FrameEncoder;
import dev.rapport.badge.protocol.FrameType;
import dev.rapport.badge.protocol.HelloFrame;
import dev.rapport.badge.protocol.MicEnergyFrame;
import dev.rapport.badge.protocol.ReplyCode;
import dev.rapport.badge.protocol.StatusFrame;
import dev.rapport.badge.protocol.TimeSyncRequestFrame;

/**
 * One simulated badge's firmware, as docs/protocol.md section 8 describes it: at boot a 0x00, HELLO
 * and STATUS; then ACCEL and MIC_ENERGY batches of the room's samples while streaming, STATUS every
 * {@code statusPeriodMs} with the battery draining; TIME_SYNC_REQUESTs answered with the receive
 * and send ticks; COMMANDs answered with ACK or NACK (duplicates by correlation id get ACK
 * DUPLICATE). Every tick it writes comes from its {@link BadgeClock}, up to {@code tickJitterUs}
 * late. Driven by {@link BadgeFleet} on the simulation thread; allocates nothing per frame.
 *
 * <p>The simulated sensor has fixed rates: SET_ACCEL and SET_MIC_PERIOD are acknowledged when they
 * ask for the current values and refused with NACK UNSUPPORTED_VALUE otherwise. Stopping a stream
 * sends its partial batch first.
 */
public final class SimulatedBadge {
  /** Firmware version in HELLO: 1.0.0; hardware revision 0 marks a simulated badge. */
  public static final int FIRMWARE_MAJOR = 1;

  public static final int HARDWARE_REVISION_SIMULATED = 0;
  static final int BATTERY_EMPTY_MV = 3300;
  static final int BATTERY_FULL_MV = 4200;
  static final int BATTERY_LOW_MV = 3500;
  private static final int REMEMBERED_COMMANDS = 8;

  private final int badgeId;
  private final BadgeClock clock;
  private final SimConfig room;
  private final BadgeFleetConfig fleet;
  private final Uplink uplink;
  private final FrameEncoder encoder;
  private final byte[] wire;
  private final SimRandom rng;
  private final int batteryStartMv;
  private final long accelScaleNanoG;

  private final CommandFrame command = new CommandFrame();
  private final TimeSyncRequestFrame timeSyncRequest = new TimeSyncRequestFrame();

  private final short[] accelX;
  private final short[] accelY;
  private final short[] accelZ;
  private int accelCount;
  private long accelFirstUs;
  private final int[] micLevels;
  private int micCount;
  private long micFirstUs;

  private int sequence;
  private boolean accelStreaming = true;
  private boolean micStreaming = true;
  private long identifyUntilUs = Long.MIN_VALUE;
  private long nextStatusUs;
  private long lastHostUnixMs = Long.MIN_VALUE;
  private final long[] recentCorrelationIds = new long[REMEMBERED_COMMANDS];
  private int recentCount;
  private long framesBuilt;
  private long commandsAnswered;
  private long timeSyncsAnswered;

  SimulatedBadge(
      int badgeId,
      BadgeClock clock,
      SimConfig room,
      BadgeFleetConfig fleet,
      Uplink uplink,
      FrameEncoder encoder,
      byte[] wire,
      SimRandom rng) {
    this.badgeId = badgeId;
    this.clock = clock;
    this.room = room;
    this.fleet = fleet;
    this.uplink = uplink;
    this.encoder = encoder;
    this.wire = wire;
    this.rng = rng;
    this.batteryStartMv = 4000 + rng.nextInt(181);
    this.accelScaleNanoG = room.accelScaleNanoG();
    accelX = new short[fleet.accelBatchSamples()];
    accelY = new short[fleet.accelBatchSamples()];
    accelZ = new short[fleet.accelBatchSamples()];
    micLevels = new int[fleet.micBatchLevels()];
  }

  public int badgeId() {
    return badgeId;
  }

  /** Ground truth for clock alignment. */
  public BadgeClock clock() {
    return clock;
  }

  public boolean isAccelStreaming() {
    return accelStreaming;
  }

  public boolean isMicStreaming() {
    return micStreaming;
  }

  public boolean isIdentifying(long trueTimeUs) {
    return trueTimeUs < identifyUntilUs;
  }

  /** The host time a SYNC_TIME command last set, or Long.MIN_VALUE if none came. */
  public long lastHostUnixMs() {
    return lastHostUnixMs;
  }

  public int batteryMvAt(long trueTimeUs) {
    long drainMv = fleet.batteryDrainMvPerHour() * trueTimeUs / 3_600_000_000L;
    return (int) Math.max(0, batteryStartMv - drainMv);
  }

  /** Frames this badge built (the sequence numbers it used), whatever the link did with them. */
  public long framesBuilt() {
    return framesBuilt;
  }

  public long commandsAnswered() {
    return commandsAnswered;
  }

  public long timeSyncsAnswered() {
    return timeSyncsAnswered;
  }

  long nextStatusUs() {
    return nextStatusUs;
  }

  void boot(long timeUs) {
    wire[0] = 0; // flushes whatever partial frame the receiver holds
    uplink.sendClean(timeUs, wire, 0, 1);
    sendHello(timeUs);
    sendStatus(timeUs);
    nextStatusUs = timeUs + fleet.statusPeriodMs() * 1000L;
  }

  void onAccel(long timeUs, int xMg, int yMg, int zMg) {
    if (!accelStreaming) {
      return;
    }
    if (accelCount == 0) {
      accelFirstUs = timeUs;
    }
    accelX[accelCount] = toRaw(xMg);
    accelY[accelCount] = toRaw(yMg);
    accelZ[accelCount] = toRaw(zMg);
    accelCount++;
    if (accelCount == accelX.length) {
      sendAccel(timeUs);
    }
  }

  /** A level of the period starting at {@code periodStartUs}, known when the period has ended. */
  void onMicLevel(long periodStartUs, int levelCentiDb) {
    if (!micStreaming) {
      return;
    }
    if (micCount == 0) {
      micFirstUs = periodStartUs;
    }
    micLevels[micCount++] = levelCentiDb;
    if (micCount == micLevels.length) {
      sendMic(periodStartUs + room.micPeriodUs());
    }
  }

  void sendStatusIfDue(long timeUs) {
    while (nextStatusUs <= timeUs) {
      sendStatus(nextStatusUs);
      nextStatusUs += fleet.statusPeriodMs() * 1000L;
    }
  }

  /** A host frame (header + payload, CRC checked) reached this badge's link at {@code timeUs}. */
  void onHostFrame(long timeUs, byte[] buffer, int offset, int length) {
    int type = buffer[offset + Frame.TYPE_OFFSET] & 0xFF;
    if (type == FrameType.TIME_SYNC_REQUEST) {
      timeSyncRequest.wrap(buffer, offset, length);
      if (isForMe(timeSyncRequest.badgeId())) {
        answerTimeSync(timeUs, timeSyncRequest.correlationId());
      }
    } else if (type == FrameType.COMMAND) {
      command.wrap(buffer, offset, length);
      if (isForMe(command.badgeId())) {
        execute(timeUs + processingUs(), command);
      }
    }
  }

  private boolean isForMe(int targetId) {
    return targetId == badgeId || targetId == BadgeId.BROADCAST;
  }

  private void answerTimeSync(long receivedUs, long correlationId) {
    long receiveTick = stamp(receivedUs);
    long sendUs = receivedUs + processingUs();
    long sendTick = stamp(sendUs);
    if (((sendTick - receiveTick) & 0xFFFF_FFFFL) > 0x7FFF_FFFFL) {
      sendTick = receiveTick; // jitter never lets the answer leave before the request came
    }
    encoder
        .timeSyncResponse(badgeId, nextSequence(), sendTick)
        .correlationId(correlationId)
        .receiveTick(receiveTick)
        .sendTick(sendTick);
    send(sendUs);
    timeSyncsAnswered++;
  }

  private void execute(long replyUs, CommandFrame frame) {
    commandsAnswered++;
    long correlationId = frame.correlationId();
    int opcode = frame.opcode();
    if (!frame.hasValidArguments()) {
      int reason =
          CommandOpcode.argumentLength(opcode) < 0
              ? ReplyCode.NACK_UNKNOWN_OPCODE
              : ReplyCode.NACK_BAD_ARGUMENT_LENGTH;
      nack(replyUs, correlationId, opcode, reason);
      return;
    }
    if (remembers(correlationId)) {
      ack(replyUs, correlationId, opcode, ReplyCode.ACK_DUPLICATE);
      return;
    }
    remember(correlationId);
    switch (opcode) {
      case CommandOpcode.START_STREAMING:
        accelStreaming |= (frame.streams() & CommandOpcode.STREAM_ACCEL) != 0;
        micStreaming |= (frame.streams() & CommandOpcode.STREAM_MIC) != 0;
        ack(replyUs, correlationId, opcode, ReplyCode.ACK_DONE);
        break;
      case CommandOpcode.STOP_STREAMING:
        stopStreaming(replyUs, frame.streams());
        ack(replyUs, correlationId, opcode, ReplyCode.ACK_DONE);
        break;
      case CommandOpcode.SET_ACCEL:
        boolean sameAccel =
            frame.accelRateMilliHz() == room.accelRateHz() * 1000L
                && frame.accelRangeG() == room.accelRangeMg() / 1000;
        reply(replyUs, correlationId, opcode, sameAccel);
        break;
      case CommandOpcode.SET_MIC_PERIOD:
        reply(replyUs, correlationId, opcode, frame.micPeriodMs() == room.micPeriodMs());
        break;
      case CommandOpcode.IDENTIFY:
        identifyUntilUs = replyUs + frame.identifyDurationMs() * 1000L;
        ack(replyUs, correlationId, opcode, ReplyCode.ACK_DONE);
        break;
      case CommandOpcode.SYNC_TIME:
        lastHostUnixMs = frame.hostUnixMs();
        ack(replyUs, correlationId, opcode, ReplyCode.ACK_DONE);
        break;
      case CommandOpcode.REQUEST_STATUS:
        ack(replyUs, correlationId, opcode, ReplyCode.ACK_DONE);
        sendStatus(replyUs);
        break;
      case CommandOpcode.REQUEST_HELLO:
        ack(replyUs, correlationId, opcode, ReplyCode.ACK_DONE);
        sendHello(replyUs);
        break;
      default:
        nack(replyUs, correlationId, opcode, ReplyCode.NACK_UNKNOWN_OPCODE);
        break;
    }
  }

  private void stopStreaming(long timeUs, int streams) {
    if ((streams & CommandOpcode.STREAM_ACCEL) != 0 && accelStreaming) {
      if (accelCount > 0) {
        sendAccel(timeUs);
      }
      accelStreaming = false;
    }
    if ((streams & CommandOpcode.STREAM_MIC) != 0 && micStreaming) {
      if (micCount > 0) {
        sendMic(timeUs);
      }
      micStreaming = false;
    }
  }

  private void reply(long timeUs, long correlationId, int opcode, boolean supported) {
    if (supported) {
      ack(timeUs, correlationId, opcode, ReplyCode.ACK_DONE);
    } else {
      nack(timeUs, correlationId, opcode, ReplyCode.NACK_UNSUPPORTED_VALUE);
    }
  }

  private void ack(long timeUs, long correlationId, int opcode, int status) {
    encoder.ack(badgeId, nextSequence(), stamp(timeUs)).reply(correlationId, opcode, status);
    send(timeUs);
  }

  private void nack(long timeUs, long correlationId, int opcode, int reason) {
    encoder.nack(badgeId, nextSequence(), stamp(timeUs)).reply(correlationId, opcode, reason);
    send(timeUs);
  }

  private boolean remembers(long correlationId) {
    for (int i = 0; i < Math.min(recentCount, REMEMBERED_COMMANDS); i++) {
      if (recentCorrelationIds[i] == correlationId) {
        return true;
      }
    }
    return false;
  }

  private void remember(long correlationId) {
    recentCorrelationIds[recentCount % REMEMBERED_COMMANDS] = correlationId;
    recentCount++;
  }

  private void sendHello(long timeUs) {
    HelloFrame hello = encoder.hello(badgeId, nextSequence(), stamp(timeUs));
    hello
        .firmwareVersion(FIRMWARE_MAJOR, 0, 0)
        .hardwareRevision(HARDWARE_REVISION_SIMULATED)
        .tickRateHz(clock.tickRateHz())
        .accelRateMilliHz(room.accelRateHz() * 1000L)
        .accelScaleNanoGPerLsb(accelScaleNanoG)
        .micPeriodMs(room.micPeriodMs())
        .accelRangeG(room.accelRangeMg() / 1000)
        .capabilities(
            HelloFrame.CAPABILITY_ACCEL
                | HelloFrame.CAPABILITY_MIC
                | HelloFrame.CAPABILITY_BATTERY
                | HelloFrame.CAPABILITY_IDENTIFY);
    send(timeUs);
  }

  private void sendStatus(long timeUs) {
    int batteryMv = batteryMvAt(timeUs);
    int percent =
        (int)
            Math.max(
                0,
                Math.min(
                    100,
                    (batteryMv - BATTERY_EMPTY_MV) * 100L / (BATTERY_FULL_MV - BATTERY_EMPTY_MV)));
    int flags =
        (accelStreaming ? StatusFrame.FLAG_ACCEL_STREAMING : 0)
            | (micStreaming ? StatusFrame.FLAG_MIC_STREAMING : 0)
            | (batteryMv < BATTERY_LOW_MV ? StatusFrame.FLAG_LOW_BATTERY : 0)
            | (isIdentifying(timeUs) ? StatusFrame.FLAG_IDENTIFYING : 0);
    encoder
        .status(badgeId, nextSequence(), stamp(timeUs))
        .batteryMv(batteryMv)
        .batteryPercent(percent)
        .flags(flags)
        .droppedAccelSamples(0)
        .droppedMicPeriods(0);
    send(timeUs);
  }

  private void sendAccel(long timeUs) {
    AccelFrame accel = encoder.accel(badgeId, nextSequence(), stamp(timeUs));
    accel
        .firstSampleTick(stamp(accelFirstUs))
        .sampleRateMilliHz(room.accelRateHz() * 1000L)
        .scaleNanoGPerLsb(accelScaleNanoG);
    for (int i = 0; i < accelCount; i++) {
      accel.appendSample(accelX[i], accelY[i], accelZ[i]);
    }
    accelCount = 0;
    send(timeUs);
  }

  private void sendMic(long timeUs) {
    MicEnergyFrame mic = encoder.micEnergy(badgeId, nextSequence(), stamp(timeUs));
    mic.firstPeriodTick(stamp(micFirstUs)).periodMs(room.micPeriodMs());
    for (int i = 0; i < micCount; i++) {
      mic.appendLevel(micLevels[i]);
    }
    micCount = 0;
    send(timeUs);
  }

  private void send(long timeUs) {
    int length = encoder.finish(wire, 0);
    framesBuilt++;
    uplink.sendFrame(timeUs, wire, 0, length);
  }

  private int nextSequence() {
    int s = sequence;
    sequence = (sequence + 1) & 0xFFFF;
    return s;
  }

  /** The counter as the badge reads it for an event at {@code trueTimeUs}: a little late. */
  private long stamp(long trueTimeUs) {
    int jitterUs = fleet.tickJitterUs();
    return clock.ticksU32At(jitterUs == 0 ? trueTimeUs : trueTimeUs + rng.nextInt(jitterUs + 1));
  }

  private long processingUs() {
    int min = fleet.processingMinUs();
    int max = fleet.processingMaxUs();
    return min + (max > min ? rng.nextInt(max - min + 1) : 0);
  }

  /** mg to the sensor's LSB, rounded half away from zero; exact round trip at scales below 1 mg. */
  private short toRaw(int valueMg) {
    long scaled = valueMg * 1_000_000L;
    long half = accelScaleNanoG / 2;
    long raw =
        scaled >= 0 ? (scaled + half) / accelScaleNanoG : -((-scaled + half) / accelScaleNanoG);
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, raw));
  }
}
