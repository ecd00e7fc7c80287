package dev.rapport.gateway.cli;

import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.engine.EngineSettings;
import dev.rapport.gateway.engine.GatewayEngine;
import dev.rapport.gateway.mqtt.DyadScoreMessage;
import dev.rapport.gateway.mqtt.EventMessage;
import dev.rapport.gateway.mqtt.MqttPublisher;
import dev.rapport.gateway.mqtt.MqttSettings;
import dev.rapport.gateway.mqtt.Topics;
import dev.rapport.gateway.mqtt.outbox.Outbox;
import dev.rapport.gateway.mqtt.outbox.OutboxSettings;
import dev.rapport.gateway.runtime.EngineOutputs;
import dev.rapport.gateway.session.DyadCsv;
import dev.rapport.gateway.session.ReplayReport;
import dev.rapport.gateway.session.Replayer;
import dev.rapport.gateway.session.SessionParameters;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rapport replay SESSION}: runs a session's recording through the exact live pipeline.
 * Without overrides it uses the parameters stored with the session and reproduces the live scores
 * bit for bit; with {@code --window}, {@code --max-lag} or {@code --hop} it re-analyses.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Run a recorded session through the engine again and write its scores as CSV.",
      "With the stored parameters the scores equal the live run's bit for bit;"
          + " --window/--max-lag/--hop re-analyse. Columns: docs/export.md."
    })
public final class ReplayCommand implements Callable<Integer> {
  private static final long PUBLISH_FLUSH_TIMEOUT_MS = 60_000;

  enum Speed {
    realtime,
    fast
  }

  @Parameters(paramLabel = "SESSION", description = "Session id (`rapport sessions` lists them).")
  String sessionId;

  @Mixin DataDirOption data;

  @Option(
      names = "--window",
      converter = DurationConverter.class,
      description = "Re-analyse with this window, e.g. 10s (default: the session's).")
  Long windowMs;

  @Option(
      names = "--max-lag",
      converter = DurationConverter.class,
      description = "Re-analyse with this lag range, e.g. 2s (default: the session's).")
  Long maxLagMs;

  @Option(
      names = "--hop",
      converter = DurationConverter.class,
      description = "Re-analyse with this hop, e.g. 1s (default: the session's).")
  Long hopMs;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Scores CSV to write (default: standard output).")
  Path out;

  @Option(
      names = "--publish",
      paramLabel = "URL",
      description = "Also publish the scores to this broker, e.g. tcp://127.0.0.1:1883.")
  String publishUrl;

  @Option(
      names = "--site",
      defaultValue = ConfigLoader.DEFAULT_SITE,
      description = "Site for --publish topics (default: ${DEFAULT-VALUE}).")
  String site;

  @Option(
      names = "--gateway",
      defaultValue = ConfigLoader.DEFAULT_GATEWAY,
      description = "Gateway name for --publish topics (default: ${DEFAULT-VALUE}).")
  String gateway;

  @Option(
      names = "--speed",
      defaultValue = "fast",
      description = "realtime (paced by the recorded times) or fast (default: ${DEFAULT-VALUE}).")
  Speed speed;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    SessionReplaySetup setup =
        SessionReplaySetup.load(
            spec,
            data.dataDir(),
            sessionId,
            new SessionParameters.Overrides(windowMs, maxLagMs, hopMs));
    if (setup == null) {
      return ExitCodes.NOT_FOUND;
    }
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter report = out == null ? err : spec.commandLine().getOut();
    EngineSettings settings = setup.resolved.settings();
    Path tmp = out == null ? null : out.resolveSibling(out.getFileName() + ".part");
    Path outboxDir = null;
    MqttPublisher publisher = null;
    Replayer.Result result;
    ScoreSink sink;
    try (Writer csv =
        out == null
            ? new FilterWriter(spec.commandLine().getOut()) {
              @Override
              public void close() throws IOException {
                flush(); // standard output stays open for the caller
              }
            }
            : Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      if (publishUrl != null) {
        outboxDir = Files.createTempDirectory("rapport-replay-outbox-");
        publisher = publisher(outboxDir);
        publisher.start();
      }
      sink = new ScoreSink(csv, publisher, setup.info.id());
      csv.write(DyadCsv.HEADER);
      csv.write('\n');
      GatewayEngine engine = Replayer.engineFor(setup.info, settings, sink);
      Replayer.Pacer pacer =
          speed == Speed.realtime ? Replayer.realtime(System::nanoTime) : Replayer.FAST;
      ProgressBar bar = out == null ? null : new ProgressBar(err, "replay " + sessionId);
      result =
          new Replayer(engine)
              .replay(
                  setup.recordingDirectory,
                  pacer,
                  (done, total) -> {
                    if (bar != null) {
                      bar.update(done, total);
                    }
                  });
    } catch (RuntimeException | IOException | InterruptedException e) {
      if (tmp != null) {
        Files.deleteIfExists(tmp);
      }
      try {
        closePublisher(publisher, outboxDir, err);
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    if (tmp != null) {
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
    }
    boolean delivered = closePublisher(publisher, outboxDir, err);

    report.printf(
        "session %s: %d score rows for %d dyads of %d badges, window %d ms, max lag %d ms,"
            + " hop %d ms%s%n",
        sessionId,
        sink.rows,
        sink.dyads.size(),
        sink.badges.size(),
        settings.sync().windowMs(),
        settings.sync().maxLagMs(),
        settings.sync().hopMs(),
        out == null ? "" : " -> " + out);
    report.println(
        setup.resolved.notes().stream().anyMatch(n -> n.contains("overridden"))
            ? "re-analysis: scores differ from the live run by design"
            : "stored parameters: scores reproduce the live run");
    for (String note : setup.resolved.notes()) {
      report.println("  " + note);
    }
    for (String line : ReplayReport.lines(result)) {
      report.println(line);
    }
    if (Boolean.FALSE.equals(setup.info.startedWithEngine())) {
      report.printf(
          "note: this session started %d s after the live engine, which already held clock"
              + " models, feature baselines and windows from before it; the recording starts"
              + " with the session, so the replay builds them anew and its scores can differ"
              + " from the live ones (most in the first minutes). Sessions that start with the"
              + " gateway (recording.enabled) replay bit for bit.%n",
          (setup.info.startedMs() - setup.info.engineStartedMs()) / 1000);
    }
    if (publisher != null) {
      report.printf(
          "published %d scores and %d markers to %s%s%n",
          sink.rows, sink.markers, publishUrl, delivered ? "" : " (NOT all acknowledged in time)");
    }
    report.flush();
    return delivered ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private MqttPublisher publisher(Path outboxDir) throws IOException {
    MqttSettings settings =
        MqttSettings.builder(
                publishUrl, "rapport-replay-" + UUID.randomUUID().toString().substring(0, 8))
            .build();
    Outbox outbox = Outbox.open(OutboxSettings.defaults(outboxDir), System::currentTimeMillis);
    String version = RapportCli.class.getPackage().getImplementationVersion();
    return new MqttPublisher(
        settings,
        new Topics(site, gateway),
        outbox,
        version == null ? "dev" : version,
        System::currentTimeMillis);
  }

  /**
   * @return false if not everything published was acknowledged in time
   */
  private static boolean closePublisher(MqttPublisher publisher, Path outboxDir, PrintWriter err)
      throws IOException {
    if (publisher == null) {
      return true;
    }
    boolean delivered;
    try {
      delivered = publisher.awaitDelivered(PUBLISH_FLUSH_TIMEOUT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      delivered = false;
    }
    if (!delivered) {
      err.println(
          "replay: the broker did not acknowledge every score within "
              + PUBLISH_FLUSH_TIMEOUT_MS
              + " ms");
    }
    publisher.close();
    if (outboxDir != null) {
      try (Stream<Path> files = Files.walk(outboxDir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return delivered;
  }

  /** Writes each score as a CSV row and, when asked, publishes it. Engine (replay) thread. */
  private static final class ScoreSink extends EngineOutputs.Ignoring {
    private final Writer csv;
    private final MqttPublisher publisher;
    private final String session;
    private final StringBuilder line = new StringBuilder(256);
    final TreeSet<String> dyads = new TreeSet<>();
    final TreeSet<String> badges = new TreeSet<>();
    long rows;
    long markers;

    ScoreSink(Writer csv, MqttPublisher publisher, String session) {
      this.csv = csv;
      this.publisher = publisher;
      this.session = session;
    }

    @Override
    public void onDyad(DyadScoreMessage message) {
      line.setLength(0);
      DyadCsv.row(message, line).append('\n');
      try {
        csv.append(line);
        if (publisher != null) {
          publisher.publishDyad(message);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      rows++;
      if (dyads.add(message.badgeA() + "/" + message.badgeB())) {
        badges.add(message.badgeA());
        badges.add(message.badgeB());
      }
    }

    @Override
    public void onMarker(long timeMs, String label) {
      markers++;
      if (publisher == null) {
        return;
      }
      try {
        publisher.publishEvent(
            EventMessage.builder(EventMessage.MARKER)
                .timeMs(timeMs)
                .session(session)
                .label(label)
                .source("replay")
                .build());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
