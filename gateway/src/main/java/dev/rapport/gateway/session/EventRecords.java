package dev.rapport.gateway.session;

import dev.rapport.gateway.engine.EngineEvent;
import java.util.Arrays;

/**
 * The bodies of the records that hold engine events (docs/recording.md), little-endian:
 *
 * <pre>
 * FRAME         0 u16 link index, 2.. the frame's bytes (header, payload, CRC; no COBS)
 * WATERMARK     0 i64 epoch ms of the event time                                (8 bytes)
 * SYNC_REQUEST  0 u16 badge id, 2 u32 correlation id                            (6 bytes)
 * MARKER        0.. UTF-8 label
 * </pre>
 *
 * The event time (frame receive time, watermark time, ...) is the record header's time field. An
 * event becomes a record and back without any change, which is what makes a replay bit-identical.
 * Stateless; any thread.
 */
public final class EventRecords {
  public static final int FRAME_LINK_BYTES = 2;
  public static final int WATERMARK_BODY_BYTES = 8;
  public static final int SYNC_REQUEST_BODY_BYTES = 6;
  public static final int MAX_LINK_INDEX = 0xFFFF;
  public static final long MAX_CORRELATION_ID = 0xFFFF_FFFFL;

  private EventRecords() {}

  /** Receives one decoded event record; frame and label bytes are valid during the call only. */
  public interface Handler {
    void onFrame(int link, long receiveNs, byte[] frame, int offset, int length);

    void onWatermark(long nowNs, long epochMs);

    void onSyncRequestSent(int badgeId, long correlationId, long sentNs);

    void onMarker(long nowNs, byte[] label, int offset, int length);
  }

  public static RecordType type(EngineEvent event) {
    switch (event.kind()) {
      case FRAME:
        return RecordType.FRAME;
      case WATERMARK:
        return RecordType.WATERMARK;
      case SYNC_REQUEST_SENT:
        return RecordType.SYNC_REQUEST;
      case MARKER:
        return RecordType.MARKER;
      default:
        throw new IllegalArgumentException("no record type for event kind " + event.kind());
    }
  }

  /** Body bytes {@link #encode} writes for this event. */
  public static int bodyLength(EngineEvent event) {
    switch (event.kind()) {
      case FRAME:
        return FRAME_LINK_BYTES + event.bytes().length;
      case WATERMARK:
        return WATERMARK_BODY_BYTES;
      case SYNC_REQUEST_SENT:
        return SYNC_REQUEST_BODY_BYTES;
      case MARKER:
        return event.bytes().length;
      default:
        throw new IllegalArgumentException("no record type for event kind " + event.kind());
    }
  }

  /**
   * Writes the event's body into {@code body} from index 0.
   *
   * @return the body length
   * @throws IllegalArgumentException when a field does not fit its record field (named)
   */
  public static int encode(EngineEvent event, byte[] body) {
    int length = bodyLength(event);
    if (body.length < length) {
      throw new IllegalArgumentException(
          "body buffer too small, bodyLength=" + length + " buffer=" + body.length);
    }
    switch (event.kind()) {
      case FRAME:
        if (event.link() < 0 || event.link() > MAX_LINK_INDEX) {
          throw new IllegalArgumentException("link index does not fit u16, link=" + event.link());
        }
        putU16(body, 0, event.link());
        System.arraycopy(event.bytes(), 0, body, FRAME_LINK_BYTES, event.bytes().length);
        break;
      case WATERMARK:
        putI64(body, 0, event.value());
        break;
      case SYNC_REQUEST_SENT:
        if (event.link() < 0 || event.link() > 0xFFFF) {
          throw new IllegalArgumentException("badge id does not fit u16, badgeId=" + event.link());
        }
        if (event.value() < 0 || event.value() > MAX_CORRELATION_ID) {
          throw new IllegalArgumentException(
              "correlation id does not fit u32, correlationId=" + event.value());
        }
        putU16(body, 0, event.link());
        putU32(body, 2, event.value());
        break;
      case MARKER:
        System.arraycopy(event.bytes(), 0, body, 0, event.bytes().length);
        break;
      default:
        throw new IllegalArgumentException("no record type for event kind " + event.kind());
    }
    return length;
  }

  /**
   * Hands one record to the handler without copying its bytes.
   *
   * @return false for a record that is no engine event (SESSION)
   * @throws IllegalArgumentException for a body whose length does not fit its type (named)
   */
  public static boolean dispatch(
      RecordType type, long timeNs, byte[] buffer, int offset, int length, Handler handler) {
    switch (type) {
      case FRAME:
        if (length < FRAME_LINK_BYTES) {
          throw new IllegalArgumentException(
              "FRAME record shorter than its link field, bodyLength=" + length);
        }
        handler.onFrame(
            u16(buffer, offset),
            timeNs,
            buffer,
            offset + FRAME_LINK_BYTES,
            length - FRAME_LINK_BYTES);
        return true;
      case WATERMARK:
        requireLength(type, length, WATERMARK_BODY_BYTES);
        handler.onWatermark(timeNs, i64(buffer, offset));
        return true;
      case SYNC_REQUEST:
        requireLength(type, length, SYNC_REQUEST_BODY_BYTES);
        handler.onSyncRequestSent(u16(buffer, offset), u32(buffer, offset + 2), timeNs);
        return true;
      case MARKER:
        handler.onMarker(timeNs, buffer, offset, length);
        return true;
      default:
        return false;
    }
  }

  /**
   * The event a record holds (a copy), or null for a record that is no engine event (SESSION).
   *
   * @throws IllegalArgumentException for a malformed body (named)
   */
  public static EngineEvent decode(
      RecordType type, long timeNs, byte[] buffer, int offset, int length) {
    EngineEvent[] out = new EngineEvent[1];
    dispatch(
        type,
        timeNs,
        buffer,
        offset,
        length,
        new Handler() {
          @Override
          public void onFrame(int link, long receiveNs, byte[] frame, int from, int n) {
            out[0] = EngineEvent.frame(link, receiveNs, Arrays.copyOfRange(frame, from, from + n));
          }

          @Override
          public void onWatermark(long nowNs, long epochMs) {
            out[0] = EngineEvent.watermark(nowNs, epochMs);
          }

          @Override
          public void onSyncRequestSent(int badgeId, long correlationId, long sentNs) {
            out[0] = EngineEvent.syncRequestSent(badgeId, correlationId, sentNs);
          }

          @Override
          public void onMarker(long nowNs, byte[] label, int from, int n) {
            out[0] =
                new EngineEvent(
                    EngineEvent.Kind.MARKER,
                    nowNs,
                    -1,
                    0,
                    Arrays.copyOfRange(label, from, from + n));
          }
        });
    return out[0];
  }

  private static void requireLength(RecordType type, int length, int expected) {
    if (length != expected) {
      throw new IllegalArgumentException(
          type + " record body must be " + expected + " bytes, bodyLength=" + length);
    }
  }

  static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  static long u32(byte[] b, int at) {
    return (b[at] & 0xFFL)
        | (b[at + 1] & 0xFFL) << 8
        | (b[at + 2] & 0xFFL) << 16
        | (b[at + 3] & 0xFFL) << 24;
  }

  static long i64(byte[] b, int at) {
    return u32(b, at) | u32(b, at + 4) << 32;
  }

  static void putU16(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
  }

  static void putU32(byte[] b, int at, long v) {
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }

  static void putI64(byte[] b, int at, long v) {
    for (int i = 0; i < 8; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }
}
