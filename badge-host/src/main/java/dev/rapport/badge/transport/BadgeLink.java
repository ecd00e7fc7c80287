package dev.rapport.badge.transport;

/**
 * One byte pipe to one or more badges: a serial port (one badge, or a radio dongle carrying many)
 * or one BLE connection. Like a Californium connector it only moves bytes and reports link state;
 * frames, badge ids and sequence numbers are the decoder's business above it.
 *
 * <p>Implementations are thread-safe. {@link #start} and {@link #send} never block on I/O: the link
 * owns its threads, reconnects by itself after a loss (capped exponential backoff with jitter) and
 * keeps going until {@link #close}.
 */
public interface BadgeLink extends AutoCloseable {

  /**
   * Stable, human-readable id naming the transport and the address, e.g. {@code
   * "serial:/dev/ttyUSB0"} or {@code "ble:AA:BB:CC:DD:EE:FF"}; it stays the same across reconnects.
   */
  String id();

  /**
   * Begins connecting in the background and returns at once. Bytes and state changes go to {@code
   * listener} from the link's own thread(s), in order.
   *
   * @throws IllegalStateException if the link was already started or is closed
   */
  void start(LinkListener listener);

  /**
   * Queues bytes for the badge side and returns at once; the caller may reuse its buffer
   * immediately.
   *
   * @return false when the link is not connected or its outbound buffer is full; every false is
   *     counted in {@link LinkCounters#sendFailures()}
   */
  boolean send(byte[] bytes, int offset, int length);

  LinkState state();

  /** Live counters; reading them never blocks the link. */
  LinkCounters counters();

  /**
   * Stops reconnecting, releases the device and reports {@link LinkState#CLOSED}. Idempotent; waits
   * a bounded time for the link's threads to end.
   */
  @Override
  void close();
}
