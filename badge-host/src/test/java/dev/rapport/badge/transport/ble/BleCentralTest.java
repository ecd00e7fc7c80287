package dev.rapport.badge.transport.ble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.protocol.BleMapping;
import dev.rapport.badge.transport.BackoffPolicy;
import dev.rapport.badge.transport.LinkState;
import dev.rapport.badge.transport.ble.bluez.BlueZClient;
import dev.rapport.badge.transport.testing.Await;
import dev.rapport.badge.transport.testing.RecordingLinkListener;
import dev.rapport.badge.transport.testing.RecordingLinkListener.StateChange;
import dev.rapport.badge.transport.testing.bluez.FakeBluez;
import dev.rapport.badge.transport.testing.bluez.FakeDevice;
import dev.rapport.badge.transport.testing.bluez.RecordingDiscoveryListener;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BLE central and links against a BlueZ-shaped service on dbus-java's embedded daemon, through
 * the same D-Bus calls and signals production uses against bluetoothd.
 */
class BleCentralTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String BADGE_A = "C0:FF:EE:00:00:01";
  private static final String BADGE_B = "C0:FF:EE:00:00:02";

  @TempDir Path dir;

  private FakeBluez bluez;
  private BlueZClient client;
  private BleCentral central;
  private final RecordingDiscoveryListener discovery = new RecordingDiscoveryListener();

  @BeforeEach
  void startBus() throws Exception {
    bluez = FakeBluez.start(dir);
    client = BlueZClient.connect(bluez.busAddress());
    central =
        new BleCentral(
            client,
            BleConfig.DEFAULT.withBackoff(BackoffPolicy.ofMillis(20, 200, 0.2)),
            discovery,
            System::nanoTime,
            new SplittableRandom(3));
  }

  @AfterEach
  void stopBus() throws Exception {
    central.close();
    client.close();
    bluez.close();
  }

  @Test
  void shouldDiscoverBadgesByNameOrServiceUuidIgnoringOtherDevicesAndReadBattery()
      throws Exception {
    bluez.addBadge(BADGE_A, 0x00a1, 80); // known to BlueZ before the gateway starts
    bluez.addDevice(
        "11:22:33:44:55:66", "Headphones", List.of("0000110b-0000-1000-8000-00805f9b34fb"), false);
    central.start();
    assertThat(bluez.adapter().discovering()).isTrue();
    assertThat(bluez.adapter().filterUuids()).containsExactly(BleMapping.SERVICE_UUID);
    assertThat(bluez.adapter().filterTransport()).isEqualTo("le");

    // Appears during discovery, advertising only the service UUID, no name.
    bluez.addDevice(BADGE_B, null, List.of(BleMapping.SERVICE_UUID.toUpperCase()), true);
    // And one more stranger appears later.
    bluez.addDevice("22:33:44:55:66:77", "RAPPORX-not-a-badge", List.of(), false);

    final BleBadgeLink a = discovery.awaitBadge(BADGE_A, TIMEOUT);
    final BleBadgeLink b = discovery.awaitBadge(BADGE_B, TIMEOUT);
    assertThat(a.id()).isEqualTo("ble:" + BADGE_A);
    assertThat(a.state()).as("discovered, not yet started").isEqualTo(LinkState.NEW);
    assertThat(a.advertisement().name()).isEqualTo("RAPPORT-00a1");
    assertThat(a.advertisement().badgeId()).isEqualTo(0x00a1);
    assertThat(a.advertisement().batteryPercent()).isEqualTo(80);
    assertThat(a.advertisement().protocolVersion()).isEqualTo(1);
    assertThat(a.advertisement().rssiDbm()).isEqualTo(-61);
    assertThat(b.advertisement().hasBattery()).isFalse();
    assertThat(central.badgesFound()).isEqualTo(2);
    assertThat(central.links()).containsExactlyInAnyOrder(a, b);

    // The ignored devices were both seen: wait for the second through a later advertisement.
    bluez.addBadge("C0:FF:EE:00:00:03", 0x00a3, 10);
    discovery.awaitBadge("C0:FF:EE:00:00:03", TIMEOUT);
    assertThat(central.devicesIgnored()).isEqualTo(2);

    // Battery comes from advertising, updated as the badge advertises again.
    final FakeDevice fakeA = findDevice(BADGE_A);
    fakeA.advertise(0x00a1, 55);
    final BleAdvertisement updated =
        discovery.awaitAdvertisement(
            adv -> adv.address().equals(BADGE_A) && adv.batteryPercent() == 55, TIMEOUT);
    assertThat(updated.badgeId()).isEqualTo(0x00a1);
    assertThat(a.advertisement().batteryPercent()).isEqualTo(55);
    assertThat(central.signalErrors()).isZero();
  }

  @Test
  void shouldDeliverNotificationsInOrderWhenTheyCutFramesApartAndTogether() throws Exception {
    final FakeDevice badge = bluez.addBadge(BADGE_A, 1, 90);
    badge.resolveServicesLate(Duration.ofMillis(50));
    final byte[] hello = {0x11, 0x22, 0x33, 0x00};
    badge.onStartNotify(hello); // sent the instant notifications are on: before StartNotify returns
    central.start();
    final BleBadgeLink link = discovery.awaitBadge(BADGE_A, TIMEOUT);
    final RecordingLinkListener listener = new RecordingLinkListener();
    link.start(listener);
    listener.awaitState(LinkState.CONNECTED, 1, TIMEOUT);
    assertThat(listener.awaitBytes(hello.length, TIMEOUT)).containsExactly(hello);

    // 200 zero-delimited frames of 1..60 bytes, cut into notifications of 1..20 bytes:
    // notifications hold part of a frame, a frame end and the next start, or several frames.
    final Random random = new Random(11);
    final ByteArrayOutputStream stream = new ByteArrayOutputStream();
    final List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      final byte[] frame = new byte[1 + random.nextInt(60)];
      for (int j = 0; j < frame.length; j++) {
        frame[j] = (byte) (1 + random.nextInt(255));
      }
      frames.add(frame);
      stream.write(frame);
      stream.write(0);
    }
    final byte[] all = stream.toByteArray();
    int notifications = 0;
    for (int offset = 0; offset < all.length; notifications++) {
      final int length = Math.min(1 + random.nextInt(20), all.length - offset);
      final byte[] value = new byte[length];
      System.arraycopy(all, offset, value, 0, length);
      badge.notifyValue(value);
      offset += length;
    }

    final byte[] received = listener.awaitBytes(hello.length + all.length, TIMEOUT);
    final byte[] afterHello = new byte[all.length];
    System.arraycopy(received, hello.length, afterHello, 0, all.length);
    assertThat(afterHello).isEqualTo(all);
    assertThat(splitOnZero(afterHello)).hasSize(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      assertThat(splitOnZero(afterHello).get(i)).isEqualTo(frames.get(i));
    }
    assertThat(listener.chunks()).hasSize(1 + notifications);
    assertThat(link.counters().receives()).isEqualTo(1 + notifications);
    assertThat(link.counters().bytesIn()).isEqualTo(hello.length + all.length);
  }

  @Test
  void shouldWriteSendsToTheRxCharacteristicWithoutResponseInMtuSizedPieces() throws Exception {
    final FakeDevice badge = bluez.addBadge(BADGE_A, 2, 70);
    central.start();
    final BleBadgeLink link = discovery.awaitBadge(BADGE_A, TIMEOUT);
    final RecordingLinkListener listener = new RecordingLinkListener();
    link.start(listener);
    listener.awaitState(LinkState.CONNECTED, 1, TIMEOUT);

    final byte[] command = new byte[47];
    new Random(5).nextBytes(command);
    assertThat(link.send(command, 0, 30)).isTrue();
    assertThat(link.send(command, 30, 17)).isTrue();

    assertThat(badge.awaitWritten(command.length, TIMEOUT)).isEqualTo(command);
    assertThat(badge.writeLengths())
        .allSatisfy(length -> assertThat(length).isBetween(1, FakeDevice.DEFAULT_MTU - 3));
    assertThat(badge.writeTypes()).containsOnly("command");
    // The link counts a write once WriteValue has returned, just after the fake recorded it.
    awaitCondition(() -> link.counters().bytesOut() == command.length, "bytesOut=47");
    assertThat(link.counters().sendFailures()).isZero();
  }

  @Test
  void shouldReportLinkLossAndReconnectWithBackoffThenDeliverAgain() throws Exception {
    final FakeDevice badge = bluez.addBadge(BADGE_A, 3, 60);
    central.start();
    final BleBadgeLink link = discovery.awaitBadge(BADGE_A, TIMEOUT);
    final RecordingLinkListener listener = new RecordingLinkListener();
    link.start(listener);
    listener.awaitState(LinkState.CONNECTED, 1, TIMEOUT);
    badge.notifyValue(new byte[] {1, 2});
    listener.awaitBytes(2, TIMEOUT);

    final long dropNs = System.nanoTime();
    badge.dropConnection();
    final StateChange lost = listener.awaitState(LinkState.DISCONNECTED, 1, TIMEOUT);
    final long lossMs = (System.nanoTime() - dropNs) / 1_000_000;
    assertThat(lost.reason()).contains("Connected=false");
    assertThat(link.counters().disconnects()).isEqualTo(1);

    listener.awaitState(LinkState.CONNECTED, 2, TIMEOUT);
    System.out.println(
        "BLE loss reported after "
            + lossMs
            + " ms, connected again after "
            + (System.nanoTime() - dropNs) / 1_000_000
            + " ms (backoff 20-200 ms)");
    assertThat(badge.connectCalls()).isEqualTo(2);
    badge.notifyValue(new byte[] {3, 4});
    assertThat(listener.awaitBytes(4, TIMEOUT)).containsExactly(1, 2, 3, 4);
    assertThat(link.send(new byte[] {9}, 0, 1)).isTrue();
    assertThat(badge.awaitWritten(1, TIMEOUT)).containsExactly(9);

    // BlueZ forgets the device: reconnects fail until it is discovered again.
    badge.remove();
    final StateChange removed = listener.awaitState(LinkState.DISCONNECTED, 2, TIMEOUT);
    assertThat(removed.reason())
        .satisfiesAnyOf(
            r -> assertThat(r).contains("removed"), r -> assertThat(r).contains("Connected=false"));
    listener.awaitState(LinkState.DISCONNECTED, 4, TIMEOUT); // failed attempts while absent
    assertThat(link.counters().connectFailures()).isGreaterThanOrEqualTo(1);
    badge.appear();
    listener.awaitState(LinkState.CONNECTED, 3, TIMEOUT);
    badge.notifyValue(new byte[] {5});
    assertThat(listener.awaitBytes(5, TIMEOUT)).containsExactly(1, 2, 3, 4, 5);
    assertThat(link.counters().connects()).isEqualTo(3);
  }

  @Test
  void shouldKeepRetryingAnUnreachableBadgeAndConnectWhenItAnswers() throws Exception {
    final FakeDevice badge = bluez.addBadge(BADGE_A, 4, 50);
    badge.reachable(false);
    central.start();
    final BleBadgeLink link = discovery.awaitBadge(BADGE_A, TIMEOUT);
    final RecordingLinkListener listener = new RecordingLinkListener();
    link.start(listener);
    final StateChange failed = listener.awaitState(LinkState.DISCONNECTED, 3, TIMEOUT);
    assertThat(failed.reason()).contains("connect failed").contains("le-connection-abort-by-local");
    assertThat(link.counters().connectFailures()).isGreaterThanOrEqualTo(3);
    assertThat(link.send(new byte[] {1}, 0, 1)).isFalse();

    badge.reachable(true);
    listener.awaitState(LinkState.CONNECTED, 1, TIMEOUT);
    assertThat(badge.notifying()).isTrue();
  }

  @Test
  void shouldDisconnectTheBadgeWhenTheLinkIsClosed() throws Exception {
    final FakeDevice badge = bluez.addBadge(BADGE_A, 5, 40);
    central.start();
    final BleBadgeLink link = discovery.awaitBadge(BADGE_A, TIMEOUT);
    final RecordingLinkListener listener = new RecordingLinkListener();
    link.start(listener);
    listener.awaitState(LinkState.CONNECTED, 1, TIMEOUT);

    link.close();
    assertThat(link.state()).isEqualTo(LinkState.CLOSED);
    assertThat(badge.disconnectCalls()).isEqualTo(1);
    assertThat(badge.connected()).isFalse();
    assertThat(listener.count(LinkState.CLOSED)).isEqualTo(1);
    assertThat(link.send(new byte[] {1}, 0, 1)).isFalse();
  }

  @Test
  void shouldResumeDiscoveryWhenTheAdapterIsPowerCycledOrBluetoothdRestarts() throws Exception {
    central.start();
    assertThat(bluez.adapter().startDiscoveryCalls()).isEqualTo(1);

    bluez.adapter().powerCycle();
    awaitCondition(() -> bluez.adapter().startDiscoveryCalls() == 2, "discovery after power on");
    assertThat(bluez.adapter().discovering()).isTrue();

    bluez.adapter().restart();
    awaitCondition(() -> bluez.adapter().startDiscoveryCalls() == 3, "discovery after restart");
    assertThat(bluez.adapter().discovering()).isTrue();
    assertThat(bluez.adapter().filterUuids()).containsExactly(BleMapping.SERVICE_UUID);
    // The central counts after StartDiscovery has returned, a moment after the fake counted.
    awaitCondition(() -> central.discoveryStarts() == 3, "the central counting 3 discoveries");

    bluez.addBadge(BADGE_A, 7, 20);
    discovery.awaitBadge(BADGE_A, TIMEOUT);
  }

  private static void awaitCondition(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    Await.until(condition, TIMEOUT, what);
  }

  private FakeDevice findDevice(String address) {
    return bluez.device(address);
  }

  private static List<byte[]> splitOnZero(byte[] stream) {
    final List<byte[]> frames = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < stream.length; i++) {
      if (stream[i] == 0) {
        final byte[] frame = new byte[i - start];
        System.arraycopy(stream, start, frame, 0, frame.length);
        frames.add(frame);
        start = i + 1;
      }
    }
    return frames;
  }
}
