package dev.rapport.gateway.cli;

import dev.rapport.gateway.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir} option shared by the commands that read sessions. */
public final class DataDirOption {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Gateway data directory (default: ${DEFAULT-VALUE}).",
      defaultValue = ConfigLoader.DEFAULT_DATA_DIR)
  Path dataDir;

  public Path dataDir() {
    return dataDir;
  }
}
