package dev.rapport.hardware;

/** The optional buzzer. Safe to call from any thread; a new beep cuts off one still playing. */
public interface Buzzer {
  void beep(BeepPattern pattern);
}
