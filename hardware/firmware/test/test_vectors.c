/* Holds the firmware's encoder, decoder and level computation to docs/protocol-vectors.txt. */
#include <stdio.h>
#include <string.h>

#include "../protocol/rapport_protocol.h"
#include "check.h"
#include "vectors.h"

static int frames_encoded;
static int frames_decoded;
static int rejects_checked;
static int cobs_checked;
static int levels_checked;

static int starts_with(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void check_bytes(vector_t *v, const char *what, const uint8_t *actual, size_t actual_length,
                        const uint8_t *expected, size_t expected_length) {
  size_t i;
  size_t first_difference = actual_length < expected_length ? actual_length : expected_length;
  for (i = 0; i < first_difference; i++) {
    if (actual[i] != expected[i]) {
      first_difference = i;
      break;
    }
  }
  CHECK(actual_length == expected_length && memcmp(actual, expected, actual_length) == 0,
        "%s (line %d): %s differ: %lu bytes vs %lu expected, first difference at byte %lu",
        v->name, v->line, what, (unsigned long)actual_length, (unsigned long)expected_length,
        (unsigned long)first_difference);
}

/* Host-derived milli-g (the host's job, checked here so the vectors stay fully covered):
 * raw * scale nano-g, divided by 10^6, rounded half away from zero. */
static int64_t milli_g(int64_t raw, int64_t scale_nano_g) {
  int64_t nano = raw * scale_nano_g;
  int64_t magnitude = nano < 0 ? -nano : nano;
  int64_t rounded = (magnitude + 500000) / 1000000;
  return nano < 0 ? -rounded : rounded;
}

static void check_milli_g(vector_t *v, const char *key, const int64_t *raw, size_t count,
                          int64_t scale) {
  int64_t expected[RAPPORT_ACCEL_MAX_SAMPLES];
  size_t n;
  size_t i;
  if (!vector_has(v, key)) {
    return;
  }
  n = vector_list(v, key, expected, RAPPORT_ACCEL_MAX_SAMPLES);
  CHECK(n == count, "%s: %s has %lu values for %lu samples", v->name, key, (unsigned long)n,
        (unsigned long)count);
  for (i = 0; i < n && i < count; i++) {
    CHECK(milli_g(raw[i], scale) == expected[i], "%s: %s[%lu]", v->name, key, (unsigned long)i);
  }
}

/* Builds the payload a badge would send from the vector's fields; returns its length. */
static size_t badge_payload(vector_t *v, uint8_t type, uint8_t *payload) {
  switch (type) {
    case RAPPORT_TYPE_HELLO: {
      rapport_hello_t h;
      h.fw_major = (uint8_t)vector_u64(v, "fw_major");
      h.fw_minor = (uint8_t)vector_u64(v, "fw_minor");
      h.fw_patch = (uint8_t)vector_u64(v, "fw_patch");
      h.hw_revision = (uint8_t)vector_u64(v, "hw_revision");
      h.tick_rate_hz = (uint32_t)vector_u64(v, "tick_rate_hz");
      h.accel_rate_millihz = (uint32_t)vector_u64(v, "accel_rate_millihz");
      h.accel_scale_nano_g = (uint32_t)vector_u64(v, "accel_scale_nano_g");
      h.mic_period_ms = (uint16_t)vector_u64(v, "mic_period_ms");
      h.accel_range_g = (uint8_t)vector_u64(v, "accel_range_g");
      h.capabilities = (uint8_t)vector_u64(v, "capabilities");
      return rapport_hello_payload(payload, &h);
    }
    case RAPPORT_TYPE_ACCEL: {
      int64_t x[RAPPORT_ACCEL_MAX_SAMPLES], y[RAPPORT_ACCEL_MAX_SAMPLES];
      int64_t z[RAPPORT_ACCEL_MAX_SAMPLES];
      int16_t xyz[3 * RAPPORT_ACCEL_MAX_SAMPLES];
      rapport_accel_t a;
      size_t i;
      size_t nx = vector_list(v, "x", x, RAPPORT_ACCEL_MAX_SAMPLES);
      size_t ny = vector_list(v, "y", y, RAPPORT_ACCEL_MAX_SAMPLES);
      size_t nz = vector_list(v, "z", z, RAPPORT_ACCEL_MAX_SAMPLES);
      a.first_sample_tick = (uint32_t)vector_u64(v, "first_sample_tick");
      a.sample_rate_millihz = (uint32_t)vector_u64(v, "sample_rate_millihz");
      a.scale_nano_g = (uint32_t)vector_u64(v, "scale_nano_g");
      a.sample_count = (uint8_t)vector_u64(v, "sample_count");
      CHECK(nx == a.sample_count && ny == nx && nz == nx, "%s: axis lists vs sample_count",
            v->name);
      for (i = 0; i < nx; i++) {
        xyz[3 * i] = (int16_t)x[i];
        xyz[3 * i + 1] = (int16_t)y[i];
        xyz[3 * i + 2] = (int16_t)z[i];
      }
      a.xyz = xyz;
      check_milli_g(v, "x_mg", x, nx, a.scale_nano_g);
      check_milli_g(v, "y_mg", y, ny, a.scale_nano_g);
      check_milli_g(v, "z_mg", z, nz, a.scale_nano_g);
      return rapport_accel_payload(payload, &a);
    }
    case RAPPORT_TYPE_MIC_ENERGY: {
      int64_t levels[RAPPORT_MIC_MAX_LEVELS];
      uint16_t levels16[RAPPORT_MIC_MAX_LEVELS];
      rapport_mic_energy_t m;
      size_t i;
      size_t n = vector_list(v, "level_centi_db", levels, RAPPORT_MIC_MAX_LEVELS);
      m.first_period_tick = (uint32_t)vector_u64(v, "first_period_tick");
      m.period_ms = (uint16_t)vector_u64(v, "period_ms");
      m.count = (uint8_t)vector_u64(v, "count");
      CHECK(n == m.count, "%s: %lu levels for count=%u", v->name, (unsigned long)n, m.count);
      for (i = 0; i < n; i++) {
        levels16[i] = (uint16_t)levels[i];
      }
      m.levels_centi_db = levels16;
      return rapport_mic_energy_payload(payload, &m);
    }
    case RAPPORT_TYPE_STATUS: {
      rapport_status_t s;
      s.battery_mv = (uint16_t)vector_u64(v, "battery_mv");
      s.battery_percent = (uint8_t)vector_u64(v, "battery_percent");
      s.flags = (uint8_t)vector_u64(v, "flags");
      s.dropped_accel_samples = (uint32_t)vector_u64(v, "dropped_accel_samples");
      s.dropped_mic_periods = (uint32_t)vector_u64(v, "dropped_mic_periods");
      return rapport_status_payload(payload, &s);
    }
    case RAPPORT_TYPE_TIME_SYNC_RESPONSE: {
      rapport_time_sync_response_t r;
      r.correlation_id = (uint32_t)vector_u64(v, "correlation_id");
      r.receive_tick = (uint32_t)vector_u64(v, "receive_tick");
      r.send_tick = (uint32_t)vector_u64(v, "send_tick");
      return rapport_time_sync_response_payload(payload, &r);
    }
    case RAPPORT_TYPE_ACK:
    case RAPPORT_TYPE_NACK: {
      rapport_reply_t r;
      r.correlation_id = (uint32_t)vector_u64(v, "correlation_id");
      r.opcode = (uint8_t)vector_u64(v, "opcode");
      r.code = (uint8_t)vector_u64(v, type == RAPPORT_TYPE_ACK ? "status" : "reason");
      return rapport_reply_payload(payload, &r);
    }
    default:
      CHECK(0, "%s: badge-to-host type %u unknown to the firmware", v->name, type);
      return 0;
  }
}

/* Badge to host: encoding the fields must give exactly the wire bytes, and the badge's own
 * decoder must refuse them (they are not commands). */
static void check_badge_frame(vector_t *v, uint8_t type, const rapport_header_t *header) {
  uint8_t payload[RAPPORT_MAX_PAYLOAD_LENGTH];
  uint8_t wire[RAPPORT_MAX_WIRE_LENGTH];
  size_t payload_length = badge_payload(v, type, payload);
  size_t wire_length;
  rapport_decoder_t decoder;
  size_t i;
  int rejected = 0;
  CHECK(payload_length > 0, "%s: the firmware refused to encode these fields", v->name);
  if (vector_has(v, "extension")) {
    payload_length += vector_hex(v, "extension", payload + payload_length,
                                 RAPPORT_MAX_PAYLOAD_LENGTH - payload_length);
  }
  wire_length = rapport_frame_encode(type, header, payload, payload_length, wire, sizeof(wire));
  check_bytes(v, "encoded wire bytes", wire, wire_length, v->bytes, v->length);
  frames_encoded++;

  rapport_decoder_init(&decoder, header->badge_id);
  for (i = 0; i < v->length; i++) {
    rejected += rapport_decoder_push(&decoder, v->bytes[i]) == RAPPORT_DECODE_REJECTED;
  }
  CHECK(rejected == 1 && decoder.counters.wrong_direction == 1 && decoder.counters.frames == 0,
        "%s: a badge must not take a badge-to-host frame as a command", v->name);
}

/* Independent of rapport_opcode_argument_length: the protocol's table, restated. */
static int expected_argument_length(uint64_t opcode) {
  static const int lengths[] = {-1, 1, 1, 5, 2, 2, 8, 0, 0};
  return opcode < sizeof(lengths) / sizeof(lengths[0]) ? lengths[opcode] : -1;
}

/* Host to badge: the badge's decoder must deliver exactly these fields. */
static void check_host_frame(vector_t *v, uint8_t type, const rapport_header_t *header) {
  rapport_decoder_t decoder;
  rapport_decoder_t stranger;
  const rapport_command_t *c = &decoder.frame;
  size_t i;
  int delivered = 0;
  uint16_t own = header->badge_id == RAPPORT_BADGE_ID_BROADCAST ? 0x00A1u : header->badge_id;
  rapport_decoder_init(&decoder, own);
  for (i = 0; i < v->length; i++) {
    rapport_decode_result_t r = rapport_decoder_push(&decoder, v->bytes[i]);
    CHECK(r != RAPPORT_DECODE_REJECTED, "%s: rejected at byte %lu", v->name, (unsigned long)i);
    if (r == RAPPORT_DECODE_FRAME) {
      delivered++;
      CHECK(i == v->length - 1, "%s: frame before its delimiter", v->name);
    }
  }
  CHECK(delivered == 1, "%s: %d frames delivered", v->name, delivered);
  if (delivered != 1) {
    return;
  }
  frames_decoded++;
  CHECK(c->type == type && c->badge_id == header->badge_id && c->seq == header->seq &&
            c->tick == header->tick,
        "%s: header fields", v->name);
  CHECK(c->correlation_id == vector_u64(v, "correlation_id"), "%s: correlation_id", v->name);
  if (type == RAPPORT_TYPE_COMMAND) {
    uint64_t opcode = vector_u64(v, "opcode");
    int needed = expected_argument_length(opcode);
    CHECK(c->opcode == opcode, "%s: opcode", v->name);
    if (vector_has(v, "argument_length")) {
      CHECK(c->argument_length == vector_u64(v, "argument_length"), "%s: argument_length",
            v->name);
    }
    if (needed < 0) {
      CHECK(c->nack_reason == RAPPORT_NACK_UNKNOWN_OPCODE, "%s: unknown opcode NACK", v->name);
    } else if (c->argument_length < needed) {
      CHECK(c->nack_reason == RAPPORT_NACK_BAD_ARGUMENT_LENGTH, "%s: short arguments NACK",
            v->name);
    } else {
      CHECK(c->nack_reason == 0, "%s: valid command refused, reason %u", v->name, c->nack_reason);
    }
    if (vector_has(v, "streams")) {
      CHECK(c->streams == vector_u64(v, "streams"), "%s: streams", v->name);
    }
    if (vector_has(v, "accel_rate_millihz")) {
      CHECK(c->accel_rate_millihz == vector_u64(v, "accel_rate_millihz"), "%s: rate", v->name);
    }
    if (vector_has(v, "accel_range_g")) {
      CHECK(c->accel_range_g == vector_u64(v, "accel_range_g"), "%s: range", v->name);
    }
    if (vector_has(v, "mic_period_ms")) {
      CHECK(c->mic_period_ms == vector_u64(v, "mic_period_ms"), "%s: mic period", v->name);
    }
    if (vector_has(v, "duration_ms")) {
      CHECK(c->identify_duration_ms == vector_u64(v, "duration_ms"), "%s: duration", v->name);
    }
    if (vector_has(v, "host_unix_ms")) {
      CHECK(c->host_unix_ms == vector_i64(v, "host_unix_ms"), "%s: host_unix_ms", v->name);
    }
  }
  /* Addressed to someone else: counted and ignored, unless it is a broadcast. */
  rapport_decoder_init(&stranger, (uint16_t)(own ^ 0x0F0Fu));
  for (i = 0; i < v->length; i++) {
    rapport_decoder_push(&stranger, v->bytes[i]);
  }
  if (header->badge_id == RAPPORT_BADGE_ID_BROADCAST) {
    CHECK(stranger.counters.frames == 1, "%s: broadcast not taken", v->name);
  } else {
    CHECK(stranger.counters.not_for_us == 1 && stranger.counters.frames == 0,
          "%s: another badge's command taken", v->name);
  }
}

static void check_frame(vector_t *v) {
  rapport_header_t header;
  uint8_t type = (uint8_t)vector_u64(v, "type");
  CHECK(vector_u64(v, "version") == RAPPORT_PROTOCOL_VERSION, "%s: version", v->name);
  header.badge_id = (uint16_t)vector_u64(v, "badge_id");
  header.seq = (uint16_t)vector_u64(v, "seq");
  header.tick = (uint32_t)vector_u64(v, "tick");
  if (type & RAPPORT_TYPE_HOST_TO_BADGE_BIT) {
    check_host_frame(v, type, &header);
  } else {
    check_badge_frame(v, type, &header);
  }
}

static uint32_t total_rejections(const rapport_decoder_counters_t *c) {
  return c->cobs_errors + c->crc_errors + c->too_short + c->oversized + c->bad_version +
         c->wrong_direction + c->not_for_us + c->bad_length + c->unknown_type;
}

/* The badge counter an error kind of the host's decoder must land in. A badge only decodes
 * host-to-badge frames, so a damaged badge-to-host frame that passes the CRC is "wrong
 * direction" for it, whatever the host would call it. */
static const uint32_t *expected_counter(vector_t *v, const rapport_decoder_counters_t *c,
                                        const char *error) {
  uint8_t raw[RAPPORT_MAX_WIRE_LENGTH];
  size_t end = 0;
  long raw_length;
  int to_badge;
  while (end < v->length && v->bytes[end] != 0x00) {
    end++;
  }
  raw_length = end <= sizeof(raw) ? rapport_cobs_decode(v->bytes, end, raw, sizeof(raw)) : -1;
  to_badge = raw_length > 1 && (raw[1] & RAPPORT_TYPE_HOST_TO_BADGE_BIT);
  if (strcmp(error, "BAD_CRC") == 0) return &c->crc_errors;
  if (strcmp(error, "MALFORMED_COBS") == 0) return &c->cobs_errors;
  if (strcmp(error, "TOO_SHORT") == 0) return &c->too_short;
  if (strcmp(error, "OVERSIZED") == 0) return &c->oversized;
  if (strcmp(error, "UNSUPPORTED_VERSION") == 0) return &c->bad_version;
  if (strcmp(error, "UNKNOWN_TYPE") == 0) return to_badge ? &c->unknown_type : &c->wrong_direction;
  if (strcmp(error, "BAD_LENGTH") == 0) return to_badge ? &c->bad_length : &c->wrong_direction;
  CHECK(0, "%s (line %d): error kind %s unknown to the firmware tests", v->name, v->line, error);
  return NULL;
}

/* Whatever the damage, the badge's decoder delivers nothing from a reject vector, counts it where
 * the host does, and a valid frame right after it still gets through (resynchronisation). */
static void check_reject(vector_t *v) {
  rapport_decoder_t decoder;
  rapport_header_t header = {0x00A1u, 7u, 0u};
  uint8_t payload[4] = {0x78, 0x56, 0x34, 0x12};
  uint8_t wire[RAPPORT_MAX_WIRE_LENGTH];
  const char *error = vector_string(v, "error");
  size_t wire_length;
  size_t i;
  int frames = 0;
  if (vector_has(v, "badge_id")) {
    /* Only a frame that passed its CRC can be attributed; the id sits in bytes 2-3 of the raw
     * frame, which the decoder checks before any length rule. */
    (void)vector_u64(v, "badge_id");
  }
  rapport_decoder_init(&decoder, 0x00A1u);
  decoder.accept_any_badge = 1;
  for (i = 0; i < v->length; i++) {
    frames += rapport_decoder_push(&decoder, v->bytes[i]) == RAPPORT_DECODE_FRAME;
  }
  CHECK(frames == 0, "%s: the badge decoded a frame from damaged input", v->name);
  if (strcmp(error, "none") == 0) {
    CHECK(total_rejections(&decoder.counters) == 0, "%s: counted an error for nothing", v->name);
  } else {
    const uint32_t *counter = expected_counter(v, &decoder.counters, error);
    CHECK(counter != NULL && *counter == 1 && total_rejections(&decoder.counters) == 1,
          "%s: %s not counted exactly once where expected", v->name, error);
  }
  wire_length = rapport_frame_encode(RAPPORT_TYPE_TIME_SYNC_REQUEST, &header, payload, 4, wire,
                                     sizeof(wire));
  rapport_decoder_push(&decoder, 0x00); /* ends a truncated tail, as a sender's flush does */
  for (i = 0; i < wire_length; i++) {
    frames += rapport_decoder_push(&decoder, wire[i]) == RAPPORT_DECODE_FRAME;
  }
  CHECK(frames == 1 && decoder.frame.correlation_id == 0x12345678u,
        "%s: no resync to the next good frame", v->name);
  rejects_checked++;
}

static void check_cobs(vector_t *v) {
  uint8_t raw[1024];
  uint8_t out[1100];
  size_t raw_length = vector_hex(v, "raw", raw, sizeof(raw));
  size_t wire_length = v->length;
  long decoded;
  if (wire_length > 0 && v->bytes[wire_length - 1] == 0x00) {
    wire_length--; /* the delimiter is not part of the COBS form */
  }
  decoded = rapport_cobs_decode(v->bytes, wire_length, out, sizeof(out));
  CHECK(decoded >= 0, "%s: valid COBS refused", v->name);
  if (decoded >= 0) {
    check_bytes(v, "COBS-decoded bytes", out, (size_t)decoded, raw, raw_length);
  }
  if (!vector_has(v, "encode") || strcmp(vector_string(v, "encode"), "no") != 0) {
    size_t encoded = rapport_cobs_encode(raw, raw_length, out);
    check_bytes(v, "COBS-encoded bytes", out, encoded, v->bytes, wire_length);
  }
  cobs_checked++;
}

static void check_level(vector_t *v) {
  static int16_t pcm[RAPPORT_MIC_MAX_SAMPLES_PER_PERIOD];
  rapport_mic_accumulator_t acc;
  size_t samples = v->length / 2;
  size_t i;
  uint16_t whole;
  uint16_t blocks;
  int64_t expected = vector_i64(v, "level_centi_db");
  CHECK(v->length % 2 == 0 && samples <= RAPPORT_MIC_MAX_SAMPLES_PER_PERIOD &&
            samples == vector_u64(v, "samples"),
        "%s: PCM length", v->name);
  for (i = 0; i < samples; i++) {
    pcm[i] = (int16_t)rapport_get_u16(v->bytes + 2 * i);
  }
  rapport_mic_reset(&acc);
  CHECK(rapport_mic_add(&acc, pcm, samples) == 0, "%s: add", v->name);
  whole = rapport_mic_finish(&acc);
  CHECK(whole + 1 >= expected && whole <= expected + 1, "%s: level %u, expected %lld +-1",
        v->name, whole, (long long)expected);
  /* The same period fed in DMA-sized blocks of 37 samples gives the same number. */
  for (i = 0; i < samples; i += 37) {
    size_t n = samples - i < 37 ? samples - i : 37;
    CHECK(rapport_mic_add(&acc, pcm + i, n) == 0, "%s: block add", v->name);
  }
  blocks = rapport_mic_finish(&acc);
  CHECK(blocks == whole, "%s: blockwise %u vs whole %u", v->name, blocks, whole);
  levels_checked++;
}

static void visit(vector_t *v) {
  if (starts_with(v->name, "frame.")) {
    check_frame(v);
  } else if (starts_with(v->name, "reject.")) {
    check_reject(v);
  } else if (starts_with(v->name, "cobs.")) {
    check_cobs(v);
  } else if (starts_with(v->name, "level.")) {
    check_level(v);
  } else {
    CHECK(0, "%s (line %d): unknown vector kind", v->name, v->line);
  }
  vector_require_all_used(v);
}

int run_vector_tests(const char *path) {
  int count = vectors_each(path, visit);
  if (count > 0) {
    printf("vectors: %d badge frames encoded, %d host frames decoded, %d rejects, %d cobs, "
           "%d levels\n",
           frames_encoded, frames_decoded, rejects_checked, cobs_checked, levels_checked);
    CHECK(frames_encoded > 0 && frames_decoded > 0 && levels_checked > 0,
          "the vectors file lacks whole kinds of vectors");
  }
  return count;
}
