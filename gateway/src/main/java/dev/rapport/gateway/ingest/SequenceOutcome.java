package dev.rapport.gateway.ingest;

/** What {@link SequenceTracker#onSequence} made of a frame's sequence number. */
public enum SequenceOutcome {
  /** Newer than any seen: use it. Any numbers skipped on the way are missing for now. */
  NEW,
  /** Older than the newest but inside the window and not seen before: use it (a gap closes). */
  REORDERED,
  /** Seen before inside the window: drop it. */
  DUPLICATE,
  /** Older than the window: it cannot be told from a duplicate any more, so drop it. */
  LATE,
  /** A run of frames far behind: the badge restarted its numbering; tracking began again here. */
  RESYNCED;

  /** True when the frame should be used. */
  public boolean accepted() {
    return this == NEW || this == REORDERED || this == RESYNCED;
  }
}
