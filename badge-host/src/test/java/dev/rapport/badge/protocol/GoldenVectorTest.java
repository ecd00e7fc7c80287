package dev.rapport.badge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.protocol.GoldenVectorFile.Vector;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Holds decoder and encoder to docs/protocol-vectors.txt, the file firmware authors test against:
 * if this fails, the code and the published wire format disagree.
 */
class GoldenVectorTest {
  private static final List<Vector> VECTORS = GoldenVectorFile.load();

  @Test
  void shouldCoverEveryFrameTypeAndEveryErrorKindThatBytesCanCause() {
    assertThat(VECTORS.stream().filter(Vector::isFrame).map(v -> v.fields().get("type")))
        .contains(
            "" + FrameType.HELLO,
            "" + FrameType.ACCEL,
            "" + FrameType.MIC_ENERGY,
            "" + FrameType.STATUS,
            "" + FrameType.TIME_SYNC_REQUEST,
            "" + FrameType.TIME_SYNC_RESPONSE,
            "" + FrameType.COMMAND,
            "" + FrameType.ACK,
            "" + FrameType.NACK);
    assertThat(VECTORS.stream().filter(Vector::isReject).map(v -> v.fields().get("error")))
        .contains(
            "MALFORMED_COBS",
            "TOO_SHORT",
            "OVERSIZED",
            "BAD_CRC",
            "UNSUPPORTED_VERSION",
            "UNKNOWN_TYPE",
            "BAD_LENGTH",
            "none");
    assertThat(VECTORS.stream().filter(v -> v.isCobs() && v.bytes()[0] == (byte) 0xFF))
        .isNotEmpty();
    assertThat(VECTORS.stream().filter(v -> v.isFrame() && v.bytes()[0] == (byte) 0xFF)).hasSize(1);
  }

  @TestFactory
  Stream<DynamicTest> shouldDecodeEachFrameVectorToExactlyItsFields() {
    return VECTORS.stream()
        .filter(Vector::isFrame)
        .map(v -> DynamicTest.dynamicTest(v.name(), () -> assertDecodes(v)));
  }

  @TestFactory
  Stream<DynamicTest> shouldEncodeEachFrameVectorToExactlyItsBytes() {
    final FieldsEncoder encoder = new FieldsEncoder();
    return VECTORS.stream()
        .filter(Vector::isFrame)
        .map(
            v ->
                DynamicTest.dynamicTest(
                    v.name(),
                    () ->
                        assertThat(Hex.of(encoder.encode(v.fields())))
                            .isEqualTo(Hex.of(v.bytes()))));
  }

  @TestFactory
  Stream<DynamicTest> shouldRejectEachRejectVectorWithItsErrorKind() {
    return VECTORS.stream()
        .filter(Vector::isReject)
        .map(v -> DynamicTest.dynamicTest(v.name(), () -> assertRejects(v)));
  }

  @TestFactory
  Stream<DynamicTest> shouldMatchEachCobsVectorBothWays() {
    return VECTORS.stream()
        .filter(Vector::isCobs)
        .map(v -> DynamicTest.dynamicTest(v.name(), () -> assertCobs(v)));
  }

  @TestFactory
  Stream<DynamicTest> shouldComputeEachMicLevelVector() {
    return VECTORS.stream()
        .filter(Vector::isLevel)
        .map(
            v ->
                DynamicTest.dynamicTest(
                    v.name(),
                    () -> {
                      final short[] pcm = new short[v.bytes().length / 2];
                      for (int i = 0; i < pcm.length; i++) {
                        pcm[i] = (short) LittleEndian.u16(v.bytes(), 2 * i);
                      }
                      assertThat(pcm.length).isEqualTo(Integer.parseInt(v.fields().get("samples")));
                      assertThat(MicLevel.centiDb(pcm, 0, pcm.length))
                          .isEqualTo(Integer.parseInt(v.fields().get("level_centi_db")));
                    }));
  }

  private static void assertDecodes(Vector v) {
    final CapturingFrameHandler handler = new CapturingFrameHandler();
    final FrameDecoder decoder = new FrameDecoder(handler);
    decoder.onBytes(v.bytes(), 0, v.bytes().length);
    assertThat(handler.errors).as("errors of %s", v).isEmpty();
    assertThat(handler.frames).as("frames of %s", v).hasSize(1);
    final CapturedFrame frame = handler.frames.get(0);
    final Map<String, String> expected = new HashMap<>(v.fields());
    final String extension = expected.remove("extension");
    final Map<String, String> actual = new HashMap<>(frame.fieldMap());
    if (frame.type() == FrameType.ACCEL && expected.containsKey("x_mg")) {
      actual.putAll(milliG(frame));
    }
    assertThat(actual).as("fields of %s", v).isEqualTo(expected);
    if (extension != null) {
      final byte[] ext = Hex.parse(extension);
      final byte[] tail =
          Arrays.copyOfRange(frame.raw(), frame.raw().length - ext.length, frame.raw().length);
      assertThat(Hex.of(tail)).isEqualTo(extension);
    }
    assertThat(decoder.counters().framesDecoded(frame.badgeId())).isEqualTo(1);
  }

  /** The host's mg conversion, read through the flyweight the way ingestion will. */
  private static Map<String, String> milliG(CapturedFrame frame) {
    final AccelFrame accel = new AccelFrame();
    accel.wrap(frame.raw(), 0, frame.raw().length);
    final StringBuilder x = new StringBuilder();
    final StringBuilder y = new StringBuilder();
    final StringBuilder z = new StringBuilder();
    for (int i = 0; i < accel.sampleCount(); i++) {
      final String sep = i == 0 ? "" : ",";
      x.append(sep).append(accel.xMg(i));
      y.append(sep).append(accel.yMg(i));
      z.append(sep).append(accel.zMg(i));
    }
    return Map.of("x_mg", x.toString(), "y_mg", y.toString(), "z_mg", z.toString());
  }

  private static void assertRejects(Vector v) {
    final CapturingFrameHandler handler = new CapturingFrameHandler();
    final FrameDecoder decoder = new FrameDecoder(handler);
    decoder.onBytes(v.bytes(), 0, v.bytes().length);
    assertThat(handler.frames).as("frames of %s", v).isEmpty();
    final String error = v.fields().get("error");
    if (error.equals("none")) {
      assertThat(handler.errors).isEmpty();
      assertThat(decoder.counters().totalErrors()).isZero();
      return;
    }
    final DecodeError kind = DecodeError.valueOf(error);
    final int badgeId =
        v.fields().containsKey("badge_id")
            ? Integer.parseInt(v.fields().get("badge_id"))
            : FrameHandler.NO_BADGE_ID;
    assertThat(handler.errors)
        .containsExactly(new CapturingFrameHandler.CapturedError(kind, badgeId));
    assertThat(decoder.counters().errors(kind)).isEqualTo(1);
    assertThat(decoder.counters().totalErrors()).isEqualTo(1);
    if (badgeId != FrameHandler.NO_BADGE_ID) {
      assertThat(decoder.counters().errors(badgeId, kind)).isEqualTo(1);
    }
  }

  private static void assertCobs(Vector v) {
    final byte[] wire = v.bytes();
    final byte[] raw = Hex.parse(v.fields().get("raw"));
    assertThat(wire[wire.length - 1]).isZero();
    final byte[] decoded = new byte[wire.length];
    final int n = Cobs.decode(wire, 0, wire.length - 1, decoded, 0);
    assertThat(Hex.of(decoded, 0, n)).isEqualTo(Hex.of(raw));
    if (!"no".equals(v.fields().get("encode"))) {
      final byte[] encoded = new byte[Cobs.maxEncodedLength(raw.length)];
      final int m = Cobs.encode(raw, 0, raw.length, encoded, 0);
      assertThat(Hex.of(encoded, 0, m)).isEqualTo(Hex.of(wire, 0, wire.length - 1));
    }
  }
}
