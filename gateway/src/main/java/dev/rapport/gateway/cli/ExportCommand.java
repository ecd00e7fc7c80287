package dev.rapport.gateway.cli;

import dev.rapport.gateway.session.ReplayReport;
import dev.rapport.gateway.session.SessionExporter;
import dev.rapport.gateway.session.SessionParameters;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rapport export SESSION --format csv --out DIR}: a session as files a statistics tool reads
 * (grid samples, features, dyad metrics, markers, README.txt); columns in docs/export.md.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a recorded session for statistics tools: samples.csv, features.csv, dyads.csv,"
          + " markers.csv and README.txt (columns: docs/export.md)."
    })
public final class ExportCommand implements Callable<Integer> {
  enum Format {
    csv
  }

  @Parameters(paramLabel = "SESSION", description = "Session id (`rapport sessions` lists them).")
  String sessionId;

  @Mixin DataDirOption data;

  @Option(
      names = "--format",
      defaultValue = "csv",
      description = "Output format; only csv so far (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Directory to write the files into (created if needed).")
  Path out;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    SessionReplaySetup setup =
        SessionReplaySetup.load(spec, data.dataDir(), sessionId, SessionParameters.Overrides.NONE);
    if (setup == null) {
      return ExitCodes.NOT_FOUND;
    }
    ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "export " + sessionId);
    String version = RapportCli.class.getPackage().getImplementationVersion();
    SessionExporter.Summary summary =
        SessionExporter.export(
            setup.info,
            setup.recordingDirectory,
            setup.resolved,
            out,
            version == null ? "dev" : version,
            (done, total) -> {
              if (!quiet) {
                bar.update(done, total);
              }
            });
    PrintWriter o = spec.commandLine().getOut();
    o.printf(
        "exported session %s (%d badges) to %s: %d sample rows, %d feature rows, %d dyad rows,"
            + " %d markers%n",
        sessionId,
        summary.badges(),
        out,
        summary.sampleRows(),
        summary.featureRows(),
        summary.dyadRows(),
        summary.markerRows());
    for (String line : ReplayReport.lines(summary.replay())) {
      o.println(line);
    }
    o.flush();
    return ExitCodes.OK;
  }
}
