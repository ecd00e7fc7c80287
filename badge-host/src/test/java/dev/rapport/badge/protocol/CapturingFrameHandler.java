package dev.rapport.badge.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Test handler that copies every decoded frame and every decode error, in arrival order. Shipped in
 * the badge-host test-jar for transport and simulator tests.
 */
public final class CapturingFrameHandler implements FrameHandler {
  /** A rejected frame: the kind and the badge id, or {@link FrameHandler#NO_BADGE_ID}. */
  public record CapturedError(DecodeError error, int badgeId) {}

  public final List<CapturedFrame> frames = new ArrayList<>();
  public final List<CapturedError> errors = new ArrayList<>();

  @Override
  public void onHello(HelloFrame frame) {
    frames.add(CapturedFrame.of(frame));
  }

  @Override
  public void onAccel(AccelFrame frame) {
    frames.add(CapturedFrame.of(frame));
  }

  @Override
  public void onMicEnergy(MicEnergyFrame frame) {
    frames.add(CapturedFrame.of(frame));
  }

  @Override
  public void onStatus(StatusFrame frame) {
    frames.add(CapturedFrame.of(frame));
  }

  @Override
  public void onTimeSyncRequest(TimeSyncRequestFrame frame) {
    frames.add(CapturedFrame.of(frame));
  }

  @Override
  public void onTimeSyncResponse(TimeSyncResponseFrame frame) {
    frames.add(CapturedFrame.of(frame));
  }

  @Override
  public void onCommand(CommandFrame frame) {
    frames.add(CapturedFrame.of(frame));
  }

  @Override
  public void onAck(AckFrame frame) {
    frames.add(CapturedFrame.of(frame));
  }

  @Override
  public void onNack(NackFrame frame) {
    frames.add(CapturedFrame.of(frame));
  }

  @Override
  public void onDecodeError(DecodeError error, int badgeId) {
    errors.add(new CapturedError(error, badgeId));
  }

  public void clear() {
    frames.clear();
    errors.clear();
  }
}
