package dev.rapport.badge.protocol;

/**
 * Sizes and limits of the badge wire protocol, version 1 (docs/protocol.md, "Framing").
 *
 * <p>On the wire every frame is {@code COBS(header | payload | crc32c) 0x00}. The raw frame
 * (header, payload and CRC before COBS) is at most {@link #MAX_FRAME_LENGTH} = 254 bytes, so COBS
 * adds exactly one byte and a frame never occupies more than {@link #MAX_WIRE_LENGTH} = 256 bytes
 * on the wire including its delimiter: a firmware can hold any frame in a 256-byte buffer and count
 * its length in a {@code uint8_t}.
 */
public final class Protocol {
  /** The only protocol version this code speaks; byte 0 of every frame. */
  public static final int VERSION = 1;

  /** Ends every frame on the wire; COBS guarantees it appears nowhere else. */
  public static final byte DELIMITER = 0x00;

  /** Header: version u8, type u8, badge id u16 LE, sequence u16 LE, tick u32 LE. */
  public static final int HEADER_LENGTH = 10;

  /** CRC-32C over header and payload, u32 little-endian, after the payload. */
  public static final int CRC_LENGTH = 4;

  /** Largest payload any frame type may carry. */
  public static final int MAX_PAYLOAD_LENGTH = 240;

  /** Largest raw frame (header + payload + CRC) before COBS encoding. */
  public static final int MAX_FRAME_LENGTH = HEADER_LENGTH + MAX_PAYLOAD_LENGTH + CRC_LENGTH;

  /** Smallest raw frame: a header, an empty payload and the CRC. */
  public static final int MIN_FRAME_LENGTH = HEADER_LENGTH + CRC_LENGTH;

  /** Largest frame on the wire: COBS adds one byte to a raw frame of up to 254 bytes, plus 0x00. */
  public static final int MAX_WIRE_LENGTH = MAX_FRAME_LENGTH + 2;

  private Protocol() {}
}
