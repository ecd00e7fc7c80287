package dev.rapport.hardware;

/** GPIO was required ({@link HardwareSettings#required()}) but cannot be used; says why. */
public final class HardwareUnavailableException extends RuntimeException {
  public HardwareUnavailableException(String message) {
    super(message);
  }
}
