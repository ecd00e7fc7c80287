package dev.rapport.hardware;

/** Silence. */
final class NoBuzzer implements Buzzer {
  @Override
  public void beep(BeepPattern pattern) {
    java.util.Objects.requireNonNull(pattern, "pattern");
  }
}
