package dev.rapport.hardware;

/** A button that is never pressed. */
final class NoMarkerButton implements MarkerButton {
  @Override
  public void onPress(PressListener listener) {
    // Nothing can ever press it, so there is no one to tell.
  }

  @Override
  public long pressCount() {
    return 0;
  }
}
