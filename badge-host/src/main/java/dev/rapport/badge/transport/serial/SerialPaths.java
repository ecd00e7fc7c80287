package dev.rapport.badge.transport.serial;

import java.io.IOException;
import java.nio.file.Path;

/** Turns a configured serial path into the device node jSerialComm should open. */
public final class SerialPaths {
  private SerialPaths() {}

  /**
   * Follows symlinks ({@code /dev/serial/by-id/...}, a PTY link made by socat), because jSerialComm
   * locks and configures the node it opens and names ports by their final node. Resolved anew at
   * each reconnect: after a replug the same by-id link may point to a different ttyUSB number.
   *
   * @throws IOException when the path (or a link target) does not exist right now
   */
  public static String resolve(String configuredPath) throws IOException {
    return Path.of(configuredPath).toRealPath().toString();
  }
}
