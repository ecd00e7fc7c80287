package dev.rapport.badge.transport;

/**
 * Receives what a {@link BadgeLink} reads and how its state changes. Called from the link's thread:
 * keep it short (decode or copy, then hand off through a bounded queue). An exception thrown here
 * is logged and counted in {@link LinkCounters#listenerErrors()}; the link keeps running.
 */
public interface LinkListener {

  /**
   * Bytes as they arrived: part of a frame, several frames, or both.
   *
   * @param buffer reused by the link after this call returns, so the listener must decode or copy
   *     synchronously and never keep a reference
   * @param receiveNanos the link's clock ({@code nanoClock}) read right after the bytes arrived
   */
  void onBytes(BadgeLink link, byte[] buffer, int offset, int length, long receiveNanos);

  /**
   * The link moved to {@code state}; {@code reason} says why in words a person can act on (e.g.
   * {@code "read failed, errno=5"}).
   */
  void onStateChanged(BadgeLink link, LinkState state, String reason);
}
