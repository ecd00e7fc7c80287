package dev.rapport.gateway.cli;

/**
 * Input data a command cannot use; the message names the file, line and column. Mapped to {@link
 * ExitCodes#BAD_INPUT}.
 */
public final class InputException extends RuntimeException {
  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
