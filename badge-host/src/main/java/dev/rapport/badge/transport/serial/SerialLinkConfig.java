package dev.rapport.badge.transport.serial;

import dev.rapport.badge.transport.BackoffPolicy;
import java.util.Objects;

/**
 * Settings of one serial link. The defaults suit a badge or dongle on a USB CDC-ACM or FTDI
 * adapter; only {@code path} is required.
 *
 * @param path device path as configured: {@code /dev/ttyUSB0}, {@code /dev/ttyACM0}, a {@code
 *     /dev/serial/by-id/...} symlink (resolved again at every reconnect, so a badge that comes back
 *     as ttyUSB1 is still found) or a pseudo-terminal
 * @param baudRate line speed in bit/s (ignored by CDC-ACM and PTYs, which run at bus speed)
 * @param readTimeoutMs how long one blocking read waits for the first byte; it bounds how fast
 *     {@code close()} takes effect. A multiple of 100 ms because termios counts it in tenths of a
 *     second: below 100 ms jSerialComm would spin on non-blocking reads.
 * @param readBufferBytes largest chunk handed to the listener in one call
 * @param sendQueueBytes outbound bytes held while the writer thread catches up; a send that does
 *     not fit is refused and counted
 * @param backoff delays between reconnect attempts
 */
public record SerialLinkConfig(
    String path,
    int baudRate,
    int readTimeoutMs,
    int readBufferBytes,
    int sendQueueBytes,
    BackoffPolicy backoff) {

  public static final int DEFAULT_BAUD_RATE = 115_200;
  public static final int DEFAULT_READ_TIMEOUT_MS = 100;
  public static final int DEFAULT_READ_BUFFER_BYTES = 4096;
  public static final int DEFAULT_SEND_QUEUE_BYTES = 8192;

  public SerialLinkConfig {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(backoff, "backoff");
    if (path.isBlank()) {
      throw new IllegalArgumentException("serial path must not be blank, path='" + path + "'");
    }
    if (baudRate <= 0) {
      throw new IllegalArgumentException("baud rate must be positive, baudRate=" + baudRate);
    }
    if (readTimeoutMs < 100 || readTimeoutMs % 100 != 0 || readTimeoutMs > 25_500) {
      throw new IllegalArgumentException(
          "read timeout must be a multiple of 100 ms from 100 to 25500, readTimeoutMs="
              + readTimeoutMs);
    }
    if (readBufferBytes < 64) {
      throw new IllegalArgumentException(
          "read buffer must hold at least 64 bytes, readBufferBytes=" + readBufferBytes);
    }
    if (sendQueueBytes < 64) {
      throw new IllegalArgumentException(
          "send queue must hold at least 64 bytes, sendQueueBytes=" + sendQueueBytes);
    }
  }

  public static SerialLinkConfig forPath(String path) {
    return new SerialLinkConfig(
        path,
        DEFAULT_BAUD_RATE,
        DEFAULT_READ_TIMEOUT_MS,
        DEFAULT_READ_BUFFER_BYTES,
        DEFAULT_SEND_QUEUE_BYTES,
        BackoffPolicy.DEFAULT);
  }

  public SerialLinkConfig withBaudRate(int newBaudRate) {
    return new SerialLinkConfig(
        path, newBaudRate, readTimeoutMs, readBufferBytes, sendQueueBytes, backoff);
  }

  public SerialLinkConfig withReadTimeoutMs(int newReadTimeoutMs) {
    return new SerialLinkConfig(
        path, baudRate, newReadTimeoutMs, readBufferBytes, sendQueueBytes, backoff);
  }

  public SerialLinkConfig withSendQueueBytes(int newSendQueueBytes) {
    return new SerialLinkConfig(
        path, baudRate, readTimeoutMs, readBufferBytes, newSendQueueBytes, backoff);
  }

  public SerialLinkConfig withBackoff(BackoffPolicy newBackoff) {
    return new SerialLinkConfig(
        path, baudRate, readTimeoutMs, readBufferBytes, sendQueueBytes, newBackoff);
  }
}
