package dev.rapport.gateway.ingest;

/**
 * Receives each closed grid tick for every badge slot at once. The arrays are reused for the next
 * tick: read them during the call. A slot that is not present had no accelerometer sample in this
 * tick: its values are 0 and mean nothing. A present slot whose microphone gave nothing for the
 * tick carries {@code MicEnergyFrame.LEVEL_NOT_MEASURED} (0xFFFF) in {@code micCentiDb}.
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
