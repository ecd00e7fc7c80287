package dev.rapport.badge.transport.ble;

import dev.rapport.badge.protocol.BleMapping;
import dev.rapport.badge.transport.BackoffPolicy;
import dev.rapport.badge.transport.ble.bluez.BlueZ;
import java.util.Objects;

/**
 * Settings of the BLE side of a gateway; the defaults follow docs/protocol.md ("BLE mapping").
 *
 * @param adapterPath BlueZ object of the controller to use, e.g. {@code /org/bluez/hci0}
 * @param namePrefix a device whose advertised name starts with this is a badge
 * @param serviceUuid a device advertising this service UUID is a badge (also the discovery filter
 *     when {@code filterByServiceUuid} is set)
 * @param filterByServiceUuid ask BlueZ to report only devices advertising {@code serviceUuid}; turn
 *     off for badges that advertise only their name
 * @param servicesResolvedTimeoutMs how long a connect waits for BlueZ to resolve GATT services
 * @param sendQueueBytes outbound bytes held per badge until written
 * @param backoff delays between reconnect attempts
 */
public record BleConfig(
    String adapterPath,
    String namePrefix,
    String serviceUuid,
    String txCharacteristicUuid,
    String rxCharacteristicUuid,
    boolean filterByServiceUuid,
    long servicesResolvedTimeoutMs,
    int sendQueueBytes,
    BackoffPolicy backoff) {

  public static final long DEFAULT_SERVICES_RESOLVED_TIMEOUT_MS = 10_000;
  public static final int DEFAULT_SEND_QUEUE_BYTES = 4096;
  public static final BackoffPolicy DEFAULT_BACKOFF = BackoffPolicy.ofMillis(250, 10_000, 0.2);

  public static final BleConfig DEFAULT =
      new BleConfig(
          BlueZ.DEFAULT_ADAPTER_PATH,
          BleMapping.NAME_PREFIX,
          BleMapping.SERVICE_UUID,
          BleMapping.TX_NOTIFY_CHARACTERISTIC_UUID,
          BleMapping.RX_WRITE_CHARACTERISTIC_UUID,
          true,
          DEFAULT_SERVICES_RESOLVED_TIMEOUT_MS,
          DEFAULT_SEND_QUEUE_BYTES,
          DEFAULT_BACKOFF);

  public BleConfig {
    Objects.requireNonNull(adapterPath, "adapterPath");
    Objects.requireNonNull(namePrefix, "namePrefix");
    Objects.requireNonNull(serviceUuid, "serviceUuid");
    Objects.requireNonNull(txCharacteristicUuid, "txCharacteristicUuid");
    Objects.requireNonNull(rxCharacteristicUuid, "rxCharacteristicUuid");
    Objects.requireNonNull(backoff, "backoff");
    if (!adapterPath.startsWith("/org/bluez/")) {
      throw new IllegalArgumentException(
          "adapter path must be a BlueZ object path like /org/bluez/hci0, adapterPath="
              + adapterPath);
    }
    if (servicesResolvedTimeoutMs <= 0) {
      throw new IllegalArgumentException(
          "services resolved timeout must be positive, servicesResolvedTimeoutMs="
              + servicesResolvedTimeoutMs);
    }
    if (sendQueueBytes < 64) {
      throw new IllegalArgumentException(
          "send queue must hold at least 64 bytes, sendQueueBytes=" + sendQueueBytes);
    }
  }

  public BleConfig withAdapterPath(String newAdapterPath) {
    return new BleConfig(
        newAdapterPath,
        namePrefix,
        serviceUuid,
        txCharacteristicUuid,
        rxCharacteristicUuid,
        filterByServiceUuid,
        servicesResolvedTimeoutMs,
        sendQueueBytes,
        backoff);
  }

  public BleConfig withServicesResolvedTimeoutMs(long newTimeoutMs) {
    return new BleConfig(
        adapterPath,
        namePrefix,
        serviceUuid,
        txCharacteristicUuid,
        rxCharacteristicUuid,
        filterByServiceUuid,
        newTimeoutMs,
        sendQueueBytes,
        backoff);
  }

  public BleConfig withFilterByServiceUuid(boolean newFilter) {
    return new BleConfig(
        adapterPath,
        namePrefix,
        serviceUuid,
        txCharacteristicUuid,
        rxCharacteristicUuid,
        newFilter,
        servicesResolvedTimeoutMs,
        sendQueueBytes,
        backoff);
  }

  public BleConfig withBackoff(BackoffPolicy newBackoff) {
    return new BleConfig(
        adapterPath,
        namePrefix,
        serviceUuid,
        txCharacteristicUuid,
        rxCharacteristicUuid,
        filterByServiceUuid,
        servicesResolvedTimeoutMs,
        sendQueueBytes,
        newBackoff);
  }
}
