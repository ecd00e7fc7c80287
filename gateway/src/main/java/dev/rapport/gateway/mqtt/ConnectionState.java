package dev.rapport.gateway.mqtt;

/** Where the publisher's broker connection is; only CLOSED is final. */
public enum ConnectionState {
  /** Created, {@code start} not called yet. */
  NEW,
  /** A connect attempt is under way. */
  CONNECTING,
  /** Connected: the outbox drains. */
  CONNECTED,
  /** The last attempt failed or the connection was lost; the next attempt waits out a backoff. */
  RETRYING,
  /** Closed by its owner. */
  CLOSED
}
