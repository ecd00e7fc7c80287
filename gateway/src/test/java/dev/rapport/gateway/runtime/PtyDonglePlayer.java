package dev.rapport.gateway.runtime;

import dev.rapport.badge.sim.BadgeFleet;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays a one-link {@link BadgeFleet} (a radio dongle) into the badge side of a pseudo-terminal in
 * real time, on its own thread, answering what the gateway writes back.
 *
 * <p>Host bytes are stamped with the session time at which they were read (never before they were
 * written), and a frame is written only once its send time, jitter included, has passed in real
 * time, so every TIME_SYNC exchange over the PTY is causal, as with real firmware ({@code
 * SerialBadgeRunner} does the same since it was fixed; this player keeps its own thread and origin
 * for the test's lifecycle).
 */
final class PtyDonglePlayer implements AutoCloseable {
  private static final long STEP_NS = 1_000_000L;

  /** Frames leave once their send time is this far in the past: covers the badges' stamp jitter. */
  private static final long RELEASE_MARGIN_US = 200;

  private final BadgeFleet fleet;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] readBuffer = new byte[4096];
  private final AtomicLong bytesWritten = new AtomicLong();
  private final AtomicLong hostBytesRead = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long startNs;

  PtyDonglePlayer(BadgeFleet fleet, Path device) throws IOException {
    if (fleet.linkCount() != 1) {
      throw new IllegalArgumentException("a dongle plays one link, linkCount=" + fleet.linkCount());
    }
    this.fleet = fleet;
    this.out = new FileOutputStream(device.toFile());
    this.in = new FileInputStream(device.toFile());
    this.thread = new Thread(this::loop, "pty-dongle " + device);
    thread.setDaemon(true);
  }

  /** Starts playing: session time 0 is now. */
  void start() {
    startNs = System.nanoTime();
    thread.start();
  }

  /** Gateway time ({@link System#nanoTime()}) of the fleet's session time 0. */
  long originNs() {
    return startNs;
  }

  /** Stops after the current step and waits; what was released has been written and flushed. */
  void stop() throws InterruptedException {
    running = false;
    thread.join(5_000);
    if (thread.isAlive()) {
      throw new IllegalStateException("dongle thread did not stop, thread=" + thread.getName());
    }
  }

  long bytesWritten() {
    return bytesWritten.get();
  }

  long hostBytesRead() {
    return hostBytesRead.get();
  }

  /** What the dongle thread died of, or null. */
  Throwable failure() {
    return failure.get();
  }

  @Override
  public void close() throws IOException {
    running = false;
    try {
      out.close();
    } finally {
      in.close();
    }
  }

  private void loop() {
    try {
      while (running) {
        int available;
        while ((available = in.available()) > 0) {
          int n = in.read(readBuffer, 0, Math.min(available, readBuffer.length));
          if (n <= 0) {
            break;
          }
          // Read after the read returned: the badge never claims it got bytes before they came.
          long readUs = (System.nanoTime() - startNs) / 1_000L;
          hostBytesRead.addAndGet(n);
          fleet.onHostBytes(0, Math.max(readUs, fleet.timeUs()), readBuffer, 0, n);
        }
        long releaseUs = (System.nanoTime() - startNs) / 1_000L - RELEASE_MARGIN_US;
        if (releaseUs > fleet.timeUs()) {
          fleet.advanceTo(releaseUs, this::write);
          out.flush();
        }
        LockSupport.parkNanos(STEP_NS);
      }
    } catch (IOException | RuntimeException e) {
      failure.set(e);
    }
  }

  private void write(int link, long arrivalUs, byte[] buffer, int offset, int length) {
    try {
      out.write(buffer, offset, length);
      bytesWritten.addAndGet(length);
    } catch (IOException e) {
      throw new IllegalStateException("writing to the PTY failed, bytes=" + length, e);
    }
  }
}
