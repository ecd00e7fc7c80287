package dev.rapport.badge.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one {@link FrameDecoder} (one link) has seen: bytes, good frames, and every rejected frame
 * by {@link DecodeError}, on the link and per badge where the badge id passed the CRC. Written only
 * by the decoding thread; any thread may read (values may lag by a frame, never tear).
 */
public final class DecoderCounters {
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int BYTES = 0;
  private static final int FRAMES = 1;
  private static final int HANDLER_FAILURES = 2;
  private static final int FIRST_ERROR = 3;

  private final long[] link = new long[FIRST_ERROR + DecodeError.all().length];
  private final BadgeCounterTable badges = new BadgeCounterTable();

  /** Bytes handed to {@code onBytes}, delimiters and garbage included. */
  public long bytesReceived() {
    return get(BYTES);
  }

  /** Frames that passed every check and were handed to the handler. */
  public long framesDecoded() {
    return get(FRAMES);
  }

  /** Frames whose handler threw; the exception went to the decoder's error sink. */
  public long handlerFailures() {
    return get(HANDLER_FAILURES);
  }

  public long errors(DecodeError kind) {
    return get(FIRST_ERROR + kind.ordinal());
  }

  /** All rejected frames on this link, every kind. */
  public long totalErrors() {
    long sum = 0;
    for (DecodeError kind : DecodeError.all()) {
      sum += errors(kind);
    }
    return sum;
  }

  public long framesDecoded(int badgeId) {
    return badges.get(badgeId, BadgeCounterTable.SLOT_FRAMES);
  }

  /** Errors of a {@link DecodeError#badgeKnown()} kind counted for one badge; 0 for other kinds. */
  public long errors(int badgeId, DecodeError kind) {
    switch (kind) {
      case UNSUPPORTED_VERSION:
        return badges.get(badgeId, BadgeCounterTable.SLOT_UNSUPPORTED_VERSION);
      case UNKNOWN_TYPE:
        return badges.get(badgeId, BadgeCounterTable.SLOT_UNKNOWN_TYPE);
      case BAD_LENGTH:
        return badges.get(badgeId, BadgeCounterTable.SLOT_BAD_LENGTH);
      default:
        return 0;
    }
  }

  /** Ids of badges that sent at least one frame with a good CRC, ascending. Allocates. */
  public int[] badgeIds() {
    return badges.badgeIds();
  }

  @Override
  public String toString() {
    final StringBuilder sb = new StringBuilder("DecoderCounters{bytesReceived=");
    sb.append(bytesReceived()).append(", framesDecoded=").append(framesDecoded());
    sb.append(", handlerFailures=").append(handlerFailures());
    for (DecodeError kind : DecodeError.all()) {
      sb.append(", ").append(kind).append('=').append(errors(kind));
    }
    return sb.append('}').toString();
  }

  void addBytes(int count) {
    add(BYTES, count);
  }

  void frameDecoded(int badgeId) {
    add(FRAMES, 1);
    badges.increment(badgeId, BadgeCounterTable.SLOT_FRAMES);
  }

  void handlerFailed() {
    add(HANDLER_FAILURES, 1);
  }

  void error(DecodeError kind, int badgeId) {
    add(FIRST_ERROR + kind.ordinal(), 1);
    switch (kind) {
      case UNSUPPORTED_VERSION:
        badges.increment(badgeId, BadgeCounterTable.SLOT_UNSUPPORTED_VERSION);
        break;
      case UNKNOWN_TYPE:
        badges.increment(badgeId, BadgeCounterTable.SLOT_UNKNOWN_TYPE);
        break;
      case BAD_LENGTH:
        badges.increment(badgeId, BadgeCounterTable.SLOT_BAD_LENGTH);
        break;
      default:
        break;
    }
  }

  private long get(int index) {
    return (long) LONGS.getOpaque(link, index);
  }

  private void add(int index, long delta) {
    LONGS.setOpaque(link, index, (long) LONGS.getOpaque(link, index) + delta);
  }
}
