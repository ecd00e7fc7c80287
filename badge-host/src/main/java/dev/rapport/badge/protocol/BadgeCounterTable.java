package dev.rapport.badge.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Per-badge counters of one decoder: an open-addressing table from badge id to a row of longs.
 * Written by the decoding thread only; read from any thread (opaque reads, so a long never tears on
 * 32-bit ARM JVMs). Grows by copying when a new badge appears, never in steady state.
 */
final class BadgeCounterTable {
  static final int SLOT_FRAMES = 0;
  static final int SLOT_UNSUPPORTED_VERSION = 1;
  static final int SLOT_UNKNOWN_TYPE = 2;
  static final int SLOT_BAD_LENGTH = 3;
  static final int SLOTS = 4;

  /** Enough for any room; beyond it badges are counted only on the link level. */
  static final int MAX_BADGES = 4096;

  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int EMPTY = -1;

  /** Keys and rows are replaced together on growth, so a reader always sees a matching pair. */
  private static final class Table {
    final int[] keys;
    final long[] counts;

    Table(int capacity) {
      keys = new int[capacity];
      Arrays.fill(keys, EMPTY);
      counts = new long[capacity * SLOTS];
    }
  }

  private volatile Table table = new Table(64);
  private int size;
  private long untracked;

  /**
   * Adds one to {@code slot} of {@code badgeId}, inserting the badge if new. Decoder thread only.
   */
  void increment(int badgeId, int slot) {
    Table t = table;
    int index = find(t, badgeId);
    if (index < 0) {
      if (size >= MAX_BADGES) {
        untracked++;
        return;
      }
      if ((size + 1) * 2 > t.keys.length) {
        t = grow(t);
      }
      index = insert(t, badgeId);
    }
    final int at = index * SLOTS + slot;
    LONGS.setOpaque(t.counts, at, (long) LONGS.getOpaque(t.counts, at) + 1);
  }

  long get(int badgeId, int slot) {
    final Table t = table;
    final int index = find(t, badgeId);
    return index < 0 ? 0 : (long) LONGS.getOpaque(t.counts, index * SLOTS + slot);
  }

  /** Badge ids seen so far, ascending. Allocates: for reports. */
  int[] badgeIds() {
    final Table t = table;
    return Arrays.stream(t.keys).filter(k -> k != EMPTY).sorted().toArray();
  }

  /** Events for badges beyond {@link #MAX_BADGES}, counted on the link only. */
  long untracked() {
    return untracked;
  }

  private static int find(Table t, int badgeId) {
    final int mask = t.keys.length - 1;
    for (int i = mix(badgeId) & mask; ; i = (i + 1) & mask) {
      final int key = t.keys[i];
      if (key == badgeId) {
        return i;
      }
      if (key == EMPTY) {
        return -1;
      }
    }
  }

  private int insert(Table t, int badgeId) {
    final int mask = t.keys.length - 1;
    int i = mix(badgeId) & mask;
    while (t.keys[i] != EMPTY) {
      i = (i + 1) & mask;
    }
    // A reader racing with this plain write sees the key with zero counts or not at all: both true.
    t.keys[i] = badgeId;
    size++;
    return i;
  }

  private Table grow(Table old) {
    final Table bigger = new Table(old.keys.length * 2);
    final int mask = bigger.keys.length - 1;
    for (int i = 0; i < old.keys.length; i++) {
      final int key = old.keys[i];
      if (key != EMPTY) {
        int j = mix(key) & mask;
        while (bigger.keys[j] != EMPTY) {
          j = (j + 1) & mask;
        }
        bigger.keys[j] = key;
        System.arraycopy(old.counts, i * SLOTS, bigger.counts, j * SLOTS, SLOTS);
      }
    }
    table = bigger;
    return bigger;
  }

  private static int mix(int key) {
    final int h = key * 0x9E3779B1;
    return h ^ (h >>> 16);
  }
}
