package dev.rapport.gateway.cli;

import picocli.CommandLine;

/** Reads the version the build wrote into the jar manifest. */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = RapportCli.class.getPackage().getImplementationVersion();
    return new String[] {"rapport " + (version == null ? "dev" : version)};
  }
}
