package dev.rapport.gateway.ingest;

/**
 * Receives each closed grid tick for every badge slot at once. The arrays are reused for the next
 * tick: read them during the call. A slot that is not present has no data for this tick: its values
 * are 0 and mean nothing.
 */
@FunctionalInterface
public interface GridTickSink {
  void onGridTick(
      long tickIndex,
      long tickEndNs,
      boolean[] present,
      int[] axMg,
      int[] ayMg,
      int[] azMg,
      int[] micCentiDb);
}
