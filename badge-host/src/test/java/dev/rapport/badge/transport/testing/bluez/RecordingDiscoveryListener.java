package dev.rapport.badge.transport.testing.bluez;

import dev.rapport.badge.transport.ble.BleAdvertisement;
import dev.rapport.badge.transport.ble.BleBadgeLink;
import dev.rapport.badge.transport.ble.BleDiscoveryListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records what a BleCentral reports and lets a test wait for it with a deadline. */
public final class RecordingDiscoveryListener implements BleDiscoveryListener {
  private final List<BleBadgeLink> discovered = new ArrayList<>();
  private final List<BleAdvertisement> advertisements = new ArrayList<>();

  @Override
  public synchronized void onBadgeDiscovered(BleBadgeLink link, BleAdvertisement advertisement) {
    discovered.add(link);
    advertisements.add(advertisement);
    notifyAll();
  }

  @Override
  public synchronized void onAdvertisement(BleBadgeLink link, BleAdvertisement advertisement) {
    advertisements.add(advertisement);
    notifyAll();
  }

  public synchronized List<BleBadgeLink> discovered() {
    return List.copyOf(discovered);
  }

  public synchronized List<BleAdvertisement> advertisements() {
    return List.copyOf(advertisements);
  }

  /** Waits for the badge with this address to be discovered and returns its link. */
  public synchronized BleBadgeLink awaitBadge(String address, Duration timeout)
      throws InterruptedException {
    final long deadlineNs = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (BleBadgeLink link : discovered) {
        if (link.address().equals(address)) {
          return link;
        }
      }
      final long remainingNs = deadlineNs - System.nanoTime();
      if (remainingNs <= 0) {
        throw new AssertionError(
            "badge " + address + " not discovered within " + timeout + ", got " + discovered);
      }
      TimeUnit.NANOSECONDS.timedWait(this, remainingNs);
    }
  }

  /** Waits for an advertisement matching {@code condition}. */
  public synchronized BleAdvertisement awaitAdvertisement(
      Predicate<BleAdvertisement> condition, Duration timeout) throws InterruptedException {
    final long deadlineNs = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (BleAdvertisement advertisement : advertisements) {
        if (condition.test(advertisement)) {
          return advertisement;
        }
      }
      final long remainingNs = deadlineNs - System.nanoTime();
      if (remainingNs <= 0) {
        throw new AssertionError(
            "no matching advertisement within " + timeout + ", got " + advertisements);
      }
      TimeUnit.NANOSECONDS.timedWait(this, remainingNs);
    }
  }
}
