/* The badge's streaming decoder for host-to-badge frames (TIME_SYNC_REQUEST, COMMAND). */
#include <string.h>

#include "rapport_protocol.h"

#define COMMAND_FIXED_PAYLOAD 5u
#define TIME_SYNC_REQUEST_PAYLOAD 4u

void rapport_decoder_init(rapport_decoder_t *decoder, uint16_t own_badge_id) {
  memset(decoder, 0, sizeof(*decoder));
  decoder->own_badge_id = own_badge_id;
}

int rapport_opcode_argument_length(uint8_t opcode) {
  switch (opcode) {
    case RAPPORT_OP_START_STREAMING:
    case RAPPORT_OP_STOP_STREAMING:
      return 1;
    case RAPPORT_OP_SET_ACCEL:
      return 5;
    case RAPPORT_OP_SET_MIC_PERIOD:
    case RAPPORT_OP_IDENTIFY:
      return 2;
    case RAPPORT_OP_SYNC_TIME:
      return 8;
    case RAPPORT_OP_REQUEST_STATUS:
    case RAPPORT_OP_REQUEST_HELLO:
      return 0;
    default:
      return -1;
  }
}

static void parse_arguments(rapport_command_t *c) {
  int needed = rapport_opcode_argument_length(c->opcode);
  const uint8_t *a = c->arguments;
  if (needed < 0) {
    c->nack_reason = RAPPORT_NACK_UNKNOWN_OPCODE;
    return;
  }
  if (c->argument_length < needed) {
    c->nack_reason = RAPPORT_NACK_BAD_ARGUMENT_LENGTH;
    return;
  }
  /* Extra argument bytes are a newer host's extension: ignored, as for every fixed layout. */
  switch (c->opcode) {
    case RAPPORT_OP_START_STREAMING:
    case RAPPORT_OP_STOP_STREAMING:
      c->streams = a[0];
      break;
    case RAPPORT_OP_SET_ACCEL:
      c->accel_rate_millihz = rapport_get_u32(a);
      c->accel_range_g = a[4];
      break;
    case RAPPORT_OP_SET_MIC_PERIOD:
      c->mic_period_ms = rapport_get_u16(a);
      break;
    case RAPPORT_OP_IDENTIFY:
      c->identify_duration_ms = rapport_get_u16(a);
      break;
    case RAPPORT_OP_SYNC_TIME:
      c->host_unix_ms = rapport_get_i64(a);
      break;
    default:
      break;
  }
}

/* Checks one complete raw frame (COBS removed) and fills decoder->frame. */
static rapport_decode_result_t accept_raw(rapport_decoder_t *d, size_t raw_length) {
  const uint8_t *raw = d->raw;
  rapport_command_t *c = &d->frame;
  size_t payload_length;
  uint16_t badge_id;
  if (raw_length < RAPPORT_MIN_FRAME_LENGTH) {
    d->counters.too_short++;
    return RAPPORT_DECODE_REJECTED;
  }
  if (rapport_crc32c(raw, raw_length - RAPPORT_CRC_LENGTH) !=
      rapport_get_u32(raw + raw_length - RAPPORT_CRC_LENGTH)) {
    d->counters.crc_errors++;
    return RAPPORT_DECODE_REJECTED;
  }
  if (raw[0] != RAPPORT_PROTOCOL_VERSION) {
    d->counters.bad_version++;
    return RAPPORT_DECODE_REJECTED;
  }
  if ((raw[1] & RAPPORT_TYPE_HOST_TO_BADGE_BIT) == 0) {
    /* Another badge's frame echoed on a shared link, or a loopback: not a command. */
    d->counters.wrong_direction++;
    return RAPPORT_DECODE_REJECTED;
  }
  badge_id = rapport_get_u16(raw + 2);
  if (!d->accept_any_badge && badge_id != d->own_badge_id &&
      badge_id != RAPPORT_BADGE_ID_BROADCAST) {
    d->counters.not_for_us++;
    return RAPPORT_DECODE_REJECTED;
  }
  payload_length = raw_length - RAPPORT_HEADER_LENGTH - RAPPORT_CRC_LENGTH;
  memset(c, 0, sizeof(*c));
  c->type = raw[1];
  c->badge_id = badge_id;
  c->seq = rapport_get_u16(raw + 4);
  c->tick = rapport_get_u32(raw + 6);
  switch (c->type) {
    case RAPPORT_TYPE_TIME_SYNC_REQUEST:
      if (payload_length < TIME_SYNC_REQUEST_PAYLOAD) {
        d->counters.bad_length++;
        return RAPPORT_DECODE_REJECTED;
      }
      c->correlation_id = rapport_get_u32(raw + RAPPORT_HEADER_LENGTH);
      break;
    case RAPPORT_TYPE_COMMAND:
      if (payload_length < COMMAND_FIXED_PAYLOAD) {
        d->counters.bad_length++;
        return RAPPORT_DECODE_REJECTED;
      }
      c->correlation_id = rapport_get_u32(raw + RAPPORT_HEADER_LENGTH);
      c->opcode = raw[RAPPORT_HEADER_LENGTH + 4];
      c->arguments = raw + RAPPORT_HEADER_LENGTH + COMMAND_FIXED_PAYLOAD;
      c->argument_length = (uint8_t)(payload_length - COMMAND_FIXED_PAYLOAD);
      parse_arguments(c);
      break;
    default:
      d->counters.unknown_type++;
      return RAPPORT_DECODE_REJECTED;
  }
  d->counters.frames++;
  return RAPPORT_DECODE_FRAME;
}

rapport_decode_result_t rapport_decoder_push(rapport_decoder_t *d, uint8_t byte) {
  long raw_length;
  if (byte != 0x00) {
    if (d->wire_length < RAPPORT_MAX_WIRE_LENGTH - 1u) {
      d->wire[d->wire_length++] = byte;
    } else if (!d->overflowed) {
      /* Too long to be a frame: drop everything up to the next delimiter, counted once. */
      d->overflowed = 1;
      d->counters.oversized++;
    }
    return RAPPORT_DECODE_NOTHING;
  }
  if (d->overflowed) {
    d->overflowed = 0;
    d->wire_length = 0;
    return RAPPORT_DECODE_REJECTED;
  }
  if (d->wire_length == 0) {
    /* Back-to-back delimiters: senders may send a 0x00 first to flush a receiver. */
    return RAPPORT_DECODE_NOTHING;
  }
  raw_length = rapport_cobs_decode(d->wire, d->wire_length, d->raw, sizeof(d->raw));
  d->wire_length = 0;
  if (raw_length < 0) {
    d->counters.cobs_errors++;
    return RAPPORT_DECODE_REJECTED;
  }
  return accept_raw(d, (size_t)raw_length);
}
