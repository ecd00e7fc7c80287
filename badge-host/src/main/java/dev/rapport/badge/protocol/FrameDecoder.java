package dev.rapport.badge.protocol;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streaming decoder for one link: takes bytes in whatever pieces the transport delivers (serial
 * reads, BLE notifications; frames split or joined at any byte) and hands each good frame to a
 * {@link FrameHandler} as a reused flyweight.
 *
 * <p>COBS is undone byte by byte into a 254-byte frame buffer, so nothing is buffered twice and
 * nothing is allocated per frame. Every 0x00 ends a frame, which is how the decoder resynchronises:
 * whatever went wrong (garbage, lost or flipped bytes, a frame cut short, a lost delimiter joining
 * two frames), the damage ends at the next 0x00, the bad frame is counted by kind in {@link
 * #counters()} and decoding continues. Input bytes never make it throw.
 *
 * <p>Single-threaded: call {@code onBytes} from one thread at a time (the transport's reader).
 */
public final class FrameDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);

  private final FrameHandler handler;
  private final Consumer<RuntimeException> handlerErrorSink;
  private final DecoderCounters counters = new DecoderCounters();
  private final byte[] frame = new byte[Protocol.MAX_FRAME_LENGTH];

  /**
   * The JDK's CRC-32C uses the CPU's CRC instructions (SSE4.2, ARMv8): about 50 times faster than
   * the table version in {@link Crc32c}, which it equals bit for bit (Crc32cTest); reused, so no
   * allocation per frame.
   */
  private final CRC32C crc = new CRC32C();

  private final HelloFrame hello = new HelloFrame();
  private final AccelFrame accel = new AccelFrame();
  private final MicEnergyFrame micEnergy = new MicEnergyFrame();
  private final StatusFrame status = new StatusFrame();
  private final TimeSyncRequestFrame timeSyncRequest = new TimeSyncRequestFrame();
  private final TimeSyncResponseFrame timeSyncResponse = new TimeSyncResponseFrame();
  private final CommandFrame command = new CommandFrame();
  private final AckFrame ack = new AckFrame();
  private final NackFrame nack = new NackFrame();

  /** Decoded bytes of the frame in progress. */
  private int frameLength;

  /** Data bytes still expected in the current COBS block; 0 means the next byte is a code. */
  private int blockRemaining;

  /** The finished block implies a 0x00, to be written if another block follows. */
  private boolean zeroPending;

  /** At least one byte of the current frame arrived (distinguishes an empty frame "00 00"). */
  private boolean inFrame;

  /** The frame outgrew the buffer; skip to the next delimiter. */
  private boolean oversized;

  /** A decoder whose handler exceptions are logged with SLF4J and counted. */
  public FrameDecoder(FrameHandler handler) {
    this(handler, FrameDecoder::logHandlerFailure);
  }

  /**
   * @param handlerErrorSink receives any RuntimeException the handler throws; the decoder counts it
   *     and goes on with the next frame, so one bad frame in a handler never loses the frames after
   *     it in the same read
   */
  public FrameDecoder(FrameHandler handler, Consumer<RuntimeException> handlerErrorSink) {
    this.handler = Objects.requireNonNull(handler, "handler");
    this.handlerErrorSink = Objects.requireNonNull(handlerErrorSink, "handlerErrorSink");
  }

  public DecoderCounters counters() {
    return counters;
  }

  /** Feeds {@code length} bytes from {@code buffer[offset]}; frames completed are handled now. */
  public void onBytes(byte[] buffer, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    counters.addBytes(length);
    for (int i = offset, end = offset + length; i < end; i++) {
      onByte(buffer[i]);
    }
  }

  /** Feeds all remaining bytes of {@code buffer}, leaving its position at its limit. */
  public void onBytes(ByteBuffer buffer) {
    final int length = buffer.remaining();
    if (buffer.hasArray()) {
      onBytes(buffer.array(), buffer.arrayOffset() + buffer.position(), length);
      buffer.position(buffer.limit());
      return;
    }
    counters.addBytes(length);
    while (buffer.hasRemaining()) {
      onByte(buffer.get());
    }
  }

  /**
   * Drops a partial frame, e.g. when the link reconnects and the rest of that frame will never
   * come. Counted as {@link DecodeError#INCOMPLETE_AT_RESET} if a partial frame was pending.
   */
  public void reset() {
    if (inFrame || oversized) {
      reject(DecodeError.INCOMPLETE_AT_RESET, FrameHandler.NO_BADGE_ID);
    }
    startFrame();
  }

  private void onByte(byte b) {
    if (b == Protocol.DELIMITER) {
      endFrame();
      return;
    }
    inFrame = true;
    if (oversized) {
      return;
    }
    if (blockRemaining > 0) {
      append(b);
      blockRemaining--;
      return;
    }
    // b is a COBS code byte: the previous block, if shorter than 254, ended with an implied zero.
    if (zeroPending) {
      append((byte) 0);
    }
    final int code = b & 0xFF;
    blockRemaining = code - 1;
    zeroPending = code != 0xFF;
  }

  private void append(byte b) {
    if (frameLength == frame.length) {
      oversized = true;
      return;
    }
    frame[frameLength++] = b;
  }

  private void endFrame() {
    if (oversized) {
      reject(DecodeError.OVERSIZED, FrameHandler.NO_BADGE_ID);
    } else if (!inFrame) {
      // "00 00": an empty frame. Senders may send 0x00 before a frame to flush a receiver's
      // partial frame after a reset, so this is not an error.
    } else if (blockRemaining != 0) {
      reject(DecodeError.MALFORMED_COBS, FrameHandler.NO_BADGE_ID);
    } else if (frameLength < Protocol.MIN_FRAME_LENGTH) {
      reject(DecodeError.TOO_SHORT, FrameHandler.NO_BADGE_ID);
    } else {
      final int length = frameLength - Protocol.CRC_LENGTH;
      final int expectedCrc = (int) LittleEndian.u32(frame, length);
      crc.reset();
      crc.update(frame, 0, length);
      if ((int) crc.getValue() != expectedCrc) {
        reject(DecodeError.BAD_CRC, FrameHandler.NO_BADGE_ID);
      } else {
        dispatch(length);
      }
    }
    startFrame();
  }

  private void startFrame() {
    frameLength = 0;
    blockRemaining = 0;
    zeroPending = false;
    inFrame = false;
    oversized = false;
  }

  private void dispatch(int length) {
    final int badgeId = LittleEndian.u16(frame, Frame.BADGE_ID_OFFSET);
    if (LittleEndian.u8(frame, Frame.VERSION_OFFSET) != Protocol.VERSION) {
      reject(DecodeError.UNSUPPORTED_VERSION, badgeId);
      return;
    }
    final Frame flyweight = flyweightFor(LittleEndian.u8(frame, Frame.TYPE_OFFSET));
    if (flyweight == null) {
      reject(DecodeError.UNKNOWN_TYPE, badgeId);
      return;
    }
    flyweight.wrap(frame, 0, length);
    if (!flyweight.hasValidLength()) {
      reject(DecodeError.BAD_LENGTH, badgeId);
      return;
    }
    counters.frameDecoded(badgeId);
    try {
      deliver(flyweight);
    } catch (RuntimeException e) {
      counters.handlerFailed();
      handlerErrorSink.accept(e);
    }
  }

  private Frame flyweightFor(int type) {
    switch (type) {
      case FrameType.HELLO:
        return hello;
      case FrameType.ACCEL:
        return accel;
      case FrameType.MIC_ENERGY:
        return micEnergy;
      case FrameType.STATUS:
        return status;
      case FrameType.TIME_SYNC_RESPONSE:
        return timeSyncResponse;
      case FrameType.ACK:
        return ack;
      case FrameType.NACK:
        return nack;
      case FrameType.TIME_SYNC_REQUEST:
        return timeSyncRequest;
      case FrameType.COMMAND:
        return command;
      default:
        return null;
    }
  }

  private void deliver(Frame flyweight) {
    switch (flyweight.frameType()) {
      case FrameType.HELLO:
        handler.onHello(hello);
        break;
      case FrameType.ACCEL:
        handler.onAccel(accel);
        break;
      case FrameType.MIC_ENERGY:
        handler.onMicEnergy(micEnergy);
        break;
      case FrameType.STATUS:
        handler.onStatus(status);
        break;
      case FrameType.TIME_SYNC_RESPONSE:
        handler.onTimeSyncResponse(timeSyncResponse);
        break;
      case FrameType.ACK:
        handler.onAck(ack);
        break;
      case FrameType.NACK:
        handler.onNack(nack);
        break;
      case FrameType.TIME_SYNC_REQUEST:
        handler.onTimeSyncRequest(timeSyncRequest);
        break;
      case FrameType.COMMAND:
        handler.onCommand(command);
        break;
      default:
        throw new IllegalStateException("no delivery for frameType=" + flyweight.frameType());
    }
  }

  private void reject(DecodeError error, int badgeId) {
    counters.error(error, badgeId);
    try {
      handler.onDecodeError(error, badgeId);
    } catch (RuntimeException e) {
      counters.handlerFailed();
      handlerErrorSink.accept(e);
    }
  }

  private static void logHandlerFailure(RuntimeException e) {
    LOG.error("frame handler failed; frame dropped, decoding continues", e);
  }
}
