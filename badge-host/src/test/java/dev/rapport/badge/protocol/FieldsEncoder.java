package dev.rapport.badge.protocol;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds a frame from the {@code name=value} fields of a golden vector with {@link FrameEncoder},
 * so the vector file checks the encoder as well as the decoder. Field names are those of
 * docs/protocol.md; {@code extension=hex} appends opaque bytes after a fixed payload.
 */
final class FieldsEncoder {
  private final FrameEncoder encoder = new FrameEncoder();

  byte[] encode(Map<String, String> fieldsIn) {
    final Map<String, String> f = new HashMap<>(fieldsIn);
    final int type = integer(f, "type");
    final int badgeId = integer(f, "badge_id");
    final int seq = integer(f, "seq");
    final long tick = longValue(f, "tick");
    switch (type) {
      case FrameType.HELLO:
        encoder
            .hello(badgeId, seq, tick)
            .firmwareVersion(integer(f, "fw_major"), integer(f, "fw_minor"), integer(f, "fw_patch"))
            .hardwareRevision(integer(f, "hw_revision"))
            .tickRateHz(longValue(f, "tick_rate_hz"))
            .accelRateMilliHz(longValue(f, "accel_rate_millihz"))
            .accelScaleNanoGPerLsb(longValue(f, "accel_scale_nano_g"))
            .micPeriodMs(integer(f, "mic_period_ms"))
            .accelRangeG(integer(f, "accel_range_g"))
            .capabilities(integer(f, "capabilities"));
        break;
      case FrameType.ACCEL:
        {
          final AccelFrame a =
              encoder
                  .accel(badgeId, seq, tick)
                  .firstSampleTick(longValue(f, "first_sample_tick"))
                  .sampleRateMilliHz(longValue(f, "sample_rate_millihz"))
                  .scaleNanoGPerLsb(longValue(f, "scale_nano_g"));
          final int[] x = list(f, "x");
          final int[] y = list(f, "y");
          final int[] z = list(f, "z");
          for (int i = 0; i < x.length; i++) {
            a.appendSample(x[i], y[i], z[i]);
          }
          break;
        }
      case FrameType.MIC_ENERGY:
        {
          final MicEnergyFrame m =
              encoder
                  .micEnergy(badgeId, seq, tick)
                  .firstPeriodTick(longValue(f, "first_period_tick"))
                  .periodMs(integer(f, "period_ms"));
          for (int level : list(f, "level_centi_db")) {
            m.appendLevel(level);
          }
          break;
        }
      case FrameType.STATUS:
        encoder
            .status(badgeId, seq, tick)
            .batteryMv(integer(f, "battery_mv"))
            .batteryPercent(integer(f, "battery_percent"))
            .flags(integer(f, "flags"))
            .droppedAccelSamples(longValue(f, "dropped_accel_samples"))
            .droppedMicPeriods(longValue(f, "dropped_mic_periods"));
        break;
      case FrameType.TIME_SYNC_REQUEST:
        encoder.timeSyncRequest(badgeId, seq, tick).correlationId(longValue(f, "correlation_id"));
        break;
      case FrameType.TIME_SYNC_RESPONSE:
        encoder
            .timeSyncResponse(badgeId, seq, tick)
            .correlationId(longValue(f, "correlation_id"))
            .receiveTick(longValue(f, "receive_tick"))
            .sendTick(longValue(f, "send_tick"));
        break;
      case FrameType.COMMAND:
        command(f, badgeId, seq, tick);
        break;
      case FrameType.ACK:
        encoder
            .ack(badgeId, seq, tick)
            .reply(longValue(f, "correlation_id"), integer(f, "opcode"), integer(f, "status"));
        break;
      case FrameType.NACK:
        encoder
            .nack(badgeId, seq, tick)
            .reply(longValue(f, "correlation_id"), integer(f, "opcode"), integer(f, "reason"));
        break;
      default:
        throw new IllegalArgumentException("no encoder for type=" + type);
    }
    final String extension = f.remove("extension");
    if (extension != null) {
      final byte[] bytes = Hex.parse(extension);
      encoder.appendExtension(bytes, 0, bytes.length);
    }
    f.remove("version");
    f.keySet().removeAll(derivedFields());
    return encoder.finishToArray();
  }

  /** Fields a vector may state that the host derives rather than reads (checked on decode only). */
  static java.util.Set<String> derivedFields() {
    return java.util.Set.of("x_mg", "y_mg", "z_mg");
  }

  private void command(Map<String, String> f, int badgeId, int seq, long tick) {
    final CommandFrame c =
        encoder.command(badgeId, seq, tick).correlationId(longValue(f, "correlation_id"));
    final int opcode = integer(f, "opcode");
    if (f.containsKey("argument_length")) {
      // A command whose arguments do not fit its opcode: filler bytes, as a buggy host would send.
      final byte[] args = new byte[integer(f, "argument_length")];
      Arrays.fill(args, (byte) 0x5A);
      c.rawOpcode(opcode, args, 0, args.length);
      return;
    }
    switch (opcode) {
      case CommandOpcode.START_STREAMING:
        c.startStreaming(integer(f, "streams"));
        break;
      case CommandOpcode.STOP_STREAMING:
        c.stopStreaming(integer(f, "streams"));
        break;
      case CommandOpcode.SET_ACCEL:
        c.setAccel(longValue(f, "accel_rate_millihz"), integer(f, "accel_range_g"));
        break;
      case CommandOpcode.SET_MIC_PERIOD:
        c.setMicPeriod(integer(f, "mic_period_ms"));
        break;
      case CommandOpcode.IDENTIFY:
        c.identify(integer(f, "duration_ms"));
        break;
      case CommandOpcode.SYNC_TIME:
        c.syncTime(longValue(f, "host_unix_ms"));
        break;
      case CommandOpcode.REQUEST_STATUS:
        c.requestStatus();
        break;
      case CommandOpcode.REQUEST_HELLO:
        c.requestHello();
        break;
      default:
        throw new IllegalArgumentException(
            "unknown opcode needs argument_length, opcode=" + opcode);
    }
  }

  private static int integer(Map<String, String> f, String name) {
    return Math.toIntExact(longValue(f, name));
  }

  private static long longValue(Map<String, String> f, String name) {
    final String v = f.get(name);
    if (v == null) {
      throw new IllegalArgumentException("vector lacks field, field=" + name);
    }
    return Long.parseLong(v);
  }

  private static int[] list(Map<String, String> f, String name) {
    final String v = f.get(name);
    if (v == null) {
      throw new IllegalArgumentException("vector lacks field, field=" + name);
    }
    return Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
