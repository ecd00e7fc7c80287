package dev.rapport.gateway.mqtt.outbox;

import java.util.Locale;

/**
 * When the outbox forces its writes to the storage device. A process crash loses nothing under any
 * policy (the kernel holds the written pages); the policy decides what a power cut can lose.
 */
public enum FsyncPolicy {
  /** Force after every record: nothing is lost, at the cost of one flash write per message. */
  ALWAYS,
  /**
   * Force at most every {@code fsyncIntervalMs}, and always before a record is first handed to the
   * network, so that no subscriber ever sees a message a power cut could un-write (its {@code seq}
   * would then be reused). A power cut loses at most the last interval of unsent messages.
   */
  BATCH,
  /** Leave it to the kernel (about 30 s on Linux). For tmpfs and tests. */
  NEVER;

  /** Parses the configuration spelling ({@code always}, {@code batch}, {@code never}). */
  public static FsyncPolicy parse(String text) {
    for (FsyncPolicy p : values()) {
      if (p.name().equalsIgnoreCase(text)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "fsync policy not known (allowed: always, batch, never), fsync=" + text);
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
