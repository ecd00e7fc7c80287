package dev.rapport.badge.sim;

/**
 * A listener's short vocal responses ("mm-hm", "yeah") while someone else at the table holds the
 * floor: a Poisson process of candidates, kept only when the person is listening, 0.2-0.6 s long
 * and {@value #LEVEL_BELOW_VOICE_DB} dB quieter than their speaking voice. They overlap the
 * speaker, as real backchannels do, which is what makes speaker attribution non-trivial.
 */
final class BackchannelSource {
  private static final double RATE_PER_S = 0.12;
  static final double LEVEL_BELOW_VOICE_DB = 8.0;

  private final int person;
  private final PersonTraits traits;
  private final VoiceTrack voice;
  private final Conversation table;
  private final SimRandom rng;
  private long nextCandidateUs;

  BackchannelSource(
      int person, PersonTraits traits, VoiceTrack voice, Conversation table, SimRandom rng) {
    this.person = person;
    this.traits = traits;
    this.voice = voice;
    this.table = table;
    this.rng = rng;
    this.nextCandidateUs = drawIntervalUs();
  }

  /** Decides every candidate up to {@code timeUs}; the table must be planned through it. */
  void generateThrough(long timeUs) {
    while (nextCandidateUs <= timeUs) {
      long candidateUs = nextCandidateUs;
      nextCandidateUs += drawIntervalUs();
      if (table.memberCount() > 1
          && !voice.speakingAt(candidateUs)
          && table.someoneElseInTurnAt(person, candidateUs)) {
        long durationUs = (long) (rng.uniform(0.2, 0.6) * 1e6);
        double levelDb = traits.voiceDb1m - LEVEL_BELOW_VOICE_DB + 2.0 * rng.normal();
        voice.add(candidateUs, candidateUs + durationUs, Decibels.toAmplitude(levelDb), false);
      }
    }
  }

  private long drawIntervalUs() {
    return 1 + (long) (rng.exponential(1.0 / RATE_PER_S) * 1e6);
  }
}
