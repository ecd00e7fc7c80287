package dev.rapport.badge.sim;

import dev.rapport.badge.protocol.MicEnergyFrame;

/**
 * The simulated microphone chain and the scales its output is written in.
 *
 * <ul>
 *   <li><b>Sound level</b> inside the model: dB SPL (38 dB quiet room, 60 dB speech at 1 m, about
 *       74 dB for the wearer's own voice at the chest badge).
 *   <li><b>Level on the wire</b> (MIC_ENERGY, docs/protocol.md): 0.01 dB above 1 LSB² of 16-bit
 *       PCM. The simulated badge's microphone plus firmware gain map dB SPL to dB re 1 LSB² by
 *       subtracting {@value #SPL_TO_PCM_DB_OFFSET} dB (94 dB SPL gives 76 dB, an RMS of 6310 LSB),
 *       so a quiet room reads about 2000 and the wearer's voice about 5600, as the protocol's
 *       typical values say. The level is {@code round(1000 log10(P))} of the mean square P, capped
 *       at {@value MicEnergyFrame#MAX_LEVEL_CENTI_DB}, 0 below P = 1: the computation of {@code
 *       MicLevel}, done here with {@link StrictMath} so that every JVM gives the same numbers.
 *   <li><b>Energy on the CSV grid</b> ({@code mic} column): the RMS amplitude in LSB, {@code
 *       round(10^(level / 2000))}, 1..32768: linear in sound pressure (use the features' {@code
 *       micEnergyIsAmplitude}), and exactly what a gateway derives from the received levels.
 * </ul>
 */
public final class MicScale {
  /** dB SPL minus this is dB re 1 LSB² of the badge's PCM. */
  public static final double SPL_TO_PCM_DB_OFFSET = 18.0;

  /** Multiplies a mean square sound pressure in (20 uPa)² into the PCM's LSB². */
  static final double SPL_POWER_TO_LSB2 = Decibels.toPower(-SPL_TO_PCM_DB_OFFSET);

  private static final double LN10_OVER_2000 = StrictMath.log(10.0) / 2000.0;

  private MicScale() {}

  /** The MIC_ENERGY level (0.01 dB re 1 LSB²) of a sound at {@code splDb} dB SPL. */
  public static int centiDbFromSplDb(double splDb) {
    return centiDbFromMeanSquare(Decibels.toPower(splDb - SPL_TO_PCM_DB_OFFSET));
  }

  /** The protocol's level of a PCM mean square in LSB², as {@code MicLevel.fromMeanSquare}. */
  static int centiDbFromMeanSquare(double meanSquareLsb2) {
    if (!(meanSquareLsb2 >= 1.0)) {
      return 0;
    }
    long level = Math.round(1000.0 * StrictMath.log10(meanSquareLsb2));
    return (int) Math.min(level, MicEnergyFrame.MAX_LEVEL_CENTI_DB);
  }

  /**
   * The grid's energy for a level: RMS amplitude in LSB, {@code round(10^(level / 2000))}.
   *
   * @throws IllegalArgumentException for a level outside 0..9031 (e.g. 0xffff, "not measured")
   */
  public static int amplitudeFromCentiDb(int levelCentiDb) {
    if (levelCentiDb < 0 || levelCentiDb > MicEnergyFrame.MAX_LEVEL_CENTI_DB) {
      throw new IllegalArgumentException(
          "mic level out of range 0.."
              + MicEnergyFrame.MAX_LEVEL_CENTI_DB
              + ", levelCentiDb="
              + levelCentiDb);
    }
    return (int) Math.round(StrictMath.exp(levelCentiDb * LN10_OVER_2000));
  }
}
