package dev.rapport.badge.clock;

/**
 * Turns the badge's wrapping 32-bit tick counter into a 64-bit count that does not wrap.
 *
 * <p>Each value is placed at the signed 32-bit distance nearest to the newest reference, so it is
 * correct as long as the value is within 2^31 ticks of that reference (18 hours at 32768 Hz, 24
 * days at 1000 Hz). Only {@link #advance} moves the reference, so a stray old value cannot drag it
 * backwards.
 */
public final class TickUnwrapper {
  private static final long U32_MASK = 0xFFFF_FFFFL;

  private long referenceTicks;
  private boolean hasReference;

  /** Unwraps relative to the reference; with no reference yet, the value is taken as it is. */
  public long unwrap(long ticksU32) {
    final long value = ticksU32 & U32_MASK;
    if (!hasReference) {
      return value;
    }
    final int delta = (int) (value - (referenceTicks & U32_MASK));
    return referenceTicks + delta;
  }

  /** Unwraps and, if the result is newer than the reference, makes it the new reference. */
  public long advance(long ticksU32) {
    final long unwrapped = unwrap(ticksU32);
    if (!hasReference || unwrapped > referenceTicks) {
      referenceTicks = unwrapped;
      hasReference = true;
    }
    return unwrapped;
  }

  /** Restarts from nothing: the next {@link #advance} sets a fresh reference (after a reboot). */
  public void reset() {
    hasReference = false;
    referenceTicks = 0;
  }

  public boolean hasReference() {
    return hasReference;
  }

  public long referenceTicks() {
    return referenceTicks;
  }
}
