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
 * answer TIME_SYNC requests and commands.
 *
 * <p>In real time, session time t is the injected clock's {@link #sessionOriginNs()} + t: the
 * fleet's ground truth ({@link SimulatedBadge#clock()}) holds on that clock. To keep every
 * TIME_SYNC exchange causal, as real firmware's are, host bytes are stamped with the session time
 * read <em>after</em> the read returned (so a badge never claims to have received a request before
 * it was written), and a frame is written only once its arrival time plus the badges' stamping
 * jitter has passed (so a send tick never lies after the moment the host can read the frame). As
 * fast as possible, the fleet runs without waiting and host bytes are stamped with its current
 * time. One thread: the caller of {@link #run}; {@link #stop()} may be called from any thread.
 */
public final class SerialBadgeRunner implements AutoCloseable {
  /**
   * How often the real-time loop wakes up to read host bytes and release frames. Host bytes are
   * stamped when read, so a request waits up to this long (more on a busy machine) before the
   * badges see it: late, never early.
   */
  public static final long STEP_US = 1_000;

  /** Step of the as-fast-as-possible mode, which has no real time to follow. */
  static final long FAST_STEP_US = 5_000;

  private final BadgeFleet fleet;
  private final LongSupplier nanoClock;
  private final OutputStream[] outputs;
  private final InputStream[] inputs;
  private final byte[] readBuffer = new byte[4096];
  private volatile boolean stopRequested;
  private IOException writeFailure;
  private long bytesWritten;
  private long hostBytesRead;
  private volatile long sessionOriginNs;

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
    sessionOriginNs = nanoClock.getAsLong() - TimeUnit.MICROSECONDS.toNanos(fleet.timeUs());
    // A badge stamps up to tickJitterUs late: its frames leave only once that moment has passed.
    long releaseMarginUs = fleet.config().tickJitterUs();
    WireSink sink = this::write;
    while (!stopRequested && fleet.timeUs() < untilUs) {
      long targetUs;
      if (realTime) {
        readHostBytes(true);
        targetUs = Math.min(untilUs, sessionNowUs() - releaseMarginUs);
        if (targetUs <= fleet.timeUs()) {
          LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(STEP_US));
          continue;
        }
      } else {
        readHostBytes(false);
        targetUs = Math.min(untilUs, fleet.timeUs() + FAST_STEP_US);
      }
      fleet.advanceTo(targetUs, sink);
      if (writeFailure != null) {
        throw writeFailure;
      }
      for (OutputStream out : outputs) {
        out.flush();
      }
    }
  }

  /**
   * Value of the injected clock at session time 0 during the latest {@link #run}: in real time,
   * session time t (microseconds) happened at {@code sessionOriginNs() + t * 1000} on that clock.
   */
  public long sessionOriginNs() {
    return sessionOriginNs;
  }

  /** Session time now on the injected clock, rounded up: never before the present moment. */
  private long sessionNowUs() {
    long sinceOriginNs = nanoClock.getAsLong() - sessionOriginNs;
    return (sinceOriginNs + 999) / 1_000L;
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

  private void readHostBytes(boolean realTime) throws IOException {
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
        // Stamped after the read returned: the bytes were written before this moment.
        long readUs = realTime ? Math.max(fleet.timeUs(), sessionNowUs()) : fleet.timeUs();
        fleet.onHostBytes(l, readUs, readBuffer, 0, n);
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
