package dev.rapport.badge.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes docs/protocol-vectors.txt. Run only when the protocol changes on purpose (a new version),
 * then review the diff: the tests treat the committed file as the truth, so regenerating it to make
 * a failing test pass would hide a wire-format break from every badge in the field.
 *
 * <pre>
 * mvn -q -o -pl badge-host -am test-compile
 * java -cp badge-host/target/classes:badge-host/target/test-classes:$HOME/.m2/repository/org/slf4j/slf4j-api/2.0.20/slf4j-api-2.0.20.jar \
 *     dev.rapport.badge.protocol.VectorGenerator docs/protocol-vectors.txt
 * </pre>
 */
public final class VectorGenerator {
  private final List<String> out = new ArrayList<>();
  private final FieldsEncoder fieldsEncoder = new FieldsEncoder();

  public static void main(String[] args) throws IOException {
    final Path file = args.length > 0 ? Path.of(args[0]) : GoldenVectorFile.locate();
    final VectorGenerator g = new VectorGenerator();
    g.header();
    g.frames();
    g.rejects();
    g.cobs();
    g.levels();
    Files.write(file, g.out, StandardCharsets.UTF_8);
    System.out.println("wrote " + file);
  }

  private void header() {
    out.add("# Rapport badge protocol, version 1: golden test vectors (docs/protocol.md).");
    out.add("#");
    out.add("# One vector per line:   name | hex | name=value name=value ...");
    out.add(
        "# Lines starting with # and empty lines are comments. Fields are separated by '|', pairs");
    out.add(
        "# by single spaces. Hex is lowercase with no separators. Values are decimal integers;");
    out.add("# lists are comma-separated (no spaces). The name's prefix says what the line tests:");
    out.add("#");
    out.add(
        "#   frame.*  hex = the bytes on the wire, COBS-encoded, the final 00 delimiter included.");
    out.add(
        "#            Decoding them yields exactly one frame with exactly these fields (x_mg, y_mg,");
    out.add(
        "#            z_mg are derived by the host: round-half-away-from-zero of raw*scale/1e6).");
    out.add(
        "#            Encoding these fields yields exactly these bytes; 'extension' is opaque bytes");
    out.add(
        "#            a newer firmware appended after the defined payload (receivers ignore them).");
    out.add(
        "#   reject.* hex = bytes on the wire. Decoding them yields no frame and exactly one error");
    out.add(
        "#            of kind 'error' (none = nothing at all), attributed to 'badge_id' if given.");
    out.add(
        "#   cobs.*   hex = bytes on the wire; 'raw' = the bytes before COBS. Both directions hold");
    out.add(
        "#            unless encode=no (decoders must accept the form, encoders never produce it).");
    out.add(
        "#   level.*  hex = one MIC_ENERGY period of 16-bit PCM, int16 little-endian; the level");
    out.add("#            the badge must compute (docs/protocol.md, MIC_ENERGY) within +-1.");
    out.add("#");
    out.add("# Comment lines above frame vectors show the raw frame: header | payload | crc (LE).");
    out.add("");
  }

  private void frame(String name, String fields) {
    final byte[] wire = fieldsEncoder.encode(CapturedFrame.parseFields(fields));
    final byte[] raw = new byte[Protocol.MAX_FRAME_LENGTH];
    final int rawLength = Cobs.decode(wire, 0, wire.length - 1, raw, 0);
    out.add(
        "# raw: "
            + Hex.of(raw, 0, Frame.HEADER_LENGTH)
            + " | "
            + Hex.of(raw, Frame.HEADER_LENGTH, rawLength - Frame.HEADER_LENGTH - 4)
            + " | "
            + Hex.of(raw, rawLength - 4, 4));
    out.add("frame." + name + " | " + Hex.of(wire) + " | " + fields);
  }

  private void frames() {
    out.add("# ---- frames ----");
    frame(
        "hello",
        "version=1 type=1 badge_id=161 seq=0 tick=0 fw_major=1 fw_minor=4 fw_patch=2 hw_revision=3"
            + " tick_rate_hz=32768 accel_rate_millihz=25000 accel_scale_nano_g=61000"
            + " mic_period_ms=40 accel_range_g=2 capabilities=15");
    frame(
        "hello_1mhz_ticks",
        "version=1 type=1 badge_id=4660 seq=1 tick=12 fw_major=0 fw_minor=9 fw_patch=0 hw_revision=1"
            + " tick_rate_hz=1000000 accel_rate_millihz=12500 accel_scale_nano_g=122000"
            + " mic_period_ms=50 accel_range_g=4 capabilities=7");
    frame(
        "hello_extended",
        "version=1 type=1 badge_id=161 seq=2 tick=100 fw_major=2 fw_minor=0 fw_patch=0 hw_revision=3"
            + " tick_rate_hz=32768 accel_rate_millihz=25000 accel_scale_nano_g=61000"
            + " mic_period_ms=40 accel_range_g=2 capabilities=15 extension=0102030405");
    frame(
        "accel",
        "version=1 type=2 badge_id=161 seq=1 tick=40000 first_sample_tick=38690"
            + " sample_rate_millihz=25000 scale_nano_g=61000 sample_count=3"
            + " x=12,0,-32768 y=-40,0,32767 z=16390,16384,256"
            + " x_mg=1,0,-1999 y_mg=-2,0,1999 z_mg=1000,999,16");
    frame(
        "accel_rounding_half",
        "version=1 type=2 badge_id=161 seq=2 tick=41000 first_sample_tick=40000"
            + " sample_rate_millihz=25000 scale_nano_g=62500 sample_count=2"
            + " x=8,-8 y=-24,24 z=16000,1"
            + " x_mg=1,-1 y_mg=-2,2 z_mg=1000,0");
    final StringBuilder x = new StringBuilder();
    final StringBuilder y = new StringBuilder();
    final StringBuilder z = new StringBuilder();
    for (int i = 0; i < AccelFrame.MAX_SAMPLES; i++) {
      final String sep = i == 0 ? "" : ",";
      x.append(sep).append((i * 1777) % 4001 - 2000);
      y.append(sep).append(-(i * 913) % 3001 + 1500);
      z.append(sep).append(16384 + (i % 5) * 256 - 512);
    }
    frame(
        "accel_max_batch",
        "version=1 type=2 badge_id=161 seq=3 tick=90000 first_sample_tick=42000"
            + " sample_rate_millihz=25000 scale_nano_g=61000 sample_count=37"
            + " x="
            + x
            + " y="
            + y
            + " z="
            + z);
    frame(
        "accel_tick_at_wrap",
        "version=1 type=2 badge_id=161 seq=4 tick=4294967295 first_sample_tick=4294966000"
            + " sample_rate_millihz=25000 scale_nano_g=61000 sample_count=1 x=1 y=2 z=16384");
    frame(
        "accel_tick_after_wrap",
        "version=1 type=2 badge_id=161 seq=5 tick=5 first_sample_tick=4294967000"
            + " sample_rate_millihz=25000 scale_nano_g=61000 sample_count=1 x=-1 y=-2 z=16383");
    frame(
        "mic_energy",
        "version=1 type=3 badge_id=161 seq=6 tick=50000 first_period_tick=48689 period_ms=40"
            + " count=5 level_centi_db=0,4512,9031,65535,3000");
    final StringBuilder levels = new StringBuilder();
    for (int i = 0; i < MicEnergyFrame.MAX_LEVELS; i++) {
      levels.append(i == 0 ? "" : ",").append(2000 + (i * 397) % 5000);
    }
    frame(
        "mic_energy_max_batch",
        "version=1 type=3 badge_id=161 seq=7 tick=200000 first_period_tick=50000 period_ms=40"
            + " count=116 level_centi_db="
            + levels);
    frame(
        "status",
        "version=1 type=4 badge_id=161 seq=8 tick=327680 battery_mv=3917 battery_percent=81"
            + " flags=3 dropped_accel_samples=3 dropped_mic_periods=0");
    frame(
        "status_all_zero_fields",
        "version=1 type=4 badge_id=256 seq=0 tick=0 battery_mv=0 battery_percent=0"
            + " flags=0 dropped_accel_samples=0 dropped_mic_periods=0");
    frame(
        "status_seq_65535",
        "version=1 type=4 badge_id=161 seq=65535 tick=655360 battery_mv=3900 battery_percent=80"
            + " flags=3 dropped_accel_samples=3 dropped_mic_periods=0");
    frame(
        "status_seq_0_after_wrap",
        "version=1 type=4 badge_id=161 seq=0 tick=983040 battery_mv=3899 battery_percent=80"
            + " flags=3 dropped_accel_samples=3 dropped_mic_periods=0");
    frame(
        "status_battery_unknown_charging",
        "version=1 type=4 badge_id=161 seq=9 tick=1000000 battery_mv=4180 battery_percent=255"
            + " flags=13 dropped_accel_samples=4294967295 dropped_mic_periods=17");
    frame("status_254_bytes_no_zero_byte", maxRunStatusFields());
    frame(
        "time_sync_request",
        "version=1 type=129 badge_id=161 seq=1000 tick=0 correlation_id=3000000000");
    frame(
        "time_sync_response",
        "version=1 type=5 badge_id=161 seq=10 tick=3 correlation_id=3000000000"
            + " receive_tick=4294967290 send_tick=3");
    frame(
        "command_start_streaming",
        "version=1 type=130 badge_id=161 seq=1001 tick=0 correlation_id=1 opcode=1 streams=3");
    frame(
        "command_stop_streaming",
        "version=1 type=130 badge_id=161 seq=1002 tick=0 correlation_id=2 opcode=2 streams=2");
    frame(
        "command_set_accel",
        "version=1 type=130 badge_id=161 seq=1003 tick=0 correlation_id=3 opcode=3"
            + " accel_rate_millihz=50000 accel_range_g=4");
    frame(
        "command_set_mic_period",
        "version=1 type=130 badge_id=161 seq=1004 tick=0 correlation_id=4 opcode=4"
            + " mic_period_ms=20");
    frame(
        "command_identify",
        "version=1 type=130 badge_id=161 seq=1005 tick=0 correlation_id=5 opcode=5"
            + " duration_ms=3000");
    frame(
        "command_sync_time",
        "version=1 type=130 badge_id=161 seq=1006 tick=0 correlation_id=6 opcode=6"
            + " host_unix_ms=1767225600000");
    frame(
        "command_request_status",
        "version=1 type=130 badge_id=161 seq=1007 tick=0 correlation_id=7 opcode=7");
    frame(
        "command_request_hello_broadcast",
        "version=1 type=130 badge_id=65535 seq=1008 tick=0 correlation_id=8 opcode=8");
    frame(
        "command_unknown_opcode",
        "version=1 type=130 badge_id=161 seq=1009 tick=0 correlation_id=9 opcode=66"
            + " argument_length=3");
    frame(
        "command_set_accel_arguments_short",
        "version=1 type=130 badge_id=161 seq=1010 tick=0 correlation_id=10 opcode=3"
            + " argument_length=2");
    frame(
        "ack_done",
        "version=1 type=6 badge_id=161 seq=11 tick=330000 correlation_id=1 opcode=1 status=0");
    frame(
        "ack_duplicate",
        "version=1 type=6 badge_id=161 seq=12 tick=330100 correlation_id=1 opcode=1 status=1");
    frame(
        "nack_unsupported_value",
        "version=1 type=7 badge_id=161 seq=13 tick=330200 correlation_id=3 opcode=3 reason=3");
    frame(
        "nack_unknown_opcode",
        "version=1 type=7 badge_id=161 seq=14 tick=330300 correlation_id=9 opcode=66 reason=1");
    out.add("");
  }

  /**
   * A STATUS padded with extension bytes to the 254-byte maximum with no 0x00 anywhere, so its COBS
   * form is one 0xFF block: the only way a frame reaches a 254-byte run. The last extension byte is
   * chosen so that no CRC byte is 0x00 either.
   */
  private String maxRunStatusFields() {
    final int extensionLength =
        Protocol.MAX_FRAME_LENGTH - Frame.HEADER_LENGTH - StatusFrame.PAYLOAD_LENGTH - 4;
    final byte[] extension = new byte[extensionLength];
    for (int i = 0; i < extensionLength; i++) {
      extension[i] = (byte) (i % 255 + 1);
    }
    final String base =
        "version=1 type=4 badge_id=4369 seq=8738 tick=858993459 battery_mv=4100"
            + " battery_percent=99 flags=69 dropped_accel_samples=16909060"
            + " dropped_mic_periods=84281096 extension=";
    for (int last = 1; last < 256; last++) {
      extension[extensionLength - 1] = (byte) last;
      final String fields = base + Hex.of(extension);
      final byte[] wire = fieldsEncoder.encode(CapturedFrame.parseFields(fields));
      if ((wire[0] & 0xFF) == 0xFF && wire.length == Protocol.MAX_WIRE_LENGTH) {
        return fields;
      }
    }
    throw new IllegalStateException("no extension byte gives a CRC without 0x00");
  }

  private void reject(String name, byte[] wire, String comment) {
    final CapturingFrameHandler handler = new CapturingFrameHandler();
    new FrameDecoder(handler).onBytes(wire, 0, wire.length);
    if (!handler.frames.isEmpty() || handler.errors.size() > 1) {
      throw new IllegalStateException("reject vector must give one error, name=" + name);
    }
    final String expectation;
    if (handler.errors.isEmpty()) {
      expectation = "error=none";
    } else {
      final CapturingFrameHandler.CapturedError e = handler.errors.get(0);
      expectation =
          "error="
              + e.error()
              + (e.badgeId() == FrameHandler.NO_BADGE_ID ? "" : " badge_id=" + e.badgeId());
    }
    out.add("# " + comment);
    out.add("reject." + name + " | " + Hex.of(wire) + " | " + expectation);
  }

  private void rejects() {
    out.add("# ---- frames a receiver must reject (each counted, then decoding goes on) ----");
    final FrameEncoder e = new FrameEncoder();
    final String statusFields =
        "version=1 type=4 badge_id=161 seq=8 tick=327680 battery_mv=3917 battery_percent=81"
            + " flags=3 dropped_accel_samples=3 dropped_mic_periods=0";
    final byte[] status = fieldsEncoder.encode(CapturedFrame.parseFields(statusFields));
    final byte[] statusRaw = rawOf(status);

    final byte[] flipped = statusRaw.clone();
    flipped[StatusFrame.BATTERY_MV_OFFSET] ^= 0x01;
    reject(
        "bad_crc", wireOf(flipped), "frame.status with bit 0 of battery_mv flipped (3917 -> 3916)");

    final byte[] truncated = new byte[status.length - 3];
    System.arraycopy(status, 0, truncated, 0, truncated.length - 1);
    reject("truncated", truncated, "frame.status with its last 3 encoded bytes lost before the 00");

    reject("malformed_cobs", Hex.parse("05112200"), "code 05 promises 4 bytes, a 00 comes after 2");
    reject(
        "too_short",
        wireOf(java.util.Arrays.copyOf(statusRaw, 13)),
        "13 bytes: less than header + CRC");

    final byte[] big = new byte[Protocol.MAX_FRAME_LENGTH + 1];
    java.util.Arrays.fill(big, (byte) 0x5A);
    reject("oversized", wireOf(big), "255 decoded bytes, one more than the maximum");

    final byte[] v2 = statusRaw.clone();
    v2[Frame.VERSION_OFFSET] = 2;
    reject("unsupported_version", withCrc(v2), "frame.status as protocol version 2, CRC valid");

    final byte[] unknown = statusRaw.clone();
    unknown[Frame.TYPE_OFFSET] = 0x7E;
    reject("unknown_type", withCrc(unknown), "frame.status with type 0x7e, CRC valid");

    e.accel(161, 1, 40000)
        .firstSampleTick(38690)
        .sampleRateMilliHz(25000)
        .scaleNanoGPerLsb(61000)
        .appendSample(1, 2, 3)
        .appendSample(4, 5, 6);
    final byte[] accelRaw = rawOf(e.finishToArray());
    accelRaw[AccelFrame.SAMPLE_COUNT_OFFSET] = 3;
    reject(
        "bad_length_accel_count",
        withCrc(accelRaw),
        "ACCEL claiming 3 samples but carrying 2, CRC valid");

    final byte[] shortStatus = java.util.Arrays.copyOf(statusRaw, statusRaw.length - 1);
    reject(
        "bad_length_status_short",
        withCrc(java.util.Arrays.copyOf(shortStatus, shortStatus.length)),
        "STATUS with an 11-byte payload (12 needed), CRC valid");

    reject(
        "garbage",
        Hex.parse("deadbeef0102030405060708090a0b0c0d0e0f1011121300"),
        "line noise then 00");
    reject(
        "empty_frame", Hex.parse("00"), "a lone delimiter: an empty frame, ignored, not an error");
    out.add("");
  }

  private void cobs(String name, byte[] raw, byte[] wire, boolean encode) {
    out.add(
        "cobs."
            + name
            + " | "
            + Hex.of(wire)
            + " | raw="
            + Hex.of(raw)
            + (encode ? "" : " encode=no"));
  }

  private void cobs(String name, byte[] raw) {
    final byte[] wire = new byte[Cobs.maxEncodedLength(raw.length) + 1];
    final int n = Cobs.encode(raw, 0, raw.length, wire, 0);
    wire[n] = 0;
    cobs(name, raw, java.util.Arrays.copyOf(wire, n + 1), true);
  }

  private void cobs() {
    out.add("# ---- COBS alone (a raw block need not be a valid frame) ----");
    cobs("empty", new byte[0]);
    cobs("one_zero", new byte[] {0});
    cobs("two_zeros", new byte[] {0, 0});
    cobs("mixed", Hex.parse("11220033"));
    cobs("trailing_zero", Hex.parse("1100"));
    cobs("run_253", run(1, 253));
    cobs("run_254", run(1, 254));
    final byte[] zeroThenRun = new byte[254];
    System.arraycopy(run(1, 253), 0, zeroThenRun, 1, 253);
    cobs("zero_then_run_253", zeroThenRun);
    final byte[] runThenZero = new byte[254];
    System.arraycopy(run(1, 253), 0, runThenZero, 0, 253);
    cobs("run_253_then_zero", runThenZero);
    final byte[] trailingEmpty = new byte[257];
    trailingEmpty[0] = (byte) 0xFF;
    System.arraycopy(run(1, 254), 0, trailingEmpty, 1, 254);
    trailingEmpty[255] = 0x01;
    trailingEmpty[256] = 0x00;
    cobs("run_254_with_trailing_empty_block", run(1, 254), trailingEmpty, false);
    out.add("");
  }

  private void level(String name, short[] pcm) {
    final byte[] hex = new byte[pcm.length * 2];
    for (int i = 0; i < pcm.length; i++) {
      LittleEndian.putU16(hex, 2 * i, pcm[i]);
    }
    out.add(
        "level."
            + name
            + " | "
            + Hex.of(hex)
            + " | samples="
            + pcm.length
            + " level_centi_db="
            + MicLevel.centiDb(pcm, 0, pcm.length));
  }

  private void levels() {
    out.add("# ---- MIC_ENERGY levels from PCM (16 kHz, 20 ms periods of 320 samples) ----");
    final int n = 320;
    level("silence", fill(n, i -> 0));
    level("dc_only", fill(n, i -> 1000));
    level("one_lsb_square", fill(n, i -> i % 2 == 0 ? 1 : -1));
    level("two_lsb_square", fill(n, i -> i % 2 == 0 ? 2 : -2));
    level("single_click", fill(n, i -> i == 100 ? 1 : 0));
    level("square_1000", fill(n, i -> i % 2 == 0 ? 1000 : -1000));
    level("square_1000_on_dc_500", fill(n, i -> i % 2 == 0 ? 1500 : -500));
    level("full_scale_square", fill(n, i -> i % 2 == 0 ? 32767 : -32768));
    level(
        "sine_440hz_amplitude_10000",
        fill(n, i -> (int) Math.round(10000 * Math.sin(2 * Math.PI * 440 * i / 16000.0))));
    out.add("");
  }

  private static short[] fill(int n, java.util.function.IntUnaryOperator f) {
    final short[] pcm = new short[n];
    for (int i = 0; i < n; i++) {
      pcm[i] = (short) f.applyAsInt(i);
    }
    return pcm;
  }

  private static byte[] run(int first, int length) {
    final byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (first + i);
    }
    return b;
  }

  private static byte[] rawOf(byte[] wire) {
    final byte[] raw = new byte[Protocol.MAX_FRAME_LENGTH];
    final int n = Cobs.decode(wire, 0, wire.length - 1, raw, 0);
    return java.util.Arrays.copyOf(raw, n);
  }

  /** COBS + delimiter around raw bytes as they are (CRC not recomputed). */
  private static byte[] wireOf(byte[] raw) {
    final byte[] wire = new byte[Cobs.maxEncodedLength(raw.length) + 1];
    final int n = Cobs.encode(raw, 0, raw.length, wire, 0);
    return java.util.Arrays.copyOf(wire, n + 1);
  }

  /** Replaces the last 4 bytes of {@code rawWithCrc} by a fresh CRC, then COBS + delimiter. */
  private static byte[] withCrc(byte[] rawWithCrc) {
    final int length = rawWithCrc.length - 4;
    LittleEndian.putU32(rawWithCrc, length, Crc32c.compute(rawWithCrc, 0, length) & 0xFFFF_FFFFL);
    return wireOf(rawWithCrc);
  }
}
