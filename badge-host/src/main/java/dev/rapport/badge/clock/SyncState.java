package dev.rapport.badge.clock;

/**
 * How far a badge's clock can be trusted. Consumers use it to decide whether samples may be placed
 * on the common grid and to show badge health.
 */
public enum SyncState {
  /** No valid TIME_SYNC exchange yet: badge ticks cannot be mapped to gateway time at all. */
  UNSYNCED,
  /**
   * A mapping exists but its error bound is still above the configured target (or too few exchanges
   * have been seen to trust it). The host should sync quickly.
   */
  SYNCING,
  /** The error bound is at or below the target; the host may sync slowly. */
  SYNCED,
  /**
   * The badge's tick counter jumped (a reboot sets it back; a firmware glitch may move it on); the
   * old model was discarded and a new one is being built. Stays until the new model is SYNCED, so
   * health displays can show that a reboot happened.
   */
  RESYNC_AFTER_REBOOT
}
