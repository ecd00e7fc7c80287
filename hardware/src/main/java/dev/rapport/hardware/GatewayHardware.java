package dev.rapport.hardware;

import java.util.Objects;

/**
 * The gateway's physical controls, as the rest of the gateway sees them: interfaces only, no Pi4J
 * types. On a machine without GPIO (a laptop running {@code rapport demo}, a CI runner) it is
 * {@link #none}, whose parts accept every call and do nothing, so callers never branch on it.
 */
public final class GatewayHardware implements AutoCloseable {
  private final StatusLight statusLight;
  private final MarkerButton markerButton;
  private final Buzzer buzzer;
  private final boolean available;
  private final String description;
  private final AutoCloseable resources;

  public GatewayHardware(
      StatusLight statusLight,
      MarkerButton markerButton,
      Buzzer buzzer,
      String description,
      AutoCloseable resources) {
    this(statusLight, markerButton, buzzer, true, description, resources);
  }

  private GatewayHardware(
      StatusLight statusLight,
      MarkerButton markerButton,
      Buzzer buzzer,
      boolean available,
      String description,
      AutoCloseable resources) {
    this.statusLight = Objects.requireNonNull(statusLight, "statusLight");
    this.markerButton = Objects.requireNonNull(markerButton, "markerButton");
    this.buzzer = Objects.requireNonNull(buzzer, "buzzer");
    this.available = available;
    this.description = Objects.requireNonNull(description, "description");
    this.resources = Objects.requireNonNull(resources, "resources");
  }

  /** No GPIO: every part is a silent stand-in. */
  public static GatewayHardware none() {
    return none("GPIO disabled");
  }

  /** No GPIO, with the reason the gateway prints at start-up. */
  public static GatewayHardware none(String reason) {
    return new GatewayHardware(
        new NoStatusLight(), new NoMarkerButton(), new NoBuzzer(), false, reason, () -> {});
  }

  public StatusLight statusLight() {
    return statusLight;
  }

  public MarkerButton markerButton() {
    return markerButton;
  }

  public Buzzer buzzer() {
    return buzzer;
  }

  /** True when real pins are driven. */
  public boolean available() {
    return available;
  }

  /** One line for the start-up log: the pins in use, or why there is no GPIO. */
  public String description() {
    return description;
  }

  /** Turns outputs off and releases the pins. */
  @Override
  public void close() throws Exception {
    resources.close();
  }

  @Override
  public String toString() {
    return description;
  }
}
