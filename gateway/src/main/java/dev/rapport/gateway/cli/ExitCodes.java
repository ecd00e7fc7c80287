package dev.rapport.gateway.cli;

/**
 * Exit codes of every {@code rapport} command, so scripts and systemd can tell failures apart.
 * picocli itself returns 2 for a bad command line.
 */
public final class ExitCodes {
  public static final int OK = 0;

  /** The job ran but failed (I/O error, broker refused, ...). */
  public static final int FAILED = 1;

  /** Wrong command-line usage (picocli's own code). */
  public static final int USAGE = 2;

  /** Invalid input data: a CSV or recording that cannot be used. */
  public static final int BAD_INPUT = 3;

  /** Invalid configuration file. */
  public static final int BAD_CONFIG = 4;

  /** Something the command needs is not there: a session, a port, a running gateway. */
  public static final int NOT_FOUND = 5;

  private ExitCodes() {}
}
