package dev.rapport.badge.transport;

/**
 * Monotonic counters of one link since it was created, for health reports and metrics. Each read is
 * a volatile read of one counter; different counters are not a consistent snapshot.
 */
public interface LinkCounters {
  /** Bytes handed to {@link LinkListener#onBytes}. */
  long bytesIn();

  /** Calls of {@link LinkListener#onBytes} (reads on serial, notifications on BLE). */
  long receives();

  /** Bytes written to the device. */
  long bytesOut();

  /** Successful connects (the first one included). */
  long connects();

  /** Losses of an established connection (not failed attempts). */
  long disconnects();

  /** Connect attempts that failed. */
  long connectFailures();

  /** {@link BadgeLink#send} calls that returned false. */
  long sendFailures();

  /** Bytes accepted by {@code send} but dropped unwritten because the connection was lost. */
  long outBytesDiscarded();

  /** Exceptions thrown by the listener. */
  long listenerErrors();
}
