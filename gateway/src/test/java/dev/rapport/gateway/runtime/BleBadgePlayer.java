package dev.rapport.gateway.runtime;

import dev.rapport.badge.sim.BadgeFleet;
import dev.rapport.badge.transport.testing.bluez.FakeDevice;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays badges of a {@link BadgeFleet} (one badge per link) as BLE peripherals of a fake BlueZ, in
 * real time on its own thread: each frame leaves as notifications of at most ATT_MTU - 3 bytes on
 * the badge's TX characteristic, and what the gateway writes to its RX characteristic goes back
 * into the badge, so TIME_SYNC requests are answered over BLE as real firmware would.
 *
 * <p>A badge that cannot notify (not connected, notifications not yet on, device gone) loses its
 * frames, as a real badge out of range does. They are counted per badge; those lost after the
 * badge's first delivered frame are the ones the gateway must count as lost (it cannot know of
 * frames before the first it saw). Radio changes a test asks for ({@link #onRadio}) run on the
 * player thread between two frames, so that no frame is cut in half by them and the counts are
 * exact. Fleet badges without a device are simulated but never put on air.
 */
final class BleBadgePlayer implements AutoCloseable {
  private static final long STEP_NS = 1_000_000L;

  /** Frames leave once their send time is this far in the past: covers the badges' stamp jitter. */
  private static final long RELEASE_MARGIN_US = 200;

  private static final int NOTIFICATION_BYTES = FakeDevice.DEFAULT_MTU - 3;

  private record HostWrite(int link, byte[] bytes) {}

  private final BadgeFleet fleet;
  private final FakeDevice[] deviceOfLink;
  private final int[] badgeOfLink;
  private final ConcurrentLinkedQueue<HostWrite> hostWrites = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Runnable> radio = new ConcurrentLinkedQueue<>();
  private final AtomicLongArray framesNotified;
  private final AtomicLongArray framesLostBeforeFirst;
  private final AtomicLongArray framesLostAfterFirst;
  private final AtomicLongArray bytesNotified;
  private final AtomicLongArray hostBytesRead;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean running = true;
  private long startNs;

  /**
   * @param devices badge id -> its fake device; the device's RX writes are routed to that badge
   */
  BleBadgePlayer(BadgeFleet fleet, Map<Integer, FakeDevice> devices) {
    if (fleet.config().badgesPerLink() != 1) {
      throw new IllegalArgumentException(
          "one badge per BLE link, badgesPerLink=" + fleet.config().badgesPerLink());
    }
    this.fleet = fleet;
    int links = fleet.linkCount();
    deviceOfLink = new FakeDevice[links];
    badgeOfLink = new int[links];
    for (int id = 1; id <= fleet.badgeCount(); id++) {
      badgeOfLink[fleet.linkOf(id)] = id;
    }
    devices.forEach(
        (badgeId, device) -> {
          int link = fleet.linkOf(badgeId);
          deviceOfLink[link] = device;
          device.onWrite(bytes -> hostWrites.add(new HostWrite(link, bytes)));
        });
    int size = fleet.badgeCount() + 1;
    framesNotified = new AtomicLongArray(size);
    framesLostBeforeFirst = new AtomicLongArray(size);
    framesLostAfterFirst = new AtomicLongArray(size);
    bytesNotified = new AtomicLongArray(size);
    hostBytesRead = new AtomicLongArray(size);
    thread = new Thread(this::loop, "ble-badge-player");
    thread.setDaemon(true);
  }

  /** Starts playing: session time 0 is now. */
  void start() {
    startNs = System.nanoTime();
    thread.start();
  }

  /** Runs {@code change} (e.g. {@code device::remove}) on the player thread between two frames. */
  CompletableFuture<Void> onRadio(Runnable change) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    radio.add(
        () -> {
          try {
            change.run();
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    return done;
  }

  long framesNotified(int badgeId) {
    return framesNotified.get(badgeId);
  }

  /** Frames lost on air after the badge's first delivered frame: the gateway can count these. */
  long framesLostAfterFirst(int badgeId) {
    return framesLostAfterFirst.get(badgeId);
  }

  long framesLostBeforeFirst(int badgeId) {
    return framesLostBeforeFirst.get(badgeId);
  }

  long bytesNotified(int badgeId) {
    return bytesNotified.get(badgeId);
  }

  /** Bytes the gateway wrote to this badge and the badge read (TIME_SYNC requests). */
  long hostBytesRead(int badgeId) {
    return hostBytesRead.get(badgeId);
  }

  /** What the player thread died of, or null. */
  Throwable failure() {
    return failure.get();
  }

  /** Stops after the current step and waits; every notification made has been sent. */
  void stop() throws InterruptedException {
    running = false;
    thread.join(5_000);
    if (thread.isAlive()) {
      throw new IllegalStateException("player thread did not stop, thread=" + thread.getName());
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (thread.isAlive()) {
      stop();
    }
  }

  private void loop() {
    try {
      while (running) {
        Runnable change;
        while ((change = radio.poll()) != null) {
          change.run();
        }
        HostWrite write;
        while ((write = hostWrites.poll()) != null) {
          // Stamped when the badge reads it: it never claims to have had bytes before they came.
          long readUs = (System.nanoTime() - startNs) / 1_000L;
          hostBytesRead.addAndGet(badgeOfLink[write.link], write.bytes.length);
          fleet.onHostBytes(
              write.link, Math.max(readUs, fleet.timeUs()), write.bytes, 0, write.bytes.length);
        }
        long releaseUs = (System.nanoTime() - startNs) / 1_000L - RELEASE_MARGIN_US;
        if (releaseUs > fleet.timeUs()) {
          fleet.advanceTo(releaseUs, this::onWire);
        }
        LockSupport.parkNanos(STEP_NS);
      }
    } catch (RuntimeException e) {
      failure.set(e);
    }
  }

  /** One frame (or the lone 0x00 a badge sends at boot) onto the air, or lost. */
  private void onWire(int link, long arrivalUs, byte[] buffer, int offset, int length) {
    FakeDevice device = deviceOfLink[link];
    if (device == null) {
      return;
    }
    int badgeId = badgeOfLink[link];
    boolean frame = length > 1;
    if (notify(device, buffer, offset, length)) {
      bytesNotified.addAndGet(badgeId, length);
      if (frame) {
        framesNotified.incrementAndGet(badgeId);
      }
    } else if (frame) {
      if (framesNotified.get(badgeId) == 0) {
        framesLostBeforeFirst.incrementAndGet(badgeId);
      } else {
        framesLostAfterFirst.incrementAndGet(badgeId);
      }
    }
  }

  /**
   * Notifies the bytes in ATT-sized pieces; false when the badge cannot notify. Only the first
   * piece can fail: radio changes happen between frames on this thread, so a link that took the
   * first piece takes the rest.
   */
  private static boolean notify(FakeDevice device, byte[] buffer, int offset, int length) {
    for (int at = 0; at < length; at += NOTIFICATION_BYTES) {
      byte[] piece =
          Arrays.copyOfRange(
              buffer, offset + at, offset + Math.min(length, at + NOTIFICATION_BYTES));
      try {
        device.notifyValue(piece);
      } catch (IllegalStateException e) {
        if (at > 0) {
          throw new IllegalStateException(
              "link lost in the middle of a frame, device=" + device.address() + " at=" + at, e);
        }
        return false; // not connected, or notifications not on yet
      }
    }
    return true;
  }
}
