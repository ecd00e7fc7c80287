package dev.rapport.badge.sim;

import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Plays a {@link BadgeFleet} into serial devices, one path per link: typically one end of a
 * pseudo-terminal pair made by {@code socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B},
 * whose other end the gateway opens as if a badge (or a radio dongle) were plugged in.
 *
 * <p>Bytes are written with a plain {@link FileOutputStream}. When the path is a device (not a
 * regular file), what the host writes back is read without blocking ({@link
 * InputStream#available()}, so no thread is stuck in a tty read) and fed to the fleet: the badges
 * answer TIME_SYNC requests and commands. In real time the session clock follows the injected
 * nanosecond clock, and host bytes are stamped with the session time they were picked up at (at
 * most one step late); as fast as possible, the fleet runs without waiting. One thread: the caller
 * of {@link #run}; {@link #stop()} may be called from any thread.
 */
public final class SerialBadgeRunner implements AutoCloseable {
  /** How often the real-time loop wakes up; also the granularity of host byte timestamps. */
  public static final long STEP_US = 5_000;

  private final BadgeFleet fleet;
  private final LongSupplier nanoClock;
  private final OutputStream[] outputs;
  private final InputStream[] inputs;
  private final byte[] readBuffer = new byte[4096];
  private volatile boolean stopRequested;
  private IOException writeFailure;
  private long bytesWritten;
  private long hostBytesRead;

  /**
   * Opens every path at once (it must exist: a device, a PTY link, or a file to create).
   *
   * @param devicePaths one per link of the fleet, in link order
   * @param nanoClock monotonic clock for real-time pacing, e.g. {@code System::nanoTime}
   */
  public SerialBadgeRunner(BadgeFleet fleet, List<Path> devicePaths, LongSupplier nanoClock)
      throws IOException {
    this.fleet = Objects.requireNonNull(fleet, "fleet");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    if (devicePaths.size() != fleet.linkCount()) {
      throw new IllegalArgumentException(
          "need one device path per link, devicePaths="
              + devicePaths.size()
              + " linkCount="
              + fleet.linkCount());
    }
    outputs = new OutputStream[devicePaths.size()];
    inputs = new InputStream[devicePaths.size()];
    try {
      for (int l = 0; l < devicePaths.size(); l++) {
        Path path = devicePaths.get(l);
        outputs[l] = new BufferedOutputStream(new FileOutputStream(path.toFile()), 8192);
        if (!Files.isRegularFile(path)) {
          inputs[l] = new FileInputStream(path.toFile());
        }
      }
    } catch (IOException e) {
      close();
      throw new IOException("cannot open simulated badge device, path=" + devicePaths, e);
    }
  }

  /**
   * Plays the session from the fleet's current time until {@code untilUs} (session time) or until
   * {@link #stop()}, pacing in real time or running as fast as possible.
   */
  public void run(long untilUs, boolean realTime) throws IOException {
    long startNs = nanoClock.getAsLong();
    long startUs = fleet.timeUs();
    WireSink sink = this::write;
    while (!stopRequested && fleet.timeUs() < untilUs) {
      long targetUs;
      if (realTime) {
        long elapsedUs = TimeUnit.NANOSECONDS.toMicros(nanoClock.getAsLong() - startNs);
        targetUs = Math.min(untilUs, startUs + elapsedUs);
        if (targetUs <= fleet.timeUs()) {
          LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(STEP_US));
          continue;
        }
      } else {
        targetUs = Math.min(untilUs, fleet.timeUs() + STEP_US);
      }
      readHostBytes(fleet.timeUs());
      fleet.advanceTo(targetUs, sink);
      if (writeFailure != null) {
        throw writeFailure;
      }
      for (OutputStream out : outputs) {
        out.flush();
      }
    }
  }

  /** Asks {@link #run} to return after its current step. */
  public void stop() {
    stopRequested = true;
  }

  public long bytesWritten() {
    return bytesWritten;
  }

  public long hostBytesRead() {
    return hostBytesRead;
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (OutputStream out : outputs) {
      failure = closeQuietlyKeepingFirst(out, failure);
    }
    for (InputStream in : inputs) {
      failure = closeQuietlyKeepingFirst(in, failure);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static IOException closeQuietlyKeepingFirst(AutoCloseable c, IOException first) {
    if (c == null) {
      return first;
    }
    try {
      c.close();
      return first;
    } catch (Exception e) {
      IOException wrapped = e instanceof IOException io ? io : new IOException(e);
      if (first == null) {
        return wrapped;
      }
      first.addSuppressed(wrapped);
      return first;
    }
  }

  private void readHostBytes(long nowUs) throws IOException {
    for (int l = 0; l < inputs.length; l++) {
      InputStream in = inputs[l];
      if (in == null) {
        continue;
      }
      int available;
      while ((available = in.available()) > 0) {
        int n = in.read(readBuffer, 0, Math.min(available, readBuffer.length));
        if (n <= 0) {
          break;
        }
        hostBytesRead += n;
        fleet.onHostBytes(l, nowUs, readBuffer, 0, n);
      }
    }
  }

  private void write(int link, long arrivalTimeUs, byte[] buffer, int offset, int length) {
    if (writeFailure != null) {
      return;
    }
    try {
      outputs[link].write(buffer, offset, length);
      bytesWritten += length;
    } catch (IOException e) {
      writeFailure = e;
    }
  }
}
