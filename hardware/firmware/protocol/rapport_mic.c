/* MIC_ENERGY level of one period of PCM (docs/protocol.md, "MIC_ENERGY"). */
#include <math.h>

#include "rapport_protocol.h"

void rapport_mic_reset(rapport_mic_accumulator_t *acc) {
  acc->samples = 0;
  acc->sum = 0;
  acc->sum_of_squares = 0;
}

int rapport_mic_add(rapport_mic_accumulator_t *acc, const int16_t *pcm, size_t count) {
  size_t i;
  if (count > RAPPORT_MIC_MAX_SAMPLES_PER_PERIOD - acc->samples) {
    return -1;
  }
  for (i = 0; i < count; i++) {
    int64_t x = pcm[i];
    acc->sum += x;
    acc->sum_of_squares += x * x;
  }
  acc->samples += (uint32_t)count;
  return 0;
}

uint16_t rapport_mic_finish(rapport_mic_accumulator_t *acc) {
  int64_t n = (int64_t)acc->samples;
  int64_t numerator;
  double mean_square;
  double level;
  if (n == 0) {
    return RAPPORT_MIC_LEVEL_NOT_MEASURED;
  }
  /* P = (N * sum(x^2) - sum(x)^2) / N^2 removes the DC offset MEMS microphones carry. With
   * N <= 2^16 and |x| <= 2^15 both products stay below 2^62: exact in int64, only the final
   * division rounds. */
  numerator = n * acc->sum_of_squares - acc->sum * acc->sum;
  mean_square = (double)numerator / ((double)n * (double)n);
  rapport_mic_reset(acc);
  if (!(mean_square >= 1.0)) {
    return 0;
  }
  /* Double precision: 10 times a second this costs nothing; log10f may differ by 1 at rounding
   * boundaries, which the protocol allows. */
  level = floor(1000.0 * log10(mean_square) + 0.5);
  if (level > (double)RAPPORT_MIC_MAX_LEVEL_CENTI_DB) {
    return RAPPORT_MIC_MAX_LEVEL_CENTI_DB;
  }
  return (uint16_t)level;
}
