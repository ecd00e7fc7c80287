package dev.rapport.badge.transport;

/** Where a {@link BadgeLink} is in its life; only CLOSED is final. */
public enum LinkState {
  /** Created, {@code start} not called yet. */
  NEW,
  /** Opening the port or connecting to the device. */
  CONNECTING,
  /** Bytes flow in both directions. */
  CONNECTED,
  /** Lost or could not connect; a retry is scheduled after a backoff delay. */
  DISCONNECTED,
  /** Closed by its owner; nothing more will happen. */
  CLOSED
}
