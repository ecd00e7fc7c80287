package dev.rapport.gateway.mqtt;

/**
 * What became of one message on the command topic: a typed command, or a rejection that names the
 * field, the value found and why it is not allowed. Both are answered on {@code
 * .../command/result}.
 */
public sealed interface CommandOutcome {
  String requestId();

  /** The command name as sent, or null when there was none. */
  String command();

  record Accepted(GatewayCommand value) implements CommandOutcome {
    @Override
    public String requestId() {
      return value.requestId();
    }

    @Override
    public String command() {
      return value.name();
    }
  }

  /**
   * @param field the offending JSON field, or {@code payload} when the message as a whole is wrong
   * @param value the offending value as JSON text (a string is quoted), or null when it was missing
   * @param reason what is allowed, for a person
   */
  record Rejected(String requestId, String command, String field, String value, String reason)
      implements CommandOutcome {
    /** One line for logs, naming the field beside its value. */
    public String message() {
      return field + "=" + value + ": " + reason;
    }
  }
}
