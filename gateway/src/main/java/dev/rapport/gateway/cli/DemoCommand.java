package dev.rapport.gateway.cli;

import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.config.GatewayConfig;
import dev.rapport.gateway.runtime.GatewayRuntime;
import dev.rapport.gateway.runtime.RuntimeOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rapport demo}: the whole pipeline on a simulated room with known coupling, the embedded
 * broker and the dashboard, with nothing to install and no hardware.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a simulated room through the full pipeline: embedded MQTT broker, dashboard,",
      "live summary. No hardware, nothing to install."
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--badges",
      defaultValue = "8",
      description = "Simulated badges (default: ${DEFAULT-VALUE}).")
  int badges;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the simulated room (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--duration",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Stop after this long, e.g. 2m; 0s runs until Ctrl-C (default: ${DEFAULT-VALUE}).")
  long durationMs;

  @Option(
      names = "--mqtt-port",
      defaultValue = "1883",
      description =
          "Embedded broker port; a busy port falls back to a free one; 0 = any free port (default: ${DEFAULT-VALUE}).")
  int mqttPort;

  @Option(
      names = "--dashboard-port",
      defaultValue = "8080",
      description =
          "Dashboard port; a busy port falls back to a free one; 0 = any free port (default: ${DEFAULT-VALUE}).")
  int dashboardPort;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Keep the demo's data here (default: a temporary directory).")
  Path dataDir;

  @Option(names = "--quiet", description = "No live summary in the terminal.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (badges < 2 || badges > 256) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--badges must be 2..256, badges=" + badges);
    }
    Path dir = dataDir != null ? dataDir : Files.createTempDirectory("rapport-demo-");
    String yaml =
        "site: demo\n"
            + "gateway: gw1\n"
            + "data_dir: '"
            + dir.toAbsolutePath()
            + "'\n"
            + "badges:\n  simulated:\n    count: "
            + badges
            + "\n    seed: "
            + seed
            + "\nmqtt:\n  embedded:\n    port: "
            + freeOr(mqttPort)
            + "\ndashboard:\n  port: "
            + freeOr(dashboardPort)
            + "\n";
    GatewayConfig config = ConfigLoader.parse(yaml, name -> null);
    GatewayRuntime runtime = new GatewayRuntime(config, RuntimeOptions.defaults(version()));
    PrintWriter out = spec.commandLine().getOut();
    try {
      runtime.start();
    } catch (IOException e) {
      runtime.close();
      throw e;
    }
    String port = runtime.brokerUrl().substring(runtime.brokerUrl().lastIndexOf(':') + 1);
    out.printf(
        "Rapport demo: %d simulated badges (seed %d), data in %s%n"
            + "MQTT:      mosquitto_sub -h 127.0.0.1 -p %s -t 'rapport/#' -v%n"
            + "Dashboard: %s%n"
            + "Stop with Ctrl-C.%n",
        badges, seed, dir, port, runtime.dashboardUrl());
    out.flush();
    boolean tty = System.console() != null;
    GatewayProcess.runUntilStopped(
        runtime,
        durationMs,
        quiet ? 0 : 2_000,
        () -> {
          if (tty) {
            out.print("\033[H\033[2J");
          }
          out.print(
              runtime
                  .summary()
                  .render(
                      "Rapport demo  |  mqtt "
                          + runtime.brokerUrl()
                          + "  |  dashboard "
                          + runtime.dashboardUrl()));
          out.println();
          out.flush();
        },
        spec.commandLine().getErr());
    out.printf("demo stopped after %d dyad scores%n", runtime.summary().dyadMessages());
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * The wanted port if it is free on loopback, else 0 (any free port), so the demo always starts.
   */
  static int freeOr(int port) {
    if (port == 0) {
      return 0;
    }
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return port;
    } catch (IOException e) {
      return 0;
    }
  }

  static String version() {
    String v = DemoCommand.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
