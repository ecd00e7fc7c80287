package dev.rapport.hardware;

/**
 * One on/off actuator (an LED, a buzzer) seen as a boolean, with the pin's active level already
 * applied by the implementation. Called on the hardware thread only.
 */
@FunctionalInterface
public interface BinaryOutput {
  void set(boolean on);
}
