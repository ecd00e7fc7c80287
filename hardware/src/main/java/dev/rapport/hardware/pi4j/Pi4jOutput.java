package dev.rapport.hardware.pi4j;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import dev.rapport.hardware.BinaryOutput;

/** A Pi4J output pin as a {@link BinaryOutput}, with the wiring's active level applied. */
final class Pi4jOutput implements BinaryOutput {
  private final DigitalOutput pin;
  private final boolean activeHigh;
  private volatile boolean detached;

  Pi4jOutput(DigitalOutput pin, boolean activeHigh) {
    this.pin = pin;
    this.activeHigh = activeHigh;
  }

  @Override
  public void set(boolean on) {
    if (detached) {
      return;
    }
    pin.state(on == activeHigh ? DigitalState.HIGH : DigitalState.LOW);
  }

  /** Ignores later writes: the pin is about to be released to Pi4J's shutdown. */
  void detach() {
    detached = true;
  }

  /** The pin level that means "off" for this wiring. */
  static DigitalState offState(boolean activeHigh) {
    return activeHigh ? DigitalState.LOW : DigitalState.HIGH;
  }
}
