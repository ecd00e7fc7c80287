package dev.rapport.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code rapport}: one picocli command with a subcommand per job. */
@Command(
    name = "rapport",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Interpersonal synchrony from wearable badges.",
    subcommands = {CommandLine.HelpCommand.class})
public final class RapportCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine newCommandLine() {
    return new CommandLine(new RapportCli());
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }
}
