package dev.rapport.gateway.ingest;

import dev.rapport.badge.protocol.AccelFrame;
import dev.rapport.badge.protocol.AckFrame;
import dev.rapport.badge.protocol.Frame;
import dev.rapport.badge.protocol.FrameHandler;
import dev.rapport.badge.protocol.FrameType;
import dev.rapport.badge.protocol.HelloFrame;
import dev.rapport.badge.protocol.MicEnergyFrame;
import dev.rapport.badge.protocol.NackFrame;
import dev.rapport.badge.protocol.StatusFrame;
import dev.rapport.badge.protocol.TimeSyncResponseFrame;

/**
 * Re-reads a frame that a {@code FrameDecoder} already accepted (COBS removed, CRC and length
 * checked) and that crossed a thread as plain bytes: wraps the matching flyweight, created once,
 * and hands it to a handler. The engine thread uses this so that what it processes is exactly what
 * the recorder stores, with no allocation per frame.
 */
public final class RawFrameDispatcher {
  private final HelloFrame hello = new HelloFrame();
  private final AccelFrame accel = new AccelFrame();
  private final MicEnergyFrame micEnergy = new MicEnergyFrame();
  private final StatusFrame status = new StatusFrame();
  private final TimeSyncResponseFrame timeSyncResponse = new TimeSyncResponseFrame();
  private final AckFrame ack = new AckFrame();
  private final NackFrame nack = new NackFrame();

  /**
   * @return false when the bytes are not a badge-to-host frame this version reads (counted by the
   *     caller), true when the handler was called
   */
  public boolean dispatch(byte[] buffer, int offset, int length, FrameHandler handler) {
    if (length < Frame.HEADER_LENGTH) {
      return false;
    }
    switch (buffer[offset + Frame.TYPE_OFFSET] & 0xFF) {
      case FrameType.HELLO:
        hello.wrap(buffer, offset, length);
        handler.onHello(hello);
        return true;
      case FrameType.ACCEL:
        accel.wrap(buffer, offset, length);
        handler.onAccel(accel);
        return true;
      case FrameType.MIC_ENERGY:
        micEnergy.wrap(buffer, offset, length);
        handler.onMicEnergy(micEnergy);
        return true;
      case FrameType.STATUS:
        status.wrap(buffer, offset, length);
        handler.onStatus(status);
        return true;
      case FrameType.TIME_SYNC_RESPONSE:
        timeSyncResponse.wrap(buffer, offset, length);
        handler.onTimeSyncResponse(timeSyncResponse);
        return true;
      case FrameType.ACK:
        ack.wrap(buffer, offset, length);
        handler.onAck(ack);
        return true;
      case FrameType.NACK:
        nack.wrap(buffer, offset, length);
        handler.onNack(nack);
        return true;
      default:
        return false;
    }
  }
}
