package dev.rapport.gateway.session;

import dev.rapport.badge.protocol.Frame;
import dev.rapport.badge.protocol.Protocol;
import dev.rapport.gateway.engine.EngineEvent;
import java.io.Closeable;
import java.io.IOException;
import java.util.function.IntPredicate;

/**
 * Writes engine events as records, withholding every frame and time-sync request of a badge whose
 * wearer did not consent: such a badge never reaches the disk. The synchronous core of {@link
 * SessionRecorder}, also usable directly where the caller's thread may do file I/O (tests, tools).
 * One thread only; allocation free except when a marker is longer than any before.
 */
public final class RecordingSink implements Closeable {
  private final RecordingWriter writer;
  private final IntPredicate consent;
  private byte[] body = new byte[EventRecords.FRAME_LINK_BYTES + Protocol.MAX_FRAME_LENGTH];
  private long lastTimeNs;
  private long eventsWritten;
  private long eventsWithheld;

  /**
   * @param consent true for badge ids that may be recorded ({@link ConsentTable#of})
   */
  public RecordingSink(RecordingWriter writer, IntPredicate consent) {
    this.writer = writer;
    this.consent = consent;
  }

  /**
   * @return false when the event was withheld because its badge has no consent, or was a session
   *     switch (not written: a recording holds one session, whose SESSION start and stop records
   *     mark where the switches were, and a replay labels its results with that session)
   */
  public boolean write(EngineEvent event) throws IOException {
    if (event.kind() == EngineEvent.Kind.SESSION) {
      return false;
    }
    if (!consented(event)) {
      eventsWithheld++;
      return false;
    }
    int length = EventRecords.bodyLength(event);
    if (body.length < length) {
      body = new byte[Math.max(length, body.length * 2)];
    }
    EventRecords.encode(event, body);
    writer.append(EventRecords.type(event), event.timeNs(), body, 0, length);
    lastTimeNs = event.timeNs();
    eventsWritten++;
    return true;
  }

  /** Writes a SESSION record (UTF-8 JSON) at gateway time {@code timeNs}. */
  public void writeSession(long timeNs, byte[] json) throws IOException {
    writer.append(RecordType.SESSION, timeNs, json, 0, json.length);
  }

  private boolean consented(EngineEvent event) {
    switch (event.kind()) {
      case FRAME:
        byte[] frame = event.bytes();
        // A frame too short to name its badge carries no samples; it is kept so the replay sees
        // exactly what the engine saw (the engine counts it as unreadable).
        return frame.length < Frame.HEADER_LENGTH
            || consent.test(EventRecords.u16(frame, Frame.BADGE_ID_OFFSET));
      case SYNC_REQUEST_SENT:
        return consent.test(event.link());
      default:
        return true;
    }
  }

  /** Gateway time of the last event written, 0 before the first. */
  public long lastTimeNs() {
    return lastTimeNs;
  }

  public long eventsWritten() {
    return eventsWritten;
  }

  /** Events not written because their badge has no consent. */
  public long eventsWithheld() {
    return eventsWithheld;
  }

  public RecordingWriter writer() {
    return writer;
  }

  public void sync() throws IOException {
    writer.sync();
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
