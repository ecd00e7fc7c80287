package dev.rapport.gateway.cli;

import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.config.GatewayConfig;
import dev.rapport.gateway.runtime.GatewayRuntime;
import dev.rapport.gateway.runtime.RuntimeOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rapport run --config FILE}: the gateway service. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the gateway service: badges, synchrony engine, MQTT, dashboard.")
public final class RunCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML configuration (docs/configuration.md); without it every default applies.")
  Path configFile;

  @Option(
      names = "--duration",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description = "Stop after this long; 0s runs until SIGTERM (default: ${DEFAULT-VALUE}).")
  long durationMs;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    GatewayConfig config =
        configFile == null ? ConfigLoader.defaults() : ConfigLoader.load(configFile);
    GatewayRuntime runtime =
        new GatewayRuntime(config, RuntimeOptions.defaults(DemoCommand.version()));
    try {
      runtime.start();
    } catch (IOException e) {
      runtime.close();
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Rapport gateway %s/%s running%nMQTT:      %s (topics %s)%nDashboard: %s%n",
        config.site(),
        config.gateway(),
        runtime.brokerUrl(),
        runtime.topics().all(),
        runtime.dashboardUrl() == null ? "off" : runtime.dashboardUrl());
    out.flush();
    GatewayProcess.runUntilStopped(runtime, durationMs, 0, () -> {}, spec.commandLine().getErr());
    return ExitCodes.OK;
  }
}
