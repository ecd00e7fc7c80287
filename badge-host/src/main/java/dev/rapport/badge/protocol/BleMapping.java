package dev.rapport.badge.protocol;

/**
 * How the badge protocol maps onto Bluetooth LE GATT (see docs/protocol.md, "BLE mapping").
 *
 * <p>Over BLE the badge sends exactly the same COBS-framed byte stream as over serial, cut into
 * notifications of at most {@code ATT_MTU - 3} bytes: a notification may hold part of a frame,
 * several frames, or both, so the host feeds notification payloads into the same streaming decoder.
 */
public final class BleMapping {
  /** Primary service a badge advertises and exposes. */
  public static final String SERVICE_UUID = "a5b0f001-7261-7070-6f72-742d62616467";

  /** Badge to host: frames arrive as notifications on this characteristic. */
  public static final String TX_NOTIFY_CHARACTERISTIC_UUID = "a5b0f002-7261-7070-6f72-742d62616467";

  /** Host to badge: COMMAND and TIME_SYNC frames are written here (write without response). */
  public static final String RX_WRITE_CHARACTERISTIC_UUID = "a5b0f003-7261-7070-6f72-742d62616467";

  /** Advertised local name: this prefix followed by the badge id in four hex digits. */
  public static final String NAME_PREFIX = "RAPPORT-";

  /**
   * Company id under which a badge puts manufacturer data in its advertisement: byte 0 = protocol
   * version, bytes 1-2 = badge id (little-endian), byte 3 = battery percent (0-100, 255 unknown).
   * 0xFFFF is the Bluetooth SIG's id reserved for tests and internal use.
   */
  public static final int MANUFACTURER_ID = 0xFFFF;

  /** The smallest ATT MTU every BLE link supports; notifications then carry 20 bytes. */
  public static final int DEFAULT_ATT_MTU = 23;

  private BleMapping() {}
}
