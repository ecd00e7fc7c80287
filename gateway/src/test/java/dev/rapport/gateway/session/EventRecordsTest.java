package dev.rapport.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.gateway.engine.EngineEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Record bodies of engine events, byte by byte as docs/recording.md states them. */
class EventRecordsTest {
  private final byte[] body = new byte[512];

  private byte[] encoded(EngineEvent e) {
    int length = EventRecords.encode(e, body);
    assertThat(length).isEqualTo(EventRecords.bodyLength(e));
    return Arrays.copyOf(body, length);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void shouldWriteAFrameAsLinkIndexThenTheFrameBytes() {
    byte[] frame = bytes(0x01, 0x02, 0x03, 0x00, 0x10, 0x00, 0xAA, 0xBB, 0xCC, 0xDD, 0x5A);
    EngineEvent e = EngineEvent.frame(0x0102, 123_456_789L, frame);

    assertThat(EventRecords.type(e)).isEqualTo(RecordType.FRAME);
    assertThat(encoded(e))
        .containsExactly(
            bytes(
                0x02, 0x01, // u16 link index 0x0102, little-endian
                0x01, 0x02, 0x03, 0x00, 0x10, 0x00, 0xAA, 0xBB, 0xCC, 0xDD, 0x5A)); // the frame
  }

  @Test
  void shouldWriteAWatermarkAsEpochMilliseconds() {
    EngineEvent e = EngineEvent.watermark(5L, 0x0102_0304_0506_0708L);

    assertThat(EventRecords.type(e)).isEqualTo(RecordType.WATERMARK);
    assertThat(encoded(e))
        .containsExactly(bytes(0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01)); // i64 LE
  }

  @Test
  void shouldWriteASyncRequestAsBadgeThenCorrelationId() {
    EngineEvent e = EngineEvent.syncRequestSent(0x00AB, 0xFEDC_BA98L, 7L);

    assertThat(EventRecords.type(e)).isEqualTo(RecordType.SYNC_REQUEST);
    assertThat(encoded(e))
        .containsExactly(
            bytes(
                0xAB, 0x00, // u16 badge id
                0x98, 0xBA, 0xDC, 0xFE)); // u32 correlation id
  }

  @Test
  void shouldWriteAMarkerAsUtf8() {
    EngineEvent e = EngineEvent.marker(9L, "Phase ä");

    assertThat(EventRecords.type(e)).isEqualTo(RecordType.MARKER);
    assertThat(encoded(e)).containsExactly("Phase ä".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldDecodeEveryEventToAnEqualEvent() {
    EngineEvent[] events = {
      EngineEvent.frame(3, 1_000_000_123L, bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)),
      EngineEvent.watermark(1_000_040_000L, 1_767_225_600_040L),
      EngineEvent.syncRequestSent(0xFFFE, 0xFFFF_FFFFL, 1_000_050_000L),
      EngineEvent.marker(1_000_060_000L, "intervention starts")
    };
    for (EngineEvent e : events) {
      byte[] b = encoded(e);
      EngineEvent back = EventRecords.decode(EventRecords.type(e), e.timeNs(), b, 0, b.length);
      assertThat(back.kind()).isEqualTo(e.kind());
      assertThat(back.timeNs()).isEqualTo(e.timeNs());
      assertThat(back.link()).isEqualTo(e.link());
      assertThat(back.value()).isEqualTo(e.value());
      assertThat(back.bytes()).isEqualTo(e.bytes());
    }
  }

  @Test
  void shouldNotDecodeSessionRecordsAsEvents() {
    byte[] json = "{\"event\":\"start\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(EventRecords.decode(RecordType.SESSION, 1, json, 0, json.length)).isNull();
  }

  @Test
  void shouldRejectBodiesThatDoNotFitTheirTypeNamingTheLength() {
    byte[] b = new byte[8];
    assertThatThrownBy(() -> EventRecords.decode(RecordType.WATERMARK, 1, b, 0, 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WATERMARK")
        .hasMessageContaining("bodyLength=7");
    assertThatThrownBy(() -> EventRecords.decode(RecordType.SYNC_REQUEST, 1, b, 0, 8))
        .hasMessageContaining("bodyLength=8");
    assertThatThrownBy(() -> EventRecords.decode(RecordType.FRAME, 1, b, 0, 1))
        .hasMessageContaining("bodyLength=1");
  }

  @Test
  void shouldRefuseValuesThatDoNotFitTheirFields() {
    assertThatThrownBy(() -> EventRecords.encode(EngineEvent.frame(70_000, 1, bytes(1)), body))
        .hasMessageContaining("link=70000");
    assertThatThrownBy(() -> EventRecords.encode(EngineEvent.syncRequestSent(1, 1L << 32, 1), body))
        .hasMessageContaining("correlationId=" + (1L << 32));
    assertThatThrownBy(() -> EventRecords.encode(EngineEvent.marker(1, "x".repeat(600)), body))
        .hasMessageContaining("bodyLength=600");
  }
}
