package dev.rapport.gateway.mqtt;

import java.util.List;

/**
 * A command received on {@code .../command} that passed validation, handed to the coordinator. Each
 * carries the sender's optional {@code request_id}, echoed in the result so the sender can match
 * the answer to its question.
 */
public sealed interface GatewayCommand {
  String START_SESSION = "start_session";
  String STOP_SESSION = "stop_session";
  String MARKER = "marker";
  String IDENTIFY = "identify";

  /** Null when the sender did not give one. */
  String requestId();

  /** The wire name, e.g. {@code start_session}. */
  String name();

  /**
   * @param sessionId null: the gateway picks one
   * @param participants badge ids in four-hex-digit form; empty: every badge present
   */
  record StartSession(String requestId, String sessionId, List<String> participants)
      implements GatewayCommand {
    public StartSession {
      participants = List.copyOf(participants);
    }

    @Override
    public String name() {
      return START_SESSION;
    }
  }

  record StopSession(String requestId) implements GatewayCommand {
    @Override
    public String name() {
      return STOP_SESSION;
    }
  }

  record Marker(String requestId, String label) implements GatewayCommand {
    @Override
    public String name() {
      return MARKER;
    }
  }

  /** Blink and buzz one badge so a facilitator can find it. */
  record Identify(String requestId, String badge) implements GatewayCommand {
    @Override
    public String name() {
      return IDENTIFY;
    }
  }
}
