package dev.rapport.gateway.cli;

import dev.rapport.gateway.features.FeatureParams;
import dev.rapport.gateway.features.MicScale;
import dev.rapport.gateway.sync.SyncConfig;
import dev.rapport.gateway.sync.offline.BadInputException;
import dev.rapport.gateway.sync.offline.OfflineScorer;
import dev.rapport.gateway.sync.offline.PairSelection;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rapport score}: offline synchrony scoring of a CSV, for labs with data from any sensor
 * ({@code --signals}) or from badges or the simulator ({@code --raw}, through the feature
 * pipeline). The same engine as the live gateway, so the numbers are the gateway's numbers.
 *
 * <p>The input is validated completely before the first score is written; the output goes to a
 * temporary file beside {@code --out} that is renamed only when the run succeeded, so a file with
 * the final name is always complete.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Score the synchrony of every dyad (or the named ones) in a CSV file.",
      "Output: one row per dyad per hop, header time_ms,badge_a,badge_b,r_peak,lag_ms,...;"
          + " empty fields where no value exists. docs/algorithms.md defines every column."
    })
public final class ScoreCommand implements Callable<Integer> {

  static final class Input {
    @Option(
        names = "--signals",
        paramLabel = "FILE",
        required = true,
        description =
            "CSV time_ms,badge,value: one row per badge per grid tick, integer values 0..65535"
                + " (empty = missing). Movement synchrony of these values.")
    Path signals;

    @Option(
        names = "--raw",
        paramLabel = "FILE",
        required = true,
        description =
            "CSV time_ms,badge,ax_mg,ay_mg,az_mg,mic (as rapport simulate writes): the full"
                + " feature pipeline, all metrics.")
    Path raw;
  }

  static final class Pairs {
    @Option(
        names = "--pairs",
        paramLabel = "A:B,C:D",
        required = true,
        description = "Score only these dyads.")
    String pairs;

    @Option(
        names = "--pairs-file",
        paramLabel = "FILE",
        required = true,
        description = "Score only the dyads listed one per line as A,B.")
    Path pairsFile;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Pairs pairs;

  @Option(
      names = "--rate",
      defaultValue = "25",
      description = "Grid rate of the file in Hz (default: ${DEFAULT-VALUE}).")
  int rateHz;

  @Option(
      names = "--window",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Window W (default: ${DEFAULT-VALUE}).")
  long windowMs;

  @Option(
      names = "--max-lag",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "Largest lag L searched each way, less than W/2 (default: ${DEFAULT-VALUE}).")
  long maxLagMs;

  @Option(
      names = "--hop",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "One row per dyad every hop (default: ${DEFAULT-VALUE}).")
  long hopMs;

  @Option(
      names = "--max-missing",
      defaultValue = "20",
      paramLabel = "PERCENT",
      description = "A window missing more than this share of pairs has no value (default: 20).")
  int maxMissingPercent;

  @Option(
      names = "--surrogates",
      defaultValue = "" + SyncConfig.DEFAULT_SURROGATE_POOL,
      paramLabel = "M",
      description = "Surrogate peaks kept per dyad for z and p; 0 = no significance (default: 32).")
  int surrogatePool;

  @Option(
      names = "--surrogate-budget",
      defaultValue = "" + SyncConfig.DEFAULT_SURROGATE_BUDGET_PER_HOP,
      paramLabel = "N",
      description =
          "Surrogate evaluations per hop for the whole room; raise it for big rooms offline"
              + " (default: 256).")
  int surrogateBudget;

  @Option(
      names = "--mic-scale",
      defaultValue = "amplitude",
      paramLabel = "SCALE",
      description =
          "With --raw: what the mic column holds: amplitude (rapport simulate), power or centi-db"
              + " (default: ${DEFAULT-VALUE}).")
  String micScale;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the scores here (default: standard output).")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    SyncConfig config = syncConfig();
    PairSelection selection = pairSelection();
    FeatureParams features = input.raw != null ? featureParams() : null;
    OfflineScorer.Summary summary;
    try {
      summary =
          out == null
              ? scoreTo(stdout(), config, selection, features)
              : scoreToFile(config, selection, features);
    } catch (BadInputException e) {
      throw new InputException(e.getMessage(), e);
    }
    PrintWriter err = spec.commandLine().getErr();
    err.printf(
        "scored %d dyads of %d badges: %d ticks, %d windows, %d rows%s%s%n",
        summary.dyads(),
        summary.badges(),
        summary.ticks(),
        summary.windows(),
        summary.rows(),
        out == null ? "" : " -> " + out,
        warnings(summary));
    err.flush();
    return ExitCodes.OK;
  }

  private static String warnings(OfflineScorer.Summary s) {
    StringBuilder sb = new StringBuilder();
    if (s.clampedSamples() > 0) {
      sb.append("; ").append(s.clampedSamples()).append(" feature values saturated to 0..65535");
    }
    if (s.saturatedAccelSamples() > 0) {
      sb.append("; ")
          .append(s.saturatedAccelSamples())
          .append(" accelerometer values beyond int16");
    }
    if (s.invalidMicSamples() > 0) {
      sb.append("; ").append(s.invalidMicSamples()).append(" mic values out of the scale's range");
    }
    return sb.toString();
  }

  private OfflineScorer.Summary scoreTo(
      Writer writer, SyncConfig config, PairSelection selection, FeatureParams features)
      throws IOException {
    OfflineScorer.Summary summary =
        input.raw != null
            ? OfflineScorer.scoreRaw(input.raw, config, features, selection, writer)
            : OfflineScorer.scoreSignals(input.signals, config, selection, writer);
    writer.flush();
    return summary;
  }

  /** Scores into a temporary file beside --out and renames it only when everything worked. */
  private OfflineScorer.Summary scoreToFile(
      SyncConfig config, PairSelection selection, FeatureParams features) throws IOException {
    Path target = out.toAbsolutePath();
    Path dir = target.getParent();
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".partial");
    boolean done = false;
    try {
      OfflineScorer.Summary summary;
      try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        summary = scoreTo(writer, config, selection, features);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
      return summary;
    } finally {
      if (!done) {
        Files.deleteIfExists(temp);
      }
    }
  }

  private Writer stdout() {
    return new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
  }

  private SyncConfig syncConfig() {
    try {
      return SyncConfig.builder()
          .rateHz(rateHz)
          .windowMs(windowMs)
          .maxLagMs(maxLagMs)
          .hopMs(hopMs)
          .maxMissingPercent(maxMissingPercent)
          .surrogatePool(surrogatePool)
          .surrogateBudgetPerHop(surrogateBudget)
          .spreadEvaluation(false)
          .build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "invalid engine parameters (--rate, --window, --max-lag, --hop, --max-missing,"
              + " --surrogates, --surrogate-budget): "
              + e.getMessage());
    }
  }

  private PairSelection pairSelection() throws IOException {
    if (pairs == null) {
      return PairSelection.all();
    }
    if (pairs.pairs != null) {
      try {
        return PairSelection.parse(pairs.pairs);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--pairs: " + e.getMessage());
      }
    }
    try {
      return PairSelection.fromFile(pairs.pairsFile);
    } catch (BadInputException e) {
      throw new InputException(e.getMessage(), e);
    }
  }

  private FeatureParams featureParams() {
    MicScale scale;
    switch (micScale) {
      case "amplitude":
        scale = MicScale.AMPLITUDE;
        break;
      case "power":
        scale = MicScale.POWER;
        break;
      case "centi-db":
        scale = MicScale.CENTI_DB;
        break;
      default:
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--mic-scale must be amplitude, power or centi-db, micScale=" + micScale);
    }
    return FeatureParams.defaults().toBuilder().micScale(scale).build();
  }
}
