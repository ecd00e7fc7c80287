package dev.rapport.badge.protocol;

/**
 * Receives decoded frames from a {@link FrameDecoder}, on the thread that called {@code onBytes}
 * and before {@code onBytes} returns. Each argument is a flyweight the decoder reuses for the next
 * frame of the same type: read what you need (or copy it) before returning, never keep a reference.
 * A caller that needs the receive time sets it aside before calling {@code onBytes}.
 *
 * <p>Every method has an empty default, so a host-side handler implements only badge-to-host types
 * and a badge-side one only COMMAND and TIME_SYNC_REQUEST. Frames a handler ignores are still
 * counted by the decoder ({@link DecoderCounters#framesDecoded()}).
 */
public interface FrameHandler {
  /**
   * Marks "no badge id" in {@link #onDecodeError}: the error happened before the CRC vouched for
   * it.
   */
  int NO_BADGE_ID = -1;

  default void onHello(HelloFrame frame) {}

  default void onAccel(AccelFrame frame) {}

  default void onMicEnergy(MicEnergyFrame frame) {}

  default void onStatus(StatusFrame frame) {}

  default void onTimeSyncRequest(TimeSyncRequestFrame frame) {}

  default void onTimeSyncResponse(TimeSyncResponseFrame frame) {}

  default void onCommand(CommandFrame frame) {}

  default void onAck(AckFrame frame) {}

  default void onNack(NackFrame frame) {}

  /**
   * Called after the decoder counted a rejected frame, for logging or link health. {@code badgeId}
   * is {@link #NO_BADGE_ID} unless {@link DecodeError#badgeKnown()}.
   */
  default void onDecodeError(DecodeError error, int badgeId) {}
}
