package dev.rapport.badge.transport.serial;

import com.fazecast.jSerialComm.SerialPort;
import dev.rapport.badge.transport.BadgeLink;
import dev.rapport.badge.transport.BoundedByteQueue;
import dev.rapport.badge.transport.LinkCounters;
import dev.rapport.badge.transport.LinkEvents;
import dev.rapport.badge.transport.LinkListener;
import dev.rapport.badge.transport.LinkState;
import dev.rapport.badge.transport.ReconnectBackoff;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A badge (or a radio dongle carrying many) on a serial port, read with jSerialComm.
 *
 * <p>Two threads per link. The reader thread owns the port: it opens it, blocks in reads with a
 * timeout, and on any sign of loss closes it at once and reopens it after a backoff delay. We read
 * on a dedicated thread instead of using jSerialComm's event listener because, measured here with
 * socat PTYs, {@code LISTENING_EVENT_PORT_DISCONNECTED} fires in a tight loop (about 180,000 times
 * in 500 ms) until the port is closed, and {@code isOpen()} stays true after the other side died; a
 * blocking read returns -1 (EIO) once instead, on PTYs and on hung-up USB ttys alike. The writer
 * thread drains a bounded outbound queue so that {@link #send} never blocks.
 *
 * <p>The port is closed only by the reader thread and only while holding {@code portLock}, the lock
 * the writer holds during a write: jSerialComm frees its native port state on close, so a write
 * racing a close could touch freed memory.
 */
public final class SerialBadgeLink implements BadgeLink {
  private static final Logger LOG = LoggerFactory.getLogger(SerialBadgeLink.class);

  private static final long WRITER_POLL_NS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long THREAD_JOIN_MARGIN_MS = 2_000;

  /**
   * Empty reads that return in under a quarter of the read timeout, this many times in a row, mean
   * the driver reports end-of-file without an error; we treat that as a loss instead of spinning.
   */
  private static final int MAX_FAST_EMPTY_READS = 50;

  private static final int ERRNO_PERMISSION_DENIED = 13;
  private static final int ERRNO_BUSY = 16;

  private final String id;
  private final SerialLinkConfig config;
  private final LongSupplier nanoClock;
  private final ReconnectBackoff backoff;
  private final LinkEvents events;
  private final BoundedByteQueue outbound;
  private final byte[] readBuffer;
  private final byte[] writeBuffer;
  private final Object portLock = new Object();
  private final CountDownLatch closeSignal = new CountDownLatch(1);

  /** Guarded by portLock; set and cleared only by the reader thread. */
  private SerialPort port;

  private volatile boolean closing;
  private Thread reader;
  private Thread writer;

  public SerialBadgeLink(SerialLinkConfig config) {
    this(config, System::nanoTime, RandomGenerator.getDefault());
  }

  /**
   * @param nanoClock stamps received bytes ({@code receiveNanos})
   * @param random jitter of the reconnect backoff
   */
  public SerialBadgeLink(SerialLinkConfig config, LongSupplier nanoClock, RandomGenerator random) {
    this.config = Objects.requireNonNull(config, "config");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.backoff = config.backoff().newBackoff(Objects.requireNonNull(random, "random"));
    this.id = "serial:" + config.path();
    this.events = new LinkEvents(this);
    this.outbound = new BoundedByteQueue(config.sendQueueBytes());
    this.readBuffer = new byte[config.readBufferBytes()];
    this.writeBuffer = new byte[Math.min(config.sendQueueBytes(), 4096)];
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized void start(LinkListener listener) {
    events.start(listener);
    reader = new Thread(this::readLoop, "serial-rx " + config.path());
    writer = new Thread(this::writeLoop, "serial-tx " + config.path());
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  @Override
  public boolean send(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (events.state() != LinkState.CONNECTED || !outbound.offer(bytes, offset, length)) {
      events.counters().onSendFailure();
      return false;
    }
    return true;
  }

  @Override
  public LinkState state() {
    return events.state();
  }

  @Override
  public LinkCounters counters() {
    return events.counters();
  }

  @Override
  public void close() {
    final Thread readerThread;
    final Thread writerThread;
    synchronized (this) {
      closing = true;
      closeSignal.countDown();
      outbound.wakeUp();
      readerThread = reader;
      writerThread = writer;
    }
    if (readerThread == null) {
      events.changeState(LinkState.CLOSED, "closed before start");
      return;
    }
    join(readerThread);
    join(writerThread);
  }

  private void join(Thread thread) {
    if (thread == Thread.currentThread()) {
      return; // closed from a listener callback: the loop sees `closing` and ends by itself
    }
    try {
      thread.join(config.readTimeoutMs() + THREAD_JOIN_MARGIN_MS);
      if (thread.isAlive()) {
        LOG.error("link thread did not stop in time, linkId={} thread={}", id, thread.getName());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readLoop() {
    String closeReason = "closed by owner";
    try {
      while (!closing) {
        final SerialPort opened = open();
        if (opened != null) {
          final String lossReason = pump(opened);
          closePort();
          if (closing) {
            break;
          }
          events.counters().onDisconnect();
          events.changeState(LinkState.DISCONNECTED, lossReason);
        }
        waitBeforeRetry();
      }
    } catch (RuntimeException | Error e) {
      closeReason = "reader thread failed: " + e;
      LOG.error("serial reader failed, linkId={}", id, e);
      throw e;
    } finally {
      closePort();
      events.changeState(LinkState.CLOSED, closeReason);
    }
  }

  /** Opens the port, or counts and reports why not and returns null. */
  private SerialPort open() {
    events.changeState(LinkState.CONNECTING, "opening path=" + config.path());
    final String device;
    try {
      device = SerialPaths.resolve(config.path());
    } catch (java.io.IOException e) {
      return openFailed("device not present, path=" + config.path() + " cause=" + e);
    }
    final SerialPort candidate;
    try {
      candidate = SerialPort.getCommPort(device);
    } catch (RuntimeException e) {
      return openFailed("not a serial port, path=" + config.path() + " device=" + device, e);
    }
    candidate.setComPortParameters(
        config.baudRate(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
    candidate.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
    candidate.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, config.readTimeoutMs(), 0);
    if (!candidate.openPort()) {
      final int errno = candidate.getLastErrorCode();
      return openFailed(
          "open failed, path="
              + config.path()
              + " device="
              + device
              + " errno="
              + errno
              + hint(errno));
    }
    synchronized (portLock) {
      port = candidate;
    }
    backoff.reset();
    events.counters().onConnect();
    events.changeState(LinkState.CONNECTED, "opened path=" + config.path() + " device=" + device);
    return candidate;
  }

  private SerialPort openFailed(String reason) {
    events.counters().onConnectFailure();
    events.changeState(LinkState.DISCONNECTED, reason);
    return null;
  }

  private SerialPort openFailed(String reason, RuntimeException cause) {
    LOG.debug("serial open failed, linkId={}", id, cause);
    return openFailed(reason + " cause=" + cause);
  }

  private static String hint(int errno) {
    if (errno == ERRNO_PERMISSION_DENIED) {
      return " (permission denied: add the user to the dialout group)";
    }
    if (errno == ERRNO_BUSY) {
      return " (busy: another process holds the port)";
    }
    return "";
  }

  /** Reads until the port is lost or the link closes; returns the reason for the loss. */
  private String pump(SerialPort p) {
    final long fastEmptyReadNs = TimeUnit.MILLISECONDS.toNanos(config.readTimeoutMs()) / 4;
    int fastEmptyReads = 0;
    while (!closing) {
      final long beforeNs = System.nanoTime(); // real time: judges the driver, not the badge
      final int count = p.readBytes(readBuffer, readBuffer.length);
      if (count > 0) {
        final long receiveNanos = nanoClock.getAsLong();
        fastEmptyReads = 0;
        events.deliver(readBuffer, 0, count, receiveNanos);
      } else if (count < 0) {
        // errno 0: the read saw end-of-file and the follow-up FIONREAD failed (hung-up tty).
        final int errno = p.getLastErrorCode();
        return (errno == 0 ? "read failed, end of file" : "read failed, errno=" + errno)
            + " (unplugged, or the other end closed), path="
            + config.path();
      } else if (System.nanoTime() - beforeNs < fastEmptyReadNs) {
        if (++fastEmptyReads >= MAX_FAST_EMPTY_READS) {
          return "port reports end of file (hung up), path=" + config.path();
        }
      } else {
        fastEmptyReads = 0;
      }
    }
    return "closing";
  }

  private void closePort() {
    synchronized (portLock) {
      final SerialPort p = port;
      port = null;
      if (p != null && !p.closePort()) {
        LOG.warn(
            "closing serial port reported failure, linkId={} errno={}", id, p.getLastErrorCode());
      }
    }
    final int dropped = outbound.clear();
    if (dropped > 0) {
      events.counters().onOutBytesDiscarded(dropped);
    }
  }

  private void waitBeforeRetry() {
    if (closing) {
      return;
    }
    try {
      closeSignal.await(backoff.nextDelayNs(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      // Nobody but close() has a reason to interrupt this thread; treat it as a close.
      closing = true;
      Thread.currentThread().interrupt();
    }
  }

  private void writeLoop() {
    try {
      while (!closing) {
        final int count = outbound.poll(writeBuffer, writeBuffer.length, WRITER_POLL_NS);
        if (count > 0) {
          write(count);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("serial writer failed, linkId={}", id, e);
      throw e;
    }
  }

  private void write(int count) {
    synchronized (portLock) {
      if (port == null) {
        events.counters().onOutBytesDiscarded(count);
        return;
      }
      final int written;
      try {
        written = port.writeBytes(writeBuffer, count, 0);
      } catch (RuntimeException e) {
        // Keep the writer alive: the reader notices a dead port and reconnects.
        events.counters().onOutBytesDiscarded(count);
        LOG.error("serial write failed unexpectedly, linkId={} bytes={}", id, count, e);
        return;
      }
      if (written > 0) {
        events.counters().onBytesOut(written);
      }
      if (written < count) {
        events.counters().onOutBytesDiscarded(count - Math.max(0, written));
        LOG.warn(
            "serial write incomplete, linkId={} requested={} written={} errno={}",
            id,
            count,
            written,
            port.getLastErrorCode());
      }
    }
  }

  @Override
  public String toString() {
    return id + " " + events.state();
  }
}
