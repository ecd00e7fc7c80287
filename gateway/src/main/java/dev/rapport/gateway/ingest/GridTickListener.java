package dev.rapport.gateway.ingest;

/**
 * Receives the grid, tick by tick, in order and without gaps, on the engine thread. The tick object
 * is reused for the next tick.
 */
@FunctionalInterface
public interface GridTickListener {
  void onTick(GridTick tick);
}
