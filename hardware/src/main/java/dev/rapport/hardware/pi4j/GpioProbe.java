package dev.rapport.hardware.pi4j;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Looks for the GPIO character devices the gpiod provider needs, before Pi4J is asked: Pi4J itself
 * only logs a warning when there are none and fails later, at the first pin. Also catches the
 * commonest mistake on a real Pi, a service user outside the {@code gpio} group.
 */
public final class GpioProbe {
  private final Path devDir;

  public GpioProbe(Path devDir) {
    this.devDir = devDir;
  }

  /** Probes the real {@code /dev}. */
  public static GpioProbe system() {
    return new GpioProbe(Path.of("/dev"));
  }

  /** Empty when some gpiochip is usable by this process, else why not. */
  public Optional<String> problem() {
    List<Path> chips = chips();
    if (chips.isEmpty()) {
      return Optional.of(
          "no " + devDir.resolve("gpiochip*") + " device (not a Raspberry Pi, or no GPIO driver)");
    }
    for (Path chip : chips) {
      if (Files.isReadable(chip) && Files.isWritable(chip)) {
        return Optional.empty();
      }
    }
    return Optional.of(
        "no permission to open "
            + chips.get(0)
            + " as user "
            + System.getProperty("user.name")
            + " (add the user to the 'gpio' group, root is not needed)");
  }

  /** The gpiochip devices present, sorted by name. */
  public List<Path> chips() {
    List<Path> chips = new ArrayList<>();
    if (!Files.isDirectory(devDir)) {
      return chips;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(devDir, "gpiochip[0-9]*")) {
      stream.forEach(chips::add);
    } catch (IOException e) {
      throw new IllegalStateException("cannot list devDir=" + devDir + ": " + e.getMessage(), e);
    }
    chips.sort(null);
    return chips;
  }
}
