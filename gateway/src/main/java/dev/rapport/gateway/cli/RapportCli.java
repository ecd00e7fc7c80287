package dev.rapport.gateway.cli;

import dev.rapport.gateway.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code rapport}: one picocli command with a subcommand per job. */
@Command(
    name = "rapport",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Interpersonal synchrony from wearable badges.",
    subcommands = {
      CommandLine.HelpCommand.class,
      DemoCommand.class,
      RunCommand.class,
      SimulateCommand.class,
      ScoreCommand.class,
      BenchCommand.class,
      BadgesCommand.class,
      SessionCommand.class,
      SessionsCommand.class,
      ReplayCommand.class,
      ExportCommand.class
    })
public final class RapportCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine newCommandLine() {
    CommandLine cli = new CommandLine(new RapportCli());
    cli.setExecutionExceptionHandler(RapportCli::handleFailure);
    return cli;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }

  /**
   * Failures a user can act on get one plain line and an exit code; only a bug (an unexpected
   * runtime exception) prints a stack trace.
   */
  private static int handleFailure(
      Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
    // "session start", not just "start": the subcommand alone does not say what failed.
    String command = cli.getCommandSpec().qualifiedName(" ").replaceFirst("^rapport ", "");
    if (e instanceof ConfigException) {
      cli.getErr().println(command + ": configuration error: " + e.getMessage());
      return ExitCodes.BAD_CONFIG;
    }
    if (e instanceof InputException) {
      cli.getErr().println(command + ": " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    if (e instanceof IOException || e instanceof UncheckedIOException) {
      cli.getErr().println(command + ": " + e.getMessage());
      return ExitCodes.FAILED;
    }
    cli.getErr().println(command + ": unexpected error: " + e);
    e.printStackTrace(cli.getErr());
    return ExitCodes.FAILED;
  }
}
