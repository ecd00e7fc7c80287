package dev.rapport.hardware.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.provider.Provider;
import dev.rapport.hardware.Buzzer;
import dev.rapport.hardware.DebouncedButton;
import dev.rapport.hardware.GatewayHardware;
import dev.rapport.hardware.HardwareScheduler;
import dev.rapport.hardware.HardwareSettings;
import dev.rapport.hardware.HardwareUnavailableException;
import dev.rapport.hardware.LightPattern;
import dev.rapport.hardware.MarkerButton;
import dev.rapport.hardware.StatusLight;
import dev.rapport.hardware.TimedBuzzer;
import dev.rapport.hardware.TimedStatusLight;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the gateway's GPIO with Pi4J and hands back {@link GatewayHardware}, or {@link
 * GatewayHardware#none} with the reason when there is no usable GPIO.
 *
 * <p>The context is built explicitly with the gpiod providers only. Pi4J's automatic context
 * quietly prefers its mock providers when it does not recognise a Pi, and a gateway "blinking" a
 * mock pin would look healthy in the log while the real LED stays dark; so mock providers are
 * detected and refused here. gpiod needs only read/write access to {@code /dev/gpiochip*}, which
 * Raspberry Pi OS grants to the {@code gpio} group: no root, and it works on the Pi 5.
 */
public final class Pi4jHardware {
  /** What the gateway says when it carries on without GPIO. */
  public static final String NO_GPIO =
      "no GPIO available: running without status LED and marker button";

  static final String LED_ID = "rapport-status-led";
  static final String BUTTON_ID = "rapport-marker-button";
  static final String BUZZER_ID = "rapport-buzzer";

  private static final Logger LOG = LoggerFactory.getLogger(Pi4jHardware.class);

  private Pi4jHardware() {}

  /**
   * The gateway's hardware on this machine. Without usable GPIO it logs {@link #NO_GPIO} with the
   * reason and returns {@link GatewayHardware#none}, unless {@link HardwareSettings#required()}, in
   * which case it throws {@link HardwareUnavailableException} with the same reason.
   */
  public static GatewayHardware open(HardwareSettings settings, HardwareScheduler scheduler) {
    return open(settings, scheduler, GpioProbe.system(), Pi4jHardware::newGpiodContext);
  }

  /** {@link #open(HardwareSettings, HardwareScheduler)} with the probe and context injected. */
  static GatewayHardware open(
      HardwareSettings settings,
      HardwareScheduler scheduler,
      GpioProbe probe,
      Supplier<Context> contextFactory) {
    if (!settings.anyEnabled()) {
      return GatewayHardware.none("GPIO disabled: no status LED, marker button or buzzer enabled");
    }
    Optional<String> problem = probe.problem();
    if (problem.isPresent()) {
      return unavailable(settings, problem.get());
    }
    Context context;
    try {
      context = contextFactory.get();
    } catch (RuntimeException | LinkageError e) {
      // LinkageError: the gpiod provider loads a native library, which fails this way on a CPU
      // or libc it was not built for; that means "no GPIO", not a crashed gateway.
      return unavailable(settings, "Pi4J gpiod provider failed to start: " + e);
    }
    List<String> mocks = mockProviderIds(context);
    if (!mocks.isEmpty()) {
      shutdown(context);
      return unavailable(settings, "Pi4J fell back to its mock providers " + mocks);
    }
    try {
      return bind(context, settings, scheduler);
    } catch (RuntimeException e) {
      shutdown(context);
      return unavailable(settings, "cannot open the GPIO lines: " + e.getMessage());
    }
  }

  /**
   * Binds the enabled parts to pins of an existing context, whatever its providers: production
   * passes its gpiod context through {@link #open}, tests a context holding Pi4J's mock providers.
   * The light starts showing {@link LightPattern#STARTING}.
   */
  public static GatewayHardware bind(
      Context context, HardwareSettings settings, HardwareScheduler scheduler) {
    List<Pi4jOutput> outputs = new ArrayList<>();
    List<AutoCloseable> parts = new ArrayList<>();
    List<String> described = new ArrayList<>();

    StatusLight light = GatewayHardware.none().statusLight();
    if (settings.ledEnabled()) {
      Pi4jOutput led =
          output(context, LED_ID, "status LED", settings.ledPinBcm(), settings.ledActiveHigh());
      outputs.add(led);
      TimedStatusLight timed = new TimedStatusLight(led, scheduler);
      parts.add(timed);
      light = timed;
      described.add("status LED BCM" + settings.ledPinBcm());
    }
    MarkerButton button = GatewayHardware.none().markerButton();
    if (settings.buttonEnabled()) {
      button = button(context, settings, scheduler);
      described.add(
          "marker button BCM"
              + settings.buttonPinBcm()
              + " (debounce "
              + settings.debounceMs()
              + " ms)");
    }
    Buzzer buzzer = GatewayHardware.none().buzzer();
    if (settings.buzzerEnabled()) {
      Pi4jOutput pin = output(context, BUZZER_ID, "buzzer", settings.buzzerPinBcm(), true);
      outputs.add(pin);
      TimedBuzzer timed = new TimedBuzzer(pin, scheduler);
      parts.add(timed);
      buzzer = timed;
      described.add("buzzer BCM" + settings.buzzerPinBcm());
    }
    light.show(LightPattern.STARTING);
    String description = "Pi4J " + providerIds(context) + ": " + String.join(", ", described);
    LOG.info("GPIO: {}", description);
    return new GatewayHardware(
        light,
        button,
        buzzer,
        description,
        () -> {
          for (AutoCloseable part : parts) {
            part.close();
          }
          // Pending pattern steps may still run on the hardware thread; detached pins ignore
          // them, and Pi4J's shutdown drives every pin to its configured off level.
          for (Pi4jOutput output : outputs) {
            output.detach();
          }
          context.shutdown();
        });
  }

  /** The gpiod-only context production uses; see the class comment for why not auto-detect. */
  static Context newGpiodContext() {
    return Pi4J.newContextBuilder()
        .noAutoDetect()
        .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance())
        .build();
  }

  /** Ids of Pi4J mock providers in {@code context}: any at all means no real pins. */
  static List<String> mockProviderIds(Context context) {
    List<String> mocks = new ArrayList<>();
    for (Provider provider : context.providers().all().values()) {
      if (provider.id().startsWith("mock")
          || provider.getClass().getName().startsWith("com.pi4j.plugin.mock.")) {
        mocks.add(provider.id());
      }
    }
    mocks.sort(null);
    return mocks;
  }

  private static List<String> providerIds(Context context) {
    List<String> ids = new ArrayList<>(context.providers().all().keySet());
    ids.sort(null);
    return ids;
  }

  private static Pi4jOutput output(
      Context context, String id, String name, int pinBcm, boolean activeHigh) {
    DigitalState off = Pi4jOutput.offState(activeHigh);
    DigitalOutput pin =
        context.create(
            DigitalOutput.newConfigBuilder(context)
                .id(id)
                .name("Rapport " + name)
                .address(pinBcm)
                .initial(off)
                .shutdown(off)
                .build());
    return new Pi4jOutput(pin, activeHigh);
  }

  private static MarkerButton button(
      Context context, HardwareSettings settings, HardwareScheduler scheduler) {
    boolean activeLow = settings.buttonActiveLow();
    DigitalInput pin =
        context.create(
            DigitalInput.newConfigBuilder(context)
                .id(BUTTON_ID)
                .name("Rapport marker button")
                .address(settings.buttonPinBcm())
                .pull(activeLow ? PullResistance.PULL_UP : PullResistance.PULL_DOWN)
                // Pi4J's own debounce is off: ours is the one the tests drive, and one filter
                // is easier to reason about than two in series.
                .debounce(0L)
                .build());
    DigitalState pressedState = activeLow ? DigitalState.LOW : DigitalState.HIGH;
    DebouncedButton button =
        new DebouncedButton(scheduler, settings.debounceMs(), pin.state() == pressedState);
    pin.addListener(event -> button.edge(event.state() == pressedState, scheduler.nowMs()));
    return button;
  }

  private static GatewayHardware unavailable(HardwareSettings settings, String reason) {
    if (settings.required()) {
      throw new HardwareUnavailableException("GPIO is required but unavailable: " + reason);
    }
    String message = NO_GPIO + " (" + reason + ")";
    LOG.warn(message);
    return GatewayHardware.none(message);
  }

  private static void shutdown(Context context) {
    try {
      context.shutdown();
    } catch (RuntimeException e) {
      LOG.warn("Pi4J context shutdown failed after GPIO was found unusable", e);
    }
  }
}
