package dev.rapport.gateway.sync.offline;

/** Input data that cannot be scored; the message names the file, line and column. */
public final class BadInputException extends RuntimeException {
  public BadInputException(String message) {
    super(message);
  }
}
