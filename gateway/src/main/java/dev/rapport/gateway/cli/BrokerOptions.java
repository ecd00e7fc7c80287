package dev.rapport.gateway.cli;

import dev.rapport.gateway.config.ConfigLoader;
import picocli.CommandLine.Option;

/** Where a client command finds a running gateway: its broker and its topic levels. */
public final class BrokerOptions {
  @Option(
      names = "--broker",
      paramLabel = "URL",
      defaultValue = "tcp://127.0.0.1:" + ConfigLoader.DEFAULT_EMBEDDED_PORT,
      description = "Broker the gateway publishes to (default: ${DEFAULT-VALUE}).")
  String brokerUrl;

  @Option(
      names = "--site",
      defaultValue = ConfigLoader.DEFAULT_SITE,
      description = "Site (default: ${DEFAULT-VALUE}).")
  String site;

  @Option(
      names = "--gateway",
      defaultValue = ConfigLoader.DEFAULT_GATEWAY,
      description = "Gateway name (default: ${DEFAULT-VALUE}).")
  String gateway;

  @Option(names = "--username", description = "Broker user.")
  String username;

  @Option(
      names = "--password-env",
      paramLabel = "VAR",
      description = "Environment variable holding the broker password (kept off the command line).")
  String passwordEnv;
}
