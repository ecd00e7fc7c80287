package dev.rapport.badge.transport.testing;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Two linked pseudo-terminals made by socat, standing in for a badge on a serial cable: the code
 * under test opens {@link #linkPath()}, the test plays the badge on {@link #peerPath()}. Killing
 * socat ({@link #unplug()}) is the unplug; {@link #replug()} starts a new socat at the same paths.
 *
 * <p>Use a fresh pair (and a fresh directory) per test: bytes left in a PTY would leak into the
 * next test. A missing socat fails loudly; it is never a reason to skip.
 */
public final class PtyPair implements AutoCloseable {
  private static final Duration LINKS_TIMEOUT = Duration.ofSeconds(10);
  private static final long POLL_MS = 5;

  private final Path dir;
  private final Path linkPath;
  private final Path peerPath;
  private Process socat;
  private int generation;
  private PtyPeer peer;

  private PtyPair(Path dir) {
    this.dir = dir;
    this.linkPath = dir.resolve("badge-link");
    this.peerPath = dir.resolve("badge-peer");
  }

  /** Starts socat with both PTY links inside {@code dir} and waits until both exist. */
  public static PtyPair start(Path dir) throws IOException, InterruptedException {
    final PtyPair pair = new PtyPair(dir);
    pair.replug();
    return pair;
  }

  /** The side the link under test opens (a symlink to /dev/pts/N, like /dev/serial/by-id). */
  public Path linkPath() {
    return linkPath;
  }

  /** The badge's side. */
  public Path peerPath() {
    return peerPath;
  }

  /** Starts socat (again) at the same paths and waits until both links exist. */
  public synchronized void replug() throws IOException, InterruptedException {
    if (socat != null && socat.isAlive()) {
      throw new IllegalStateException("socat is still running, dir=" + dir);
    }
    generation++;
    final Path log = dir.resolve("socat-" + generation + ".log");
    try {
      socat =
          new ProcessBuilder(
                  "socat",
                  "-d",
                  "-d",
                  "pty,raw,echo=0,link=" + linkPath,
                  "pty,raw,echo=0,link=" + peerPath)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "socat is needed for the serial tests and could not be started: install it "
              + "(Debian: sudo apt-get install socat)",
          e);
    }
    final long deadlineNs = System.nanoTime() + LINKS_TIMEOUT.toNanos();
    while (!(Files.exists(linkPath) && Files.exists(peerPath))) {
      if (!socat.isAlive()) {
        throw new IllegalStateException(
            "socat exited early, exitCode=" + socat.exitValue() + " log=" + read(log));
      }
      if (System.nanoTime() - deadlineNs > 0) {
        throw new IllegalStateException(
            "socat did not create its PTY links within " + LINKS_TIMEOUT + ", log=" + read(log));
      }
      Thread.sleep(POLL_MS); // polling the file system; socat offers nothing to wait on
    }
  }

  /** Kills socat, as pulling the cable would, and waits until it is gone. */
  public synchronized void unplug() throws InterruptedException {
    closePeer();
    if (socat != null) {
      socat.destroy();
      if (!socat.waitFor(5, TimeUnit.SECONDS)) {
        socat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    closePeer();
  }

  /** The badge side of the current socat, opened on first use. */
  public synchronized PtyPeer peer() throws IOException {
    if (peer == null) {
      peer = new PtyPeer(peerPath);
    }
    return peer;
  }

  @Override
  public synchronized void close() throws InterruptedException {
    unplug();
  }

  private void closePeer() {
    if (peer != null) {
      peer.close();
      peer = null;
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Writes and reads the badge side; a background thread collects what arrives. */
  public static final class PtyPeer implements AutoCloseable {
    private final OutputStream out;
    private final InputStream in;
    private final ByteSink received = new ByteSink();
    private final Thread readerThread;

    private PtyPeer(Path path) throws IOException {
      this.out = new FileOutputStream(path.toFile());
      this.in = new FileInputStream(path.toFile());
      this.readerThread = new Thread(this::readLoop, "pty-peer " + path);
      readerThread.setDaemon(true);
      readerThread.start();
    }

    public void write(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    /** Waits until at least {@code count} bytes have arrived and returns all received so far. */
    public byte[] awaitReceived(int count, Duration timeout) throws InterruptedException {
      return received.await(count, timeout);
    }

    public byte[] received() {
      return received.snapshot();
    }

    private void readLoop() {
      final byte[] buffer = new byte[4096];
      try {
        int count;
        while ((count = in.read(buffer)) >= 0) {
          received.append(buffer, 0, count);
        }
      } catch (IOException e) {
        // EIO once socat is gone: the normal end of a PTY peer.
        received.fail(e);
      } finally {
        try {
          in.close();
        } catch (IOException e) {
          received.fail(e);
        }
      }
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException e) {
        throw new IllegalStateException("closing PTY peer output failed", e);
      }
      // The input stays open until socat dies: closing a tty fd does not wake a blocked read.
    }
  }
}
