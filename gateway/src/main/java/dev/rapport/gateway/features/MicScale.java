package dev.rapport.gateway.features;

import dev.rapport.badge.protocol.MicEnergyFrame;

/**
 * How the per-tick microphone value handed to {@link RoomFeatureExtractor} encodes loudness. The
 * badge protocol sends levels in 0.01 dB ({@link #CENTI_DB}); offline data from other sensors may
 * carry linear power or amplitude instead. Whatever the scale, the extractor works on levels in Q16
 * octaves of power, so thresholds in millibels mean the same for all three.
 */
public enum MicScale {
  /**
   * The protocol's MIC_ENERGY level: 0.01 dB (= millibels) of power above 1 LSB^2, 0..9031. Any
   * other value, including the protocol's 0xFFFF "not measured", is no measurement.
   */
  CENTI_DB(MicEnergyFrame.MAX_LEVEL_CENTI_DB),
  /** A linear value proportional to mean-square pressure, 0..65535; level = 10 log10(v + 1). */
  POWER(0xFFFF),
  /** A linear value proportional to RMS pressure, 0..65535; level = 20 log10(v + 1). */
  AMPLITUDE(0xFFFF);

  private final int maxValue;

  MicScale(int maxValue) {
    this.maxValue = maxValue;
  }

  /** Largest valid value; values outside 0..maxValue are not measurements. */
  public int maxValue() {
    return maxValue;
  }

  /** Level of a valid value in Q16 octaves of power (0 .. 32 << 16). */
  int levelQ16(int value) {
    switch (this) {
      case CENTI_DB:
        return FixedMath.millibelToLog2Q16(value);
      case POWER:
        return FixedMath.log2Q16(value + 1L);
      default:
        return FixedMath.log2Q16(value + 1L) << 1;
    }
  }
}
