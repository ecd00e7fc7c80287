package dev.rapport.badge.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Builds frames for the wire: pick a type (which writes the header and returns that type's
 * flyweight over a scratch buffer), set its fields, then {@link #finish} appends the CRC-32C,
 * COBS-encodes and writes the frame with its 0x00 delimiter into the caller's buffer.
 *
 * <pre>{@code
 * FrameEncoder encoder = new FrameEncoder();
 * encoder.accel(badgeId, sequence, tick).firstSampleTick(t).sampleRateMilliHz(25_000)
 *     .scaleNanoGPerLsb(61_000).appendSample(12, -40, 16_390);
 * int written = encoder.finish(wire, 0); // at most Protocol.MAX_WIRE_LENGTH bytes
 * }</pre>
 *
 * Used by the simulator, the host's command sender and tests; allocates nothing except in {@link
 * #finishToArray()}. Not thread-safe: one encoder per sending thread. Argument errors (a field out
 * of range, a full batch, finishing an empty batch) throw: they are bugs of the caller, never
 * reactions to received bytes.
 */
public final class FrameEncoder {
  private final byte[] scratch = new byte[Protocol.MAX_FRAME_LENGTH];

  /** Hardware-assisted and equal to {@link Crc32c} (see FrameDecoder); reused per frame. */
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

  private final byte[] directScratch = new byte[Protocol.MAX_WIRE_LENGTH];

  private Frame current;

  public HelloFrame hello(int badgeId, int sequence, long tick) {
    begin(hello, FrameType.HELLO, HelloFrame.PAYLOAD_LENGTH, badgeId, sequence, tick);
    return hello;
  }

  /** An empty batch: add 1 to {@link AccelFrame#MAX_SAMPLES} samples before finishing. */
  public AccelFrame accel(int badgeId, int sequence, long tick) {
    begin(accel, FrameType.ACCEL, AccelFrame.FIXED_PAYLOAD_LENGTH, badgeId, sequence, tick);
    return accel;
  }

  /** An empty batch: add 1 to {@link MicEnergyFrame#MAX_LEVELS} levels before finishing. */
  public MicEnergyFrame micEnergy(int badgeId, int sequence, long tick) {
    begin(
        micEnergy,
        FrameType.MIC_ENERGY,
        MicEnergyFrame.FIXED_PAYLOAD_LENGTH,
        badgeId,
        sequence,
        tick);
    return micEnergy;
  }

  public StatusFrame status(int badgeId, int sequence, long tick) {
    begin(status, FrameType.STATUS, StatusFrame.PAYLOAD_LENGTH, badgeId, sequence, tick);
    return status;
  }

  /** Host to badge; the tick of host frames is 0 by convention (badges ignore it). */
  public TimeSyncRequestFrame timeSyncRequest(int badgeId, int sequence, long tick) {
    begin(
        timeSyncRequest,
        FrameType.TIME_SYNC_REQUEST,
        TimeSyncRequestFrame.PAYLOAD_LENGTH,
        badgeId,
        sequence,
        tick);
    return timeSyncRequest;
  }

  public TimeSyncResponseFrame timeSyncResponse(int badgeId, int sequence, long tick) {
    begin(
        timeSyncResponse,
        FrameType.TIME_SYNC_RESPONSE,
        TimeSyncResponseFrame.PAYLOAD_LENGTH,
        badgeId,
        sequence,
        tick);
    return timeSyncResponse;
  }

  /** Host to badge; choose the opcode with one of the {@link CommandFrame} opcode setters. */
  public CommandFrame command(int badgeId, int sequence, long tick) {
    begin(command, FrameType.COMMAND, CommandFrame.FIXED_PAYLOAD_LENGTH, badgeId, sequence, tick);
    return command;
  }

  public AckFrame ack(int badgeId, int sequence, long tick) {
    begin(ack, FrameType.ACK, CommandReplyFrame.PAYLOAD_LENGTH, badgeId, sequence, tick);
    return ack;
  }

  public NackFrame nack(int badgeId, int sequence, long tick) {
    begin(nack, FrameType.NACK, CommandReplyFrame.PAYLOAD_LENGTH, badgeId, sequence, tick);
    return nack;
  }

  /**
   * Appends {@code length} opaque bytes after the defined payload of the frame being built, as a
   * newer firmware would append fields (docs/protocol.md, "Versioning"). Only for fixed layouts.
   */
  public FrameEncoder appendExtension(byte[] bytes, int offset, int length) {
    final Frame frame = requireCurrent();
    if (frame == accel || frame == micEnergy || frame == command) {
      throw new IllegalStateException(
          "extension bytes only fit fixed layouts, frameType=" + FrameType.name(frame.type()));
    }
    final int newLength = frame.frameLength() + length;
    if (length < 0 || newLength + Protocol.CRC_LENGTH > Protocol.MAX_FRAME_LENGTH) {
      throw new IllegalArgumentException("extension too long, length=" + length);
    }
    System.arraycopy(bytes, offset, scratch, frame.frameLength(), length);
    frame.setLength(newLength);
    return this;
  }

  /**
   * Finishes the frame being built into {@code dst} at {@code dstOffset}.
   *
   * @return bytes written: the COBS-encoded frame and its 0x00 delimiter
   */
  public int finish(byte[] dst, int dstOffset) {
    final Frame frame = requireCurrent();
    if (!frame.hasValidLength()) {
      throw new IllegalStateException(
          "frame incomplete (empty batch?), frameType="
              + FrameType.name(frame.type())
              + ", payloadLength="
              + frame.payloadLength());
    }
    final int length = frame.frameLength();
    crc.reset();
    crc.update(scratch, 0, length);
    LittleEndian.putU32(scratch, length, crc.getValue());
    final int rawLength = length + Protocol.CRC_LENGTH;
    final int needed = Cobs.maxEncodedLength(rawLength) + 1;
    if (dstOffset < 0 || dst.length - dstOffset < needed) {
      throw new IllegalArgumentException(
          "destination too small, needed=" + needed + ", available=" + (dst.length - dstOffset));
    }
    final int encoded = Cobs.encode(scratch, 0, rawLength, dst, dstOffset);
    dst[dstOffset + encoded] = Protocol.DELIMITER;
    current = null;
    return encoded + 1;
  }

  /** Finishes into {@code dst} at its position, advancing it; returns bytes written. */
  public int finish(ByteBuffer dst) {
    if (dst.hasArray()) {
      final int written = finish(dst.array(), dst.arrayOffset() + dst.position());
      dst.position(dst.position() + written);
      return written;
    }
    final int written = finish(directScratch, 0);
    dst.put(directScratch, 0, written);
    return written;
  }

  /** Finishes into a new array holding exactly the wire bytes. Allocates: for tests and tools. */
  public byte[] finishToArray() {
    final byte[] wire = new byte[Protocol.MAX_WIRE_LENGTH];
    return Arrays.copyOf(wire, finish(wire, 0));
  }

  private void begin(
      Frame frame, int type, int payloadLength, int badgeId, int sequence, long tick) {
    Frame.checkU16("badgeId", badgeId);
    Frame.checkU16("sequence", sequence);
    Frame.checkU32("tick", tick);
    Arrays.fill(scratch, (byte) 0);
    frame.wrap(scratch, 0, Frame.HEADER_LENGTH + payloadLength);
    frame.writeHeader(type, badgeId, sequence, tick);
    current = frame;
  }

  private Frame requireCurrent() {
    if (current == null) {
      throw new IllegalStateException("no frame started; call a frame type method first");
    }
    return current;
  }
}
