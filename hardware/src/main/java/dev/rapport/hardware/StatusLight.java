package dev.rapport.hardware;

/** The gateway's status LED. Safe to call from any thread; the blinking happens elsewhere. */
public interface StatusLight {

  /** Switches to {@code pattern}; showing the pattern already shown keeps its rhythm going. */
  void show(LightPattern pattern);

  /** The pattern last requested. */
  LightPattern pattern();
}
