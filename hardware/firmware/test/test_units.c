/* Unit tests of the protocol part beyond the golden vectors: damage, limits, the level maths. */
#include <math.h>
#include <string.h>

#include "../protocol/rapport_protocol.h"
#include "check.h"

/* A small deterministic generator, so failures reproduce (no rand(): its sequence varies). */
static uint32_t lcg_state = 12345u;
static uint32_t next_random(void) {
  lcg_state = lcg_state * 1664525u + 1013904223u;
  return lcg_state >> 8;
}

static size_t command_wire(uint8_t *wire, uint16_t badge_id, uint32_t correlation_id,
                           uint8_t opcode, const uint8_t *args, size_t args_length) {
  uint8_t payload[RAPPORT_MAX_PAYLOAD_LENGTH];
  rapport_header_t header;
  header.badge_id = badge_id;
  header.seq = 42;
  header.tick = 0;
  rapport_put_u32(payload, correlation_id);
  payload[4] = opcode;
  memcpy(payload + 5, args, args_length);
  return rapport_frame_encode(RAPPORT_TYPE_COMMAND, &header, payload, 5 + args_length, wire,
                              RAPPORT_MAX_WIRE_LENGTH);
}

static int push_all(rapport_decoder_t *d, const uint8_t *bytes, size_t n) {
  int frames = 0;
  size_t i;
  for (i = 0; i < n; i++) {
    frames += rapport_decoder_push(d, bytes[i]) == RAPPORT_DECODE_FRAME;
  }
  return frames;
}

static void crc_matches_the_catalogue_check_value(void) {
  const uint8_t text[] = "123456789";
  CHECK(rapport_crc32c(text, 9) == 0xE3069283u, "CRC-32C check value %08lx",
        (unsigned long)rapport_crc32c(text, 9));
}

static void cobs_round_trips_every_length_and_never_emits_zero(void) {
  uint8_t raw[600], wire[700], back[700];
  size_t length;
  for (length = 0; length < sizeof(raw); length++) {
    size_t i, encoded;
    long decoded;
    int zero_inside = 0;
    for (i = 0; i < length; i++) {
      /* Runs of non-zero bytes longer than 254 exercise the 0xFF block. */
      raw[i] = (uint8_t)(next_random() % 7 == 0 && length % 3 != 0 ? 0 : 1 + next_random() % 255);
    }
    encoded = rapport_cobs_encode(raw, length, wire);
    CHECK(encoded <= length + length / 254 + 1, "COBS overhead, length %lu", (unsigned long)length);
    for (i = 0; i < encoded; i++) {
      zero_inside |= wire[i] == 0;
    }
    CHECK(!zero_inside, "COBS output contains 0x00, length %lu", (unsigned long)length);
    decoded = rapport_cobs_decode(wire, encoded, back, sizeof(back));
    CHECK(decoded == (long)length && memcmp(back, raw, length) == 0, "COBS round trip, length %lu",
          (unsigned long)length);
  }
}

static void decoder_recovers_after_garbage_bit_flips_and_oversized_runs(void) {
  rapport_decoder_t d;
  uint8_t wire[RAPPORT_MAX_WIRE_LENGTH];
  uint8_t args[1] = {RAPPORT_STREAM_ACCEL | RAPPORT_STREAM_MIC};
  size_t n = command_wire(wire, 0x00A1u, 77u, RAPPORT_OP_START_STREAMING, args, 1);
  uint8_t garbage[300];
  size_t i;
  rapport_decoder_init(&d, 0x00A1u);

  for (i = 0; i < sizeof(garbage); i++) {
    garbage[i] = (uint8_t)(1 + next_random() % 255);
  }
  CHECK(push_all(&d, garbage, sizeof(garbage)) == 0, "garbage decoded");
  CHECK(push_all(&d, wire, n) == 0, "frame glued to an oversized run must be dropped with it");
  CHECK(d.counters.oversized == 1, "oversized counted once, got %lu",
        (unsigned long)d.counters.oversized);
  CHECK(push_all(&d, wire, n) == 1 && d.frame.correlation_id == 77u && d.frame.streams == 3,
        "no recovery after an oversized run");

  for (i = 0; i + 1 < n; i++) {
    uint8_t damaged[RAPPORT_MAX_WIRE_LENGTH];
    uint32_t crc_before = d.counters.crc_errors + d.counters.cobs_errors + d.counters.too_short +
                          d.counters.bad_version + d.counters.wrong_direction +
                          d.counters.not_for_us + d.counters.bad_length;
    uint8_t bit = (uint8_t)(1u << (next_random() % 8));
    memcpy(damaged, wire, n);
    damaged[i] ^= bit;
    if (damaged[i] == 0) {
      continue; /* a new delimiter splits the frame: covered by the truncation case below */
    }
    CHECK(push_all(&d, damaged, n) == 0, "bit flip at byte %lu delivered a frame",
          (unsigned long)i);
    CHECK(d.counters.crc_errors + d.counters.cobs_errors + d.counters.too_short +
                  d.counters.bad_version + d.counters.wrong_direction + d.counters.not_for_us +
                  d.counters.bad_length >
              crc_before,
          "bit flip at byte %lu not counted", (unsigned long)i);
    CHECK(push_all(&d, wire, n) == 1, "no recovery after a bit flip at byte %lu",
          (unsigned long)i);
  }

  for (i = 1; i + 1 < n; i++) {
    uint8_t zero = 0;
    CHECK(push_all(&d, wire, i) == 0, "truncated frame decoded");
    push_all(&d, &zero, 1);
    CHECK(push_all(&d, wire, n) == 1, "no recovery after truncation at %lu", (unsigned long)i);
  }
}

static void decoder_nacks_unknown_opcodes_and_short_arguments(void) {
  rapport_decoder_t d;
  uint8_t wire[RAPPORT_MAX_WIRE_LENGTH];
  uint8_t args[8] = {0x50, 0xC3, 0x00, 0x00, 0x04, 0, 0, 0};
  size_t n;
  rapport_decoder_init(&d, 0x00A1u);
  n = command_wire(wire, 0x00A1u, 1u, 0x42, args, 0);
  CHECK(push_all(&d, wire, n) == 1 && d.frame.nack_reason == RAPPORT_NACK_UNKNOWN_OPCODE,
        "unknown opcode must decode, to be NACKed");
  n = command_wire(wire, 0x00A1u, 2u, RAPPORT_OP_SET_ACCEL, args, 4);
  CHECK(push_all(&d, wire, n) == 1 && d.frame.nack_reason == RAPPORT_NACK_BAD_ARGUMENT_LENGTH,
        "short SET_ACCEL must be NACKed");
  n = command_wire(wire, 0x00A1u, 3u, RAPPORT_OP_SET_ACCEL, args, 6);
  CHECK(push_all(&d, wire, n) == 1 && d.frame.nack_reason == 0 &&
            d.frame.accel_rate_millihz == 50000u && d.frame.accel_range_g == 4,
        "SET_ACCEL with one extra byte must be accepted");
}

static void encoders_refuse_values_outside_the_protocol(void) {
  uint8_t payload[RAPPORT_MAX_PAYLOAD_LENGTH];
  int16_t xyz[3 * (RAPPORT_ACCEL_MAX_SAMPLES + 1)] = {0};
  uint16_t levels[2] = {100, RAPPORT_MIC_MAX_LEVEL_CENTI_DB + 1};
  rapport_accel_t a = {0, 50000, 122000, 0, xyz};
  rapport_mic_energy_t m = {0, 100, 2, levels};
  rapport_status_t s = {3700, 101, 0, 0, 0};
  rapport_header_t h = {1, 0, 0};
  uint8_t wire[RAPPORT_MAX_WIRE_LENGTH];
  CHECK(rapport_accel_payload(payload, &a) == 0, "ACCEL with 0 samples encoded");
  a.sample_count = RAPPORT_ACCEL_MAX_SAMPLES + 1;
  CHECK(rapport_accel_payload(payload, &a) == 0, "ACCEL with 38 samples encoded");
  a.sample_count = RAPPORT_ACCEL_MAX_SAMPLES;
  CHECK(rapport_accel_payload(payload, &a) == RAPPORT_MAX_PAYLOAD_LENGTH - 5,
        "a full ACCEL batch");
  CHECK(rapport_mic_energy_payload(payload, &m) == 0, "level 9032 encoded");
  CHECK(rapport_status_payload(payload, &s) == 0, "battery 101 %% encoded");
  CHECK(rapport_frame_encode(RAPPORT_TYPE_STATUS, &h, payload, RAPPORT_MAX_PAYLOAD_LENGTH + 1, wire,
                             sizeof(wire)) == 0,
        "oversized payload encoded");
  CHECK(rapport_frame_encode(RAPPORT_TYPE_STATUS, &h, payload, RAPPORT_MAX_PAYLOAD_LENGTH, wire,
                             sizeof(wire)) <= RAPPORT_MAX_WIRE_LENGTH,
        "a maximal frame overflows 256 bytes");
}

static void mic_level_ignores_dc_and_matches_known_signals(void) {
  static int16_t pcm[1600];
  rapport_mic_accumulator_t acc;
  size_t i;
  uint16_t level;
  rapport_mic_reset(&acc);
  CHECK(rapport_mic_finish(&acc) == RAPPORT_MIC_LEVEL_NOT_MEASURED, "empty period measured");

  for (i = 0; i < 1600; i++) {
    pcm[i] = (int16_t)(i % 2 ? 32767 : -32767);
  }
  rapport_mic_add(&acc, pcm, 1600);
  CHECK(rapport_mic_finish(&acc) == 9031, "full-scale square wave: 10 log10(32767^2) = 90.31 dB");

  for (i = 0; i < 1600; i++) {
    pcm[i] = -1200; /* a MEMS offset, no sound */
  }
  rapport_mic_add(&acc, pcm, 1600);
  CHECK(rapport_mic_finish(&acc) == 0, "pure DC must read as silence");

  for (i = 0; i < 1600; i++) {
    /* 1 kHz sine at 16 kHz, amplitude 1000, on a -1200 offset: P = 1000^2 / 2 = 500000,
     * 1000 * log10(500000) = 5698.97 */
    pcm[i] = (int16_t)lround(-1200.0 + 1000.0 * sin(2.0 * 3.14159265358979 * 1000.0 * (double)i / 16000.0));
  }
  rapport_mic_add(&acc, pcm, 1600);
  level = rapport_mic_finish(&acc);
  CHECK(level >= 5698 && level <= 5700, "sine level %u, expected 5699", level);

  CHECK(rapport_mic_add(&acc, pcm, 1600) == 0 && acc.samples == 1600, "accumulates");
  rapport_mic_reset(&acc);
  for (i = 0; i < 40; i++) {
    CHECK(rapport_mic_add(&acc, pcm, 1600) == 0, "64000 samples fit");
  }
  CHECK(rapport_mic_add(&acc, pcm, 1600) == -1, "more than 65536 samples must be refused");
}

int run_unit_tests(void) {
  crc_matches_the_catalogue_check_value();
  cobs_round_trips_every_length_and_never_emits_zero();
  decoder_recovers_after_garbage_bit_flips_and_oversized_runs();
  decoder_nacks_unknown_opcodes_and_short_arguments();
  encoders_refuse_values_outside_the_protocol();
  mic_level_ignores_dc_and_matches_known_signals();
  return 0;
}
