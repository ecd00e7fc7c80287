package dev.rapport.badge.clock;

/**
 * A few raw exchanges held back from the model as suspects of a counter jump. Kept raw (t1, t2, t3,
 * t4) because a jump changes how their ticks must be unwrapped. Fixed capacity, allocation-free.
 */
final class HeldExchanges {
  private final long[] t1Ns;
  private final long[] t2TicksU32;
  private final long[] t3TicksU32;
  private final long[] t4Ns;
  private int size;

  HeldExchanges(int capacity) {
    t1Ns = new long[capacity];
    t2TicksU32 = new long[capacity];
    t3TicksU32 = new long[capacity];
    t4Ns = new long[capacity];
  }

  int size() {
    return size;
  }

  boolean isFull() {
    return size == t1Ns.length;
  }

  void add(long t1, long t2, long t3, long t4) {
    if (isFull()) {
      throw new IllegalStateException("held exchanges full, capacity=" + t1Ns.length);
    }
    t1Ns[size] = t1;
    t2TicksU32[size] = t2;
    t3TicksU32[size] = t3;
    t4Ns[size] = t4;
    size++;
  }

  void clear() {
    size = 0;
  }

  long t1(int i) {
    return t1Ns[i];
  }

  long t2(int i) {
    return t2TicksU32[i];
  }

  long t3(int i) {
    return t3TicksU32[i];
  }

  long t4(int i) {
    return t4Ns[i];
  }
}
