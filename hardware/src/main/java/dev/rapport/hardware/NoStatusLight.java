package dev.rapport.hardware;

/** Remembers the requested pattern so status pages can still show it; lights nothing. */
final class NoStatusLight implements StatusLight {
  private volatile LightPattern pattern = LightPattern.OFF;

  @Override
  public void show(LightPattern pattern) {
    this.pattern = java.util.Objects.requireNonNull(pattern, "pattern");
  }

  @Override
  public LightPattern pattern() {
    return pattern;
  }
}
