package dev.rapport.gateway.cli;

import dev.rapport.badge.sim.SimConfig;
import dev.rapport.badge.sim.SimulationCsv;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rapport simulate}: a simulated room with known coupling, written as CSV with its ground
 * truth beside it (for `rapport score --raw` and for checking the engine against the truth).
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulate a room of badge wearers with known coupling (ground truth).",
      "Writes CSV (time_ms,badge,ax_mg,ay_mg,az_mg,mic) on the grid and FILE.truth.csv beside it."
    })
public final class SimulateCommand implements Callable<Integer> {
  @Option(
      names = "--badges",
      defaultValue = "8",
      description = "Number of badges (default: ${DEFAULT-VALUE}).")
  int badges;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed; the same seed gives the same room (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--duration",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "Simulated time, e.g. 90s, 5m, 1h (default: ${DEFAULT-VALUE}).")
  long durationMs;

  @Option(
      names = "--rate",
      defaultValue = "25",
      description = "Grid rate of the CSV in Hz (default: ${DEFAULT-VALUE}).")
  int gridRateHz;

  @Option(names = "--csv", required = true, paramLabel = "FILE", description = "CSV file to write.")
  Path csv;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    SimConfig config;
    try {
      config = SimConfig.builder().seed(seed).badgeCount(badges).gridRateHz(gridRateHz).build();
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    SimulationCsv.Summary summary = SimulationCsv.write(config, durationMs, csv);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "wrote %d rows for %d badges to %s%nground truth: %s%n",
        summary.rows(), badges, csv, summary.truthPath());
    out.flush();
    return ExitCodes.OK;
  }
}
