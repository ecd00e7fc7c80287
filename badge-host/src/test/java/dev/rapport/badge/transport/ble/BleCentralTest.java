package dev.rapport.badge.transport.ble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.protocol.BleMapping;
import dev.rapport.badge.protocol.CommandFrame;
import dev.rapport.badge.protocol.CommandOpcode;
import dev.rapport.badge.protocol.FrameDecoder;
import dev.rapport.badge.protocol.FrameEncoder;
import dev.rapport.badge.protocol.FrameHandler;
import dev.rapport.badge.protocol.FrameType;
import dev.rapport.badge.protocol.HelloFrame;
import dev.rapport.badge.protocol.StatusFrame;
import dev.rapport.badge.transport.BackoffPolicy;
import dev.rapport.badge.transport.BadgeLink;
import dev.rapport.badge.transport.LinkListener;
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
import java.util.Arrays;
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
  void shouldDeliverNotificationsThatCutFramesApartAndTogetherSoTheDecoderGetsEveryFrameInOrder()
      throws Exception {
    final FakeDevice badge = bluez.addBadge(BADGE_A, 0x0001, 90);
    badge.resolveServicesLate(Duration.ofMillis(50));
    final FrameEncoder encoder = new FrameEncoder();
    encoder.hello(0x0001, 0, 0L);
    final byte[] hello = encoder.finishToArray();
    badge.onStartNotify(hello); // sent the instant notifications are on: before StartNotify returns
    central.start();
    final BleBadgeLink link = discovery.awaitBadge(BADGE_A, TIMEOUT);

    // The listener feeds the real protocol decoder, as the gateway does.
    final List<int[]> decoded = new ArrayList<>(); // {type, sequence, batteryMv}
    final FrameDecoder decoder =
        new FrameDecoder(
            new FrameHandler() {
              @Override
              public void onHello(HelloFrame frame) {
                decoded.add(new int[] {FrameType.HELLO, frame.sequence(), -1});
              }

              @Override
              public void onStatus(StatusFrame frame) {
                decoded.add(new int[] {FrameType.STATUS, frame.sequence(), frame.batteryMv()});
              }
            });
    final RecordingLinkListener listener = new RecordingLinkListener();
    final LinkListener decoding =
        new LinkListener() {
          @Override
          public void onBytes(BadgeLink l, byte[] buffer, int offset, int length, long nanos) {
            decoder.onBytes(buffer, offset, length); // on the link's thread, before the reuse
            listener.onBytes(l, buffer, offset, length, nanos);
          }

          @Override
          public void onStateChanged(BadgeLink l, LinkState state, String reason) {
            listener.onStateChanged(l, state, reason);
          }
        };
    link.start(decoding);
    listener.awaitState(LinkState.CONNECTED, 1, TIMEOUT);
    assertThat(listener.awaitBytes(hello.length, TIMEOUT)).containsExactly(hello);

    // 200 STATUS frames, cut into notifications of 1..20 bytes: a notification holds part of
    // a frame, the end of one and the start of the next, or several whole frames.
    final Random random = new Random(11);
    final ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int sequence = 1; sequence <= 200; sequence++) {
      encoder.status(0x0001, sequence, sequence * 40L).batteryMv(3000 + sequence);
      stream.write(encoder.finishToArray());
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
    assertThat(Arrays.copyOfRange(received, hello.length, received.length)).isEqualTo(all);
    assertThat(listener.chunks()).hasSize(1 + notifications);
    assertThat(link.counters().receives()).isEqualTo(1 + notifications);
    assertThat(link.counters().bytesIn()).isEqualTo(hello.length + all.length);
    // `decoded` is filled on the signal thread before each chunk reaches the recording
    // listener, whose monitor the await above went through: the writes are visible here.
    assertThat(decoded).hasSize(201);
    assertThat(decoded.get(0)).containsExactly(FrameType.HELLO, 0, -1);
    for (int sequence = 1; sequence <= 200; sequence++) {
      assertThat(decoded.get(sequence))
          .containsExactly(FrameType.STATUS, sequence, 3000 + sequence);
    }
    assertThat(decoder.counters().totalErrors()).isZero();
  }

  @Test
  void shouldWriteSendsToTheRxCharacteristicWithoutResponseInMtuSizedPieces() throws Exception {
    final FakeDevice badge = bluez.addBadge(BADGE_A, 2, 70);
    central.start();
    final BleBadgeLink link = discovery.awaitBadge(BADGE_A, TIMEOUT);
    final RecordingLinkListener listener = new RecordingLinkListener();
    link.start(listener);
    listener.awaitState(LinkState.CONNECTED, 1, TIMEOUT);

    // Two real COMMAND frames, longer together than one ATT PDU, sent by two calls.
    final FrameEncoder encoder = new FrameEncoder();
    encoder.command(0x0002, 1, 0L).correlationId(77L).identify(3_000);
    final byte[] identify = encoder.finishToArray();
    encoder.command(0x0002, 2, 0L).correlationId(78L).syncTime(1_700_000_000_123L);
    final byte[] syncTime = encoder.finishToArray();
    final byte[] both = Arrays.copyOf(identify, identify.length + syncTime.length);
    System.arraycopy(syncTime, 0, both, identify.length, syncTime.length);
    assertThat(both.length).isGreaterThan(FakeDevice.DEFAULT_MTU - 3);
    assertThat(link.send(identify, 0, identify.length)).isTrue();
    assertThat(link.send(syncTime, 0, syncTime.length)).isTrue();

    assertThat(badge.awaitWritten(both.length, TIMEOUT)).isEqualTo(both);
    assertThat(badge.writeLengths())
        .hasSizeGreaterThan(1)
        .allSatisfy(length -> assertThat(length).isBetween(1, FakeDevice.DEFAULT_MTU - 3));
    assertThat(badge.writeTypes()).containsOnly("command");
    // What the badge reassembles from the pieces decodes to the two commands.
    final List<long[]> commands = new ArrayList<>(); // {sequence, correlationId, opcode}
    final FrameDecoder badgeSide =
        new FrameDecoder(
            new FrameHandler() {
              @Override
              public void onCommand(CommandFrame frame) {
                commands.add(new long[] {frame.sequence(), frame.correlationId(), frame.opcode()});
              }
            });
    badgeSide.onBytes(both, 0, both.length);
    assertThat(commands).hasSize(2);
    assertThat(commands.get(0)).containsExactly(1, 77, CommandOpcode.IDENTIFY);
    assertThat(commands.get(1)).containsExactly(2, 78, CommandOpcode.SYNC_TIME);
    // The link counts a write once WriteValue has returned, just after the fake recorded it.
    awaitCondition(() -> link.counters().bytesOut() == both.length, "bytesOut=" + both.length);
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
}
