package dev.rapport.gateway.mqtt.outbox;

import java.nio.file.Path;

/**
 * Where the outbox lives and how much disk it may use.
 *
 * @param directory its own directory (e.g. {@code <data_dir>/mqtt/outbox}); nothing else may write
 *     there
 * @param maxBytes the disk budget; when an append would exceed it, the oldest segment is dropped,
 *     delivered or not, and its undelivered records are counted as {@code dropped_budget}
 * @param segmentBytes size at which a new segment file is started; dropping works segment by
 *     segment, so it must be at most a quarter of {@code maxBytes}
 * @param fsync see {@link FsyncPolicy}
 * @param fsyncIntervalMs longest time an appended record stays unforced under {@link
 *     FsyncPolicy#BATCH}
 * @param cursorSyncIntervalMs how often the delivered position is written; after a crash at most
 *     this much delivered traffic is sent again (subscribers see a repeated {@code seq})
 */
public record OutboxSettings(
    Path directory,
    long maxBytes,
    long segmentBytes,
    FsyncPolicy fsync,
    long fsyncIntervalMs,
    long cursorSyncIntervalMs) {
  public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
  public static final long MIN_MAX_BYTES = 64L * 1024;
  public static final long DEFAULT_SEGMENT_BYTES = 4L * 1024 * 1024;
  public static final long MIN_SEGMENT_BYTES = 4L * 1024;
  public static final FsyncPolicy DEFAULT_FSYNC = FsyncPolicy.BATCH;
  public static final long DEFAULT_FSYNC_INTERVAL_MS = 1_000;
  public static final long DEFAULT_CURSOR_SYNC_INTERVAL_MS = 1_000;

  public OutboxSettings {
    if (directory == null) {
      throw new IllegalArgumentException("outbox directory is required, directory=null");
    }
    if (maxBytes < MIN_MAX_BYTES) {
      throw new IllegalArgumentException(
          "outbox budget too small (allowed: at least "
              + MIN_MAX_BYTES
              + "), maxBytes="
              + maxBytes);
    }
    if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > maxBytes / 4) {
      throw new IllegalArgumentException(
          "segment size not allowed (allowed: "
              + MIN_SEGMENT_BYTES
              + " to maxBytes/4="
              + maxBytes / 4
              + "), segmentBytes="
              + segmentBytes);
    }
    if (fsync == null) {
      throw new IllegalArgumentException(
          "fsync policy is required (allowed: always, batch, never), fsync=null");
    }
    if (fsyncIntervalMs < 0 || fsyncIntervalMs > 60_000) {
      throw new IllegalArgumentException(
          "fsync interval not allowed (allowed: 0 to 60000 ms), fsyncIntervalMs="
              + fsyncIntervalMs);
    }
    if (cursorSyncIntervalMs < 0 || cursorSyncIntervalMs > 60_000) {
      throw new IllegalArgumentException(
          "cursor sync interval not allowed (allowed: 0 to 60000 ms), cursorSyncIntervalMs="
              + cursorSyncIntervalMs);
    }
  }

  /** Every default, for a budget of {@link #DEFAULT_MAX_BYTES}. */
  public static OutboxSettings defaults(Path directory) {
    return of(directory, DEFAULT_MAX_BYTES, DEFAULT_FSYNC);
  }

  /**
   * What the YAML exposes ({@code mqtt.outbox.max_bytes}, {@code mqtt.outbox.fsync}); the segment
   * size follows the budget: a sixteenth of it, between 4 KiB and 4 MiB.
   */
  public static OutboxSettings of(Path directory, long maxBytes, FsyncPolicy fsync) {
    long segment = Math.max(MIN_SEGMENT_BYTES, Math.min(DEFAULT_SEGMENT_BYTES, maxBytes / 16));
    return new OutboxSettings(
        directory,
        maxBytes,
        segment,
        fsync,
        DEFAULT_FSYNC_INTERVAL_MS,
        DEFAULT_CURSOR_SYNC_INTERVAL_MS);
  }

  public OutboxSettings withSegmentBytes(long bytes) {
    return new OutboxSettings(
        directory, maxBytes, bytes, fsync, fsyncIntervalMs, cursorSyncIntervalMs);
  }

  public OutboxSettings withFsync(FsyncPolicy policy) {
    return new OutboxSettings(
        directory, maxBytes, segmentBytes, policy, fsyncIntervalMs, cursorSyncIntervalMs);
  }
}
