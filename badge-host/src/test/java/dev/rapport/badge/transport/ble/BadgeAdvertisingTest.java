package dev.rapport.badge.transport.ble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.protocol.BleMapping;
import dev.rapport.badge.transport.ble.bluez.BlueZ;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.types.UInt16;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.Test;

class BadgeAdvertisingTest {

  private static Variant<?> manufacturerData(int companyId, byte... data) {
    final Map<UInt16, Variant<?>> byCompany = new HashMap<>();
    byCompany.put(new UInt16(companyId), new Variant<>(data));
    return new Variant<>(byCompany, "a{qv}");
  }

  private static Map<String, Variant<?>> device(String name, List<String> uuids) {
    final Map<String, Variant<?>> properties = new HashMap<>();
    if (name != null) {
      properties.put(BlueZ.NAME, new Variant<>(name));
    }
    properties.put(BlueZ.UUIDS, new Variant<>(uuids.toArray(new String[0])));
    return properties;
  }

  @Test
  void shouldRecogniseABadgeByNamePrefixOrServiceUuidInAnyCase() {
    assertThat(BadgeAdvertising.isBadge(device("RAPPORT-00a1", List.of()), BleConfig.DEFAULT))
        .isTrue();
    assertThat(
            BadgeAdvertising.isBadge(
                device(null, List.of(BleMapping.SERVICE_UUID.toUpperCase())), BleConfig.DEFAULT))
        .isTrue();
    assertThat(BadgeAdvertising.isBadge(device("rapport-00a1", List.of()), BleConfig.DEFAULT))
        .as("the prefix is case-sensitive, as advertised")
        .isFalse();
    assertThat(BadgeAdvertising.isBadge(device("Headphones", List.of("180f")), BleConfig.DEFAULT))
        .isFalse();
  }

  @Test
  void shouldReadVersionBadgeIdLittleEndianAndBattery() {
    final Map<String, Variant<?>> properties = device("RAPPORT-1234", List.of());
    // version 1, badge id 0x1234 little-endian (34 12), battery 87 %
    properties.put(
        BlueZ.MANUFACTURER_DATA,
        manufacturerData(
            BleMapping.MANUFACTURER_ID, (byte) 1, (byte) 0x34, (byte) 0x12, (byte) 87));
    properties.put(BlueZ.RSSI, new Variant<>((short) -70));
    final BleAdvertisement adv = BadgeAdvertising.parse("AA:BB", properties, 42L);
    assertThat(adv.protocolVersion()).isEqualTo(1);
    assertThat(adv.badgeId()).isEqualTo(0x1234);
    assertThat(adv.batteryPercent()).isEqualTo(87);
    assertThat(adv.rssiDbm()).isEqualTo(-70);
    assertThat(adv.seenNanos()).isEqualTo(42L);
    assertThat(adv.name()).isEqualTo("RAPPORT-1234");
  }

  @Test
  void shouldTreatBattery255AndOutOfRangeAsUnknown() {
    for (int raw : new int[] {255, 101, 200}) {
      final Map<String, Variant<?>> properties = device("RAPPORT-0001", List.of());
      properties.put(
          BlueZ.MANUFACTURER_DATA,
          manufacturerData(BleMapping.MANUFACTURER_ID, (byte) 1, (byte) 1, (byte) 0, (byte) raw));
      assertThat(BadgeAdvertising.parse("AA", properties, 0).batteryPercent())
          .as("raw=%d", raw)
          .isEqualTo(BleAdvertisement.UNKNOWN);
    }
  }

  @Test
  void shouldIgnoreShortOrForeignManufacturerDataAndMissingRssi() {
    final Map<String, Variant<?>> shortData = device("RAPPORT-0001", List.of());
    shortData.put(
        BlueZ.MANUFACTURER_DATA, manufacturerData(BleMapping.MANUFACTURER_ID, (byte) 1, (byte) 2));
    final BleAdvertisement fromShort = BadgeAdvertising.parse("AA", shortData, 0);
    assertThat(fromShort.badgeId()).isEqualTo(BleAdvertisement.UNKNOWN);
    assertThat(fromShort.hasBattery()).isFalse();
    assertThat(fromShort.rssiDbm()).isEqualTo(BleAdvertisement.RSSI_UNKNOWN);

    final Map<String, Variant<?>> foreign = device("RAPPORT-0001", List.of());
    foreign.put(
        BlueZ.MANUFACTURER_DATA,
        manufacturerData(0x004C, (byte) 1, (byte) 2, (byte) 0, (byte) 50)); // Apple's id
    assertThat(BadgeAdvertising.parse("AA", foreign, 0).batteryPercent())
        .isEqualTo(BleAdvertisement.UNKNOWN);
  }

  @Test
  void shouldFallBackToAliasWhenNoNameIsAdvertised() {
    final Map<String, Variant<?>> properties = device(null, List.of(BleMapping.SERVICE_UUID));
    properties.put(BlueZ.ALIAS, new Variant<>("AA-BB-CC-DD-EE-FF"));
    assertThat(BadgeAdvertising.parse("AA:BB:CC:DD:EE:FF", properties, 0).name())
        .isEqualTo("AA-BB-CC-DD-EE-FF");
  }
}
