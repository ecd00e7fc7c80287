package dev.rapport.gateway.ingest;

import java.util.Arrays;

/**
 * Dense slot numbers for badge ids, so per-badge state lives in plain arrays indexed by slot (the
 * grid's columns). A badge keeps its slot for the life of the gateway; slots are never reused, so a
 * column always means the same badge. Engine thread only.
 */
public final class BadgeSlots {
  public static final int NO_SLOT = -1;

  private final int[] slotById = new int[0x10000];
  private final int[] idBySlot;
  private int used;

  public BadgeSlots(int capacity) {
    if (capacity < 1 || capacity > 0xFFFF) {
      throw new IllegalArgumentException("capacity must be in [1, 65535], capacity=" + capacity);
    }
    Arrays.fill(slotById, NO_SLOT);
    idBySlot = new int[capacity];
  }

  /** The badge's slot, assigning the next free one on first sight; NO_SLOT when all are taken. */
  public int slotFor(int badgeId) {
    final int slot = slotById[badgeId & 0xFFFF];
    if (slot != NO_SLOT || used == idBySlot.length) {
      return slot;
    }
    slotById[badgeId & 0xFFFF] = used;
    idBySlot[used] = badgeId & 0xFFFF;
    return used++;
  }

  /** The badge's slot, or NO_SLOT if it has none. */
  public int slotOf(int badgeId) {
    return slotById[badgeId & 0xFFFF];
  }

  public int badgeIdAt(int slot) {
    if (slot < 0 || slot >= used) {
      throw new IndexOutOfBoundsException("slot=" + slot + ", used=" + used);
    }
    return idBySlot[slot];
  }

  public int used() {
    return used;
  }

  public int capacity() {
    return idBySlot.length;
  }
}
