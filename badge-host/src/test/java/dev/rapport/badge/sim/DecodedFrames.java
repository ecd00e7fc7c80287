package dev.rapport.badge.sim;

import dev.rapport.badge.protocol.AccelFrame;
import dev.rapport.badge.protocol.AckFrame;
import dev.rapport.badge.protocol.DecodeError;
import dev.rapport.badge.protocol.FrameDecoder;
import dev.rapport.badge.protocol.FrameHandler;
import dev.rapport.badge.protocol.HelloFrame;
import dev.rapport.badge.protocol.MicEnergyFrame;
import dev.rapport.badge.protocol.NackFrame;
import dev.rapport.badge.protocol.StatusFrame;
import dev.rapport.badge.protocol.TimeSyncResponseFrame;
import java.util.ArrayList;
import java.util.List;

/** Test handler decoding a simulated byte stream with the protocol's own decoder, into records. */
final class DecodedFrames implements FrameHandler {
  record Header(int type, int badgeId, int sequence, long tick) {}

  record Hello(
      int badgeId,
      int sequence,
      long tick,
      long tickRateHz,
      long accelRateMilliHz,
      long scaleNanoG,
      int micPeriodMs,
      int rangeG,
      int capabilities,
      int hardwareRevision) {}

  record Accel(
      int badgeId,
      int sequence,
      long tick,
      long firstSampleTick,
      int[] xMg,
      int[] yMg,
      int[] zMg) {}

  record Mic(
      int badgeId, int sequence, long tick, long firstPeriodTick, int periodMs, int[] levels) {}

  record Status(
      int badgeId, int sequence, long tick, int batteryMv, int batteryPercent, int flags) {}

  record SyncResponse(
      int badgeId, int sequence, long tick, long correlationId, long receiveTick, long sendTick) {}

  record Reply(boolean ack, int badgeId, int sequence, long correlationId, int opcode, int code) {}

  record Error(DecodeError error, int badgeId) {}

  final List<Header> headers = new ArrayList<>();
  final List<Hello> hellos = new ArrayList<>();
  final List<Accel> accels = new ArrayList<>();
  final List<Mic> mics = new ArrayList<>();
  final List<Status> statuses = new ArrayList<>();
  final List<SyncResponse> syncs = new ArrayList<>();
  final List<Reply> replies = new ArrayList<>();
  final List<Error> errors = new ArrayList<>();
  final FrameDecoder decoder =
      new FrameDecoder(
          this,
          e -> {
            throw e;
          });

  static DecodedFrames of(byte[] bytes) {
    DecodedFrames frames = new DecodedFrames();
    frames.decoder.onBytes(bytes, 0, bytes.length);
    return frames;
  }

  @Override
  public void onHello(HelloFrame f) {
    headers.add(new Header(f.type(), f.badgeId(), f.sequence(), f.tick()));
    hellos.add(
        new Hello(
            f.badgeId(),
            f.sequence(),
            f.tick(),
            f.tickRateHz(),
            f.accelRateMilliHz(),
            f.accelScaleNanoGPerLsb(),
            f.micPeriodMs(),
            f.accelRangeG(),
            f.capabilities(),
            f.hardwareRevision()));
  }

  @Override
  public void onAccel(AccelFrame f) {
    headers.add(new Header(f.type(), f.badgeId(), f.sequence(), f.tick()));
    int n = f.sampleCount();
    int[] x = new int[n];
    int[] y = new int[n];
    int[] z = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = f.xMg(i);
      y[i] = f.yMg(i);
      z[i] = f.zMg(i);
    }
    accels.add(new Accel(f.badgeId(), f.sequence(), f.tick(), f.firstSampleTick(), x, y, z));
  }

  @Override
  public void onMicEnergy(MicEnergyFrame f) {
    headers.add(new Header(f.type(), f.badgeId(), f.sequence(), f.tick()));
    int[] levels = new int[f.count()];
    for (int i = 0; i < levels.length; i++) {
      levels[i] = f.levelCentiDb(i);
    }
    mics.add(
        new Mic(f.badgeId(), f.sequence(), f.tick(), f.firstPeriodTick(), f.periodMs(), levels));
  }

  @Override
  public void onStatus(StatusFrame f) {
    headers.add(new Header(f.type(), f.badgeId(), f.sequence(), f.tick()));
    statuses.add(
        new Status(
            f.badgeId(), f.sequence(), f.tick(), f.batteryMv(), f.batteryPercent(), f.flags()));
  }

  @Override
  public void onTimeSyncResponse(TimeSyncResponseFrame f) {
    headers.add(new Header(f.type(), f.badgeId(), f.sequence(), f.tick()));
    syncs.add(
        new SyncResponse(
            f.badgeId(), f.sequence(), f.tick(), f.correlationId(), f.receiveTick(), f.sendTick()));
  }

  @Override
  public void onAck(AckFrame f) {
    headers.add(new Header(f.type(), f.badgeId(), f.sequence(), f.tick()));
    replies.add(
        new Reply(true, f.badgeId(), f.sequence(), f.correlationId(), f.opcode(), f.status()));
  }

  @Override
  public void onNack(NackFrame f) {
    headers.add(new Header(f.type(), f.badgeId(), f.sequence(), f.tick()));
    replies.add(
        new Reply(false, f.badgeId(), f.sequence(), f.correlationId(), f.opcode(), f.reason()));
  }

  @Override
  public void onDecodeError(DecodeError error, int badgeId) {
    errors.add(new Error(error, badgeId));
  }

  List<Header> headersOf(int badgeId) {
    return headers.stream().filter(h -> h.badgeId() == badgeId).toList();
  }
}
