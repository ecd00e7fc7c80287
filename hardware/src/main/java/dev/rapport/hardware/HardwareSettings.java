package dev.rapport.hardware;

/**
 * Which gateway GPIO parts exist and where they are wired. Pins are BCM GPIO numbers (the "GPIO17"
 * names, not physical header pins); docs/hardware.md shows the wiring for the defaults.
 *
 * @param required fail start-up when GPIO is unavailable instead of running without it
 * @param ledActiveHigh true when the LED lights with the pin high (LED + resistor to ground)
 * @param buttonActiveLow true when the button pulls the pin to ground (internal pull-up enabled)
 */
public record HardwareSettings(
    boolean required,
    boolean ledEnabled,
    int ledPinBcm,
    boolean ledActiveHigh,
    boolean buttonEnabled,
    int buttonPinBcm,
    boolean buttonActiveLow,
    long debounceMs,
    boolean buzzerEnabled,
    int buzzerPinBcm) {

  public static final int DEFAULT_LED_PIN_BCM = 17;
  public static final int DEFAULT_BUTTON_PIN_BCM = 27;
  public static final int DEFAULT_BUZZER_PIN_BCM = 22;

  /**
   * Long enough for the bounce of common tactile switches (1-10 ms), short enough to feel instant.
   */
  public static final long DEFAULT_DEBOUNCE_MS = 30;

  /** BCM GPIO lines on the 40-pin header of every Raspberry Pi since the B+. */
  public static final int MIN_PIN_BCM = 0;

  public static final int MAX_PIN_BCM = 27;
  public static final long MIN_DEBOUNCE_MS = 1;
  public static final long MAX_DEBOUNCE_MS = 1_000;

  public HardwareSettings {
    if (ledEnabled) {
      checkPin("ledPinBcm", ledPinBcm);
    }
    if (buttonEnabled) {
      checkPin("buttonPinBcm", buttonPinBcm);
      if (debounceMs < MIN_DEBOUNCE_MS || debounceMs > MAX_DEBOUNCE_MS) {
        throw new IllegalArgumentException(
            "debounceMs="
                + debounceMs
                + " is out of range (allowed "
                + MIN_DEBOUNCE_MS
                + ".."
                + MAX_DEBOUNCE_MS
                + ")");
      }
    }
    if (buzzerEnabled) {
      checkPin("buzzerPinBcm", buzzerPinBcm);
    }
    checkDistinct("ledPinBcm", ledEnabled, ledPinBcm, "buttonPinBcm", buttonEnabled, buttonPinBcm);
    checkDistinct("ledPinBcm", ledEnabled, ledPinBcm, "buzzerPinBcm", buzzerEnabled, buzzerPinBcm);
    checkDistinct(
        "buttonPinBcm", buttonEnabled, buttonPinBcm, "buzzerPinBcm", buzzerEnabled, buzzerPinBcm);
  }

  /** LED on BCM 17, button on BCM 27 (to ground), no buzzer, GPIO optional. */
  public static HardwareSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** True when at least one part is enabled, i.e. GPIO is worth opening at all. */
  public boolean anyEnabled() {
    return ledEnabled || buttonEnabled || buzzerEnabled;
  }

  private static void checkPin(String field, int pinBcm) {
    if (pinBcm < MIN_PIN_BCM || pinBcm > MAX_PIN_BCM) {
      throw new IllegalArgumentException(
          field
              + "="
              + pinBcm
              + " is out of range (allowed "
              + MIN_PIN_BCM
              + ".."
              + MAX_PIN_BCM
              + ", BCM numbering)");
    }
  }

  private static void checkDistinct(
      String fieldA, boolean enabledA, int pinA, String fieldB, boolean enabledB, int pinB) {
    if (enabledA && enabledB && pinA == pinB) {
      throw new IllegalArgumentException(
          "pins must differ, " + fieldA + "=" + pinA + " " + fieldB + "=" + pinB);
    }
  }

  /** Starts from the defaults; {@link #build()} validates. */
  public static final class Builder {
    private boolean required;
    private boolean ledEnabled = true;
    private int ledPinBcm = DEFAULT_LED_PIN_BCM;
    private boolean ledActiveHigh = true;
    private boolean buttonEnabled = true;
    private int buttonPinBcm = DEFAULT_BUTTON_PIN_BCM;
    private boolean buttonActiveLow = true;
    private long debounceMs = DEFAULT_DEBOUNCE_MS;
    private boolean buzzerEnabled;
    private int buzzerPinBcm = DEFAULT_BUZZER_PIN_BCM;

    private Builder() {}

    public Builder required(boolean required) {
      this.required = required;
      return this;
    }

    public Builder led(boolean enabled, int pinBcm) {
      this.ledEnabled = enabled;
      this.ledPinBcm = pinBcm;
      return this;
    }

    public Builder ledActiveHigh(boolean activeHigh) {
      this.ledActiveHigh = activeHigh;
      return this;
    }

    public Builder button(boolean enabled, int pinBcm) {
      this.buttonEnabled = enabled;
      this.buttonPinBcm = pinBcm;
      return this;
    }

    public Builder buttonActiveLow(boolean activeLow) {
      this.buttonActiveLow = activeLow;
      return this;
    }

    public Builder debounceMs(long debounceMs) {
      this.debounceMs = debounceMs;
      return this;
    }

    public Builder buzzer(boolean enabled, int pinBcm) {
      this.buzzerEnabled = enabled;
      this.buzzerPinBcm = pinBcm;
      return this;
    }

    public HardwareSettings build() {
      return new HardwareSettings(
          required,
          ledEnabled,
          ledPinBcm,
          ledActiveHigh,
          buttonEnabled,
          buttonPinBcm,
          buttonActiveLow,
          debounceMs,
          buzzerEnabled,
          buzzerPinBcm);
    }
  }
}
