package dev.rapport.gateway.runtime;

import dev.rapport.badge.transport.BackoffPolicy;
import dev.rapport.badge.transport.ReconnectBackoff;
import dev.rapport.badge.transport.ble.BleBadgeLink;
import dev.rapport.badge.transport.ble.BleCentral;
import dev.rapport.badge.transport.ble.BleConfig;
import dev.rapport.badge.transport.ble.bluez.BlueZClient;
import dev.rapport.gateway.config.GatewayConfig;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.freedesktop.dbus.exceptions.DBusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's BLE side: a D-Bus connection to BlueZ and a {@link BleCentral} that hands each
 * badge it connects to the runtime. When BlueZ cannot be used at start (on a Pi that boots, the
 * gateway may start before {@code bluetooth.service}, or the USB adapter is plugged in later), the
 * gateway runs without BLE and tries again with capped, jittered backoff until it can, rather than
 * never.
 */
final class BleWiring implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BleWiring.class);

  /** First retry after 1 s, then doubling up to 30 s: at most two log lines a minute. */
  static final BackoffPolicy RETRY = BackoffPolicy.ofMillis(1_000, 30_000, 0.2);

  private final GatewayConfig.Ble config;
  private final Consumer<BleBadgeLink> onBadge;
  private final ReconnectBackoff backoff;
  private final ScheduledExecutorService retries;
  // Guarded by this: start attempts (retry thread) against close (main thread).
  private BlueZClient bluez;
  private BleCentral central;
  private boolean closed;
  private int failedAttempts;

  /**
   * @param onBadge called on BlueZ's signal thread with each badge link the central connected
   */
  BleWiring(GatewayConfig.Ble config, Consumer<BleBadgeLink> onBadge) {
    this.config = Objects.requireNonNull(config, "config");
    this.onBadge = Objects.requireNonNull(onBadge, "onBadge");
    this.backoff = RETRY.newBackoff(new SplittableRandom());
    this.retries =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rapport-ble-start");
              t.setDaemon(true);
              return t;
            });
  }

  /** Tries now; on failure keeps trying in the background. */
  void start() {
    attempt();
  }

  /** Whether BLE discovery is running. */
  synchronized boolean active() {
    return central != null;
  }

  /** Start attempts that failed so far. */
  synchronized int failedAttempts() {
    return failedAttempts;
  }

  private void attempt() {
    String failure;
    synchronized (this) {
      if (closed) {
        return;
      }
      failure = tryStart();
      if (failure == null) {
        if (failedAttempts > 0) {
          LOG.info(
              "BLE available after {} failed attempts: discovering badges on adapter {}",
              failedAttempts,
              config.adapter());
        } else {
          LOG.info("BLE: discovering badges on adapter {}", config.adapter());
        }
        return;
      }
      failedAttempts++;
    }
    long delayNs = backoff.nextDelayNs();
    LOG.warn(
        "BLE unavailable, running without BLE badges for now: cannot use BlueZ adapter {} ({});"
            + " trying again in {} ms",
        config.adapter(),
        failure,
        TimeUnit.NANOSECONDS.toMillis(delayNs));
    try {
      retries.schedule(this::attempt, delayNs, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // Closed meanwhile: nothing more to try.
    }
  }

  /** Holding the lock. Returns null when started, else why not. */
  private String tryStart() {
    try {
      bluez =
          config.busAddress() == null
              ? BlueZClient.connectSystemBus()
              : BlueZClient.connect(config.busAddress());
      central =
          new BleCentral(
              bluez,
              BleConfig.DEFAULT.withAdapterPath("/org/bluez/" + config.adapter()),
              (link, advertisement) -> onBadge.accept(link));
      central.start();
      return null;
    } catch (DBusException | RuntimeException e) {
      closeParts();
      return e.getMessage() != null ? e.getMessage() : e.toString();
    }
  }

  /**
   * The central first (it disconnects its badges through the client), then its D-Bus client. BlueZ
   * or the bus may be gone already (bluetoothd restarted, the bus closed): closing then fails,
   * which must not stop the gateway's own shutdown (draining the engine, flushing the outbox).
   */
  private void closeParts() {
    if (central != null) {
      try {
        central.close();
      } catch (RuntimeException e) {
        LOG.warn("BLE: the central did not close cleanly (BlueZ gone?): {}", e.toString());
      }
      central = null;
    }
    if (bluez != null) {
      try {
        bluez.close();
      } catch (RuntimeException e) {
        LOG.warn("BLE: the D-Bus connection did not close cleanly: {}", e.toString());
      }
      bluez = null;
    }
  }

  @Override
  public void close() {
    retries.shutdownNow();
    synchronized (this) {
      closed = true;
      closeParts();
    }
  }
}
