package dev.rapport.gateway.ingest;

/** What the {@link GridResampler} did with a sample. */
public enum Placement {
  PLACED,
  /** Its tick was already emitted: the watermark had passed it. */
  LATE,
  /** Further ahead of the watermark than the open ticks reach: a clock fault, not data. */
  TOO_FAR_AHEAD
}
