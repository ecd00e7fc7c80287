package dev.rapport.badge.protocol;

import java.util.HexFormat;

/** Hex helpers for tests: lowercase, no separators, as the vector file writes bytes. */
public final class Hex {
  private static final HexFormat HEX = HexFormat.of();

  private Hex() {}

  public static String of(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  public static String of(byte[] bytes, int offset, int length) {
    return HEX.formatHex(bytes, offset, offset + length);
  }

  public static byte[] parse(String hex) {
    return HEX.parseHex(hex.replace(" ", ""));
  }
}
