package dev.rapport.badge.sim;

/**
 * What a simulated link does to frames. Every frame independently suffers at most one of: loss,
 * corruption (one byte inside the encoded frame, never its 0x00 delimiter, is changed to another
 * value, so the decoder rejects it), duplication (sent twice) or reordering (held back and sent
 * after the next frame). Loss and corruption also apply to host-to-badge frames; duplication and
 * reordering only to badge-to-host ones. Every frame is delayed by a uniform random time in {@code
 * [minDelayUs, maxDelayUs]}, first in first out as on a serial line or a BLE connection: a frame
 * never overtakes an earlier one except by reordering.
 *
 * @param lossRate probability a frame disappears (0..1)
 * @param corruptionRate probability a frame arrives damaged
 * @param duplicationRate probability a badge-to-host frame arrives twice
 * @param reorderRate probability a badge-to-host frame swaps places with the next one
 * @param minDelayUs shortest transport delay, microseconds
 * @param maxDelayUs longest transport delay, microseconds (at most {@value #MAX_DELAY_US})
 */
public record LinkImpairments(
    double lossRate,
    double corruptionRate,
    double duplicationRate,
    double reorderRate,
    int minDelayUs,
    int maxDelayUs) {

  public static final int MAX_DELAY_US = 10_000_000;

  /** A perfect link: nothing lost, no delay. */
  public static final LinkImpairments NONE = new LinkImpairments(0, 0, 0, 0, 0, 0);

  /** The default: a clean link with 1-5 ms of delay, as a USB serial adapter. */
  public static final LinkImpairments DEFAULT = new LinkImpairments(0, 0, 0, 0, 1_000, 5_000);

  public LinkImpairments {
    requireRate("lossRate", lossRate);
    requireRate("corruptionRate", corruptionRate);
    requireRate("duplicationRate", duplicationRate);
    requireRate("reorderRate", reorderRate);
    double total = lossRate + corruptionRate + duplicationRate + reorderRate;
    if (total > 1.0) {
      throw new IllegalArgumentException(
          "impairment rates must add up to at most 1, lossRate="
              + lossRate
              + " corruptionRate="
              + corruptionRate
              + " duplicationRate="
              + duplicationRate
              + " reorderRate="
              + reorderRate);
    }
    if (minDelayUs < 0 || maxDelayUs < minDelayUs || maxDelayUs > MAX_DELAY_US) {
      throw new IllegalArgumentException(
          "delays must satisfy 0 <= minDelayUs <= maxDelayUs <= "
              + MAX_DELAY_US
              + ", minDelayUs="
              + minDelayUs
              + " maxDelayUs="
              + maxDelayUs);
    }
  }

  private static void requireRate(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " must be 0..1, " + name + "=" + value);
    }
  }

  public LinkImpairments withDelaysUs(int minUs, int maxUs) {
    return new LinkImpairments(
        lossRate, corruptionRate, duplicationRate, reorderRate, minUs, maxUs);
  }
}
