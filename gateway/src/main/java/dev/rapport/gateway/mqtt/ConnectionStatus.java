package dev.rapport.gateway.mqtt;

/**
 * What the publisher reports about its broker connection, for the log, the terminal summary and the
 * status LED.
 *
 * @param lastError the last failure in plain words (e.g. {@code broker refused credentials
 *     (user=lab)}), null once connected
 * @param failedAttempts connect attempts that failed since the last successful connect
 * @param sinceMs wall-clock time of the last change of state
 */
public record ConnectionStatus(
    ConnectionState state, String lastError, int failedAttempts, long sinceMs) {}
