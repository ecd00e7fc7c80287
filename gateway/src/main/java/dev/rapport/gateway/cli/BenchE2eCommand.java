package dev.rapport.gateway.cli;

import dev.rapport.gateway.bench.EndToEndBench;
import dev.rapport.gateway.bench.EndToEndReport;
import dev.rapport.gateway.bench.EndToEndResult;
import dev.rapport.gateway.mqtt.MqttSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rapport bench e2e}: end-to-end latency of the running gateway, from a badge frame entering
 * it to the score at an MQTT subscriber (docs/performance.md, "End-to-end latency").
 */
@Command(
    name = "e2e",
    mixinStandardHelpOptions = true,
    description = {
      "End-to-end latency: simulated badges in real time through the whole gateway (engine,",
      "outbox, MQTT) to a Paho subscriber in the same JVM. Prints Markdown tables.",
      "frame -> subscriber: from the frame carrying a window's newest sample entering the",
      "gateway to its dyad score arriving (includes the allowed lateness, by design);",
      "emit -> subscriber: from the engine emitting the score to its arrival."
    })
public final class BenchE2eCommand implements Callable<Integer> {
  @Option(
      names = "--badges",
      defaultValue = "64",
      description = "Simulated badges (default: ${DEFAULT-VALUE}).")
  int badges;

  @Option(
      names = "--duration",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Measured time (default: ${DEFAULT-VALUE}).")
  long durationMs;

  @Option(
      names = "--warmup",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "Not measured, after the first full window was scored (default: ${DEFAULT-VALUE}).")
  long warmupMs;

  @Option(
      names = "--broker",
      paramLabel = "HOST:PORT",
      description = "Publish to this broker (e.g. a local mosquitto) instead of the embedded one.")
  String broker;

  @Option(
      names = "--hop",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "engine.hop (default: ${DEFAULT-VALUE}).")
  long hopMs;

  @Option(
      names = "--allowed-lateness",
      defaultValue = "500ms",
      converter = DurationConverter.class,
      description = "grid.allowed_lateness (default: ${DEFAULT-VALUE}).")
  long allowedLatenessMs;

  @Option(
      names = "--window",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "engine.window (default: ${DEFAULT-VALUE}).")
  long windowMs;

  @Option(
      names = "--max-lag",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "engine.max_lag (default: ${DEFAULT-VALUE}).")
  long maxLagMs;

  @Option(
      names = "--max-inflight",
      defaultValue = "" + MqttSettings.DEFAULT_INFLIGHT_WINDOW,
      paramLabel = "N",
      description = "mqtt.max_inflight: unacknowledged messages (default: ${DEFAULT-VALUE}).")
  int maxInflight;

  @Option(
      names = "--fsync",
      defaultValue = "batch",
      description = "mqtt.outbox.fsync: always, batch or never (default: ${DEFAULT-VALUE}).")
  String fsync;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the simulated room (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Keep the outbox here, e.g. on the SD card (default: a temporary directory).")
  Path dataDir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (badges < 2 || badges > 256) {
      throw new ParameterException(spec.commandLine(), "--badges must be 2..256, badges=" + badges);
    }
    if (durationMs < 1_000) {
      throw new ParameterException(
          spec.commandLine(), "--duration must be at least 1s, duration=" + durationMs + "ms");
    }
    if (!fsync.equals("always") && !fsync.equals("batch") && !fsync.equals("never")) {
      throw new ParameterException(
          spec.commandLine(), "--fsync must be always, batch or never, fsync=" + fsync);
    }
    String url = null;
    if (broker != null) {
      url = broker.contains("://") ? broker : "tcp://" + broker;
      if (!url.matches("tcp://[^:/]+:\\d{1,5}")) {
        throw new ParameterException(
            spec.commandLine(), "--broker must be HOST:PORT, broker=" + broker);
      }
    }
    EndToEndBench.Options options =
        new EndToEndBench.Options(
            badges,
            seed,
            warmupMs,
            durationMs,
            url,
            windowMs,
            maxLagMs,
            hopMs,
            allowedLatenessMs,
            fsync,
            maxInflight,
            dataDir);
    PrintWriter out = spec.commandLine().getOut();
    EndToEndResult result = new EndToEndBench(options, spec.commandLine().getErr()).run();
    new EndToEndReport(out).print(result);
    return result.missing() == 0 && result.unmatchedArrivals() == 0
        ? ExitCodes.OK
        : ExitCodes.FAILED;
  }
}
