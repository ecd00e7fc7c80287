package dev.rapport.badge.sim;

/**
 * The microphone energy every badge measures in one period.
 *
 * <p>Scale: the value is the RMS sound pressure over the period in units of 20 uPa, so {@code 20 *
 * log10(mic)} is the level in dB SPL (quiet room 38 dB = 79, speech at 1 m 60 dB = 1000, your own
 * voice at your chest badge about 74 dB = 5000), clipped to 0..65535 (96 dB). Power adds: each
 * speaking person contributes their voice power times the gain from their mouth to the badge,
 * {@code 1/d^2} (direct sound, d at least 0.2 m) plus {@code 1/}{@value #CRITICAL_DISTANCE_M}{@code
 * ^2} (the room's diffuse reverberation, equal to the direct sound at the critical distance), on
 * top of the badge's noise floor. A speaking voice fluctuates from period to period like syllables
 * do: a log-amplitude AR(1) process per speaker (sd about 4.9 dB), the same at every badge because
 * it is the same voice. Simulation thread only.
 */
final class MicField {
  static final double CRITICAL_DISTANCE_M = 3.0;
  private static final double MODULATION_MEMORY = 0.6;
  private static final double MODULATION_KICK = 0.45;
  private static final double NOISE_SD_LN = 0.17; // about 1.5 dB

  private final int people;
  private final double[][] gain; // [speaker][badge]
  private final double[] noiseAmplitude;
  private final double[] voicePower; // per speaker, this period
  private final double[] modulationLn;
  private final SimRandom[] voiceRng;
  private final SimRandom[] noiseRng;

  MicField(RoomLayout layout, PersonTraits[] traits, SimRandom[] voiceRng, SimRandom[] noiseRng) {
    this.people = layout.people();
    this.gain = new double[people][people];
    this.noiseAmplitude = new double[people];
    this.voicePower = new double[people];
    this.modulationLn = new double[people];
    this.voiceRng = voiceRng;
    this.noiseRng = noiseRng;
    double diffuse = 1.0 / (CRITICAL_DISTANCE_M * CRITICAL_DISTANCE_M);
    for (int s = 0; s < people; s++) {
      for (int b = 0; b < people; b++) {
        double d = layout.voiceDistanceM(s, b);
        gain[s][b] = 1.0 / (d * d) + diffuse;
      }
      noiseAmplitude[s] = Decibels.toAmplitude(traits[s].noiseFloorDb);
    }
  }

  /**
   * Computes the levels (0.01 dB re 1 LSB²) of period [fromUs, toUs) for every badge into {@code
   * out}; voices must hold every utterance overlapping the period.
   */
  void evaluate(long fromUs, long toUs, VoiceTrack[] voices, int[] out) {
    for (int s = 0; s < people; s++) {
      modulationLn[s] =
          MODULATION_MEMORY * modulationLn[s] + MODULATION_KICK * voiceRng[s].normal();
      double power = voices[s].meanPowerAt1m(fromUs, toUs);
      voicePower[s] = power == 0.0 ? 0.0 : power * StrictMath.exp(2.0 * modulationLn[s]);
    }
    for (int b = 0; b < people; b++) {
      double noise = noiseAmplitude[b] * StrictMath.exp(NOISE_SD_LN * noiseRng[b].normal());
      double power = noise * noise;
      for (int s = 0; s < people; s++) {
        if (voicePower[s] != 0.0) {
          power += voicePower[s] * gain[s][b];
        }
      }
      out[b] = MicScale.centiDbFromMeanSquare(power * MicScale.SPL_POWER_TO_LSB2);
    }
  }
}
