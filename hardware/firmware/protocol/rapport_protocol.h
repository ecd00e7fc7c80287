/*
 * Rapport badge wire protocol, version 1: the portable part of a badge firmware (docs/protocol.md).
 *
 * C99, no heap, no global state, no I/O: everything works on caller-owned buffers, so the same
 * files build for a microcontroller and for the host unit tests (make test), which hold them to the
 * protocol's golden vectors (docs/protocol-vectors.txt). All integers on the wire are
 * little-endian; the helpers below write them byte by byte, so host endianness does not matter.
 *
 * On the wire a frame is COBS(header | payload | crc32c) followed by one 0x00 delimiter:
 *
 *   offset 0        1      2..3        4..5        6..9        10..          last 4
 *         +--------+------+-----------+-----------+-----------+-----------+------------+
 *         |version | type | badge id  | sequence  | tick      | payload   | CRC-32C    |
 *         |  u8    |  u8  | u16 LE    | u16 LE    | u32 LE    | by type   | u32 LE     |
 *         +--------+------+-----------+-----------+-----------+-----------+------------+
 */
#ifndef RAPPORT_PROTOCOL_H
#define RAPPORT_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RAPPORT_PROTOCOL_VERSION 1u
#define RAPPORT_HEADER_LENGTH 10u
#define RAPPORT_CRC_LENGTH 4u
#define RAPPORT_MAX_PAYLOAD_LENGTH 240u
/* Header + payload + CRC before COBS: at most 254, so COBS adds exactly one byte. */
#define RAPPORT_MAX_FRAME_LENGTH (RAPPORT_HEADER_LENGTH + RAPPORT_MAX_PAYLOAD_LENGTH + RAPPORT_CRC_LENGTH)
#define RAPPORT_MIN_FRAME_LENGTH (RAPPORT_HEADER_LENGTH + RAPPORT_CRC_LENGTH)
/* COBS form plus the 0x00 delimiter: any frame fits a 256-byte buffer. */
#define RAPPORT_MAX_WIRE_LENGTH (RAPPORT_MAX_FRAME_LENGTH + 2u)

/* Frame types (byte 1). Bit 7 set: host to badge. */
#define RAPPORT_TYPE_HELLO 0x01u
#define RAPPORT_TYPE_ACCEL 0x02u
#define RAPPORT_TYPE_MIC_ENERGY 0x03u
#define RAPPORT_TYPE_STATUS 0x04u
#define RAPPORT_TYPE_TIME_SYNC_RESPONSE 0x05u
#define RAPPORT_TYPE_ACK 0x06u
#define RAPPORT_TYPE_NACK 0x07u
#define RAPPORT_TYPE_TIME_SYNC_REQUEST 0x81u
#define RAPPORT_TYPE_COMMAND 0x82u
#define RAPPORT_TYPE_HOST_TO_BADGE_BIT 0x80u

/* Badge ids. 0 is "unassigned", 0xFFFF addresses every badge on a link. */
#define RAPPORT_BADGE_ID_UNASSIGNED 0x0000u
#define RAPPORT_BADGE_ID_BROADCAST 0xFFFFu

/* HELLO capability bits. */
#define RAPPORT_CAPABILITY_ACCEL 0x01u
#define RAPPORT_CAPABILITY_MIC 0x02u
#define RAPPORT_CAPABILITY_BATTERY 0x04u
#define RAPPORT_CAPABILITY_IDENTIFY 0x08u

/* STATUS flag bits (bit 7 reserved, sent as 0). */
#define RAPPORT_STATUS_ACCEL_STREAMING 0x01u
#define RAPPORT_STATUS_MIC_STREAMING 0x02u
#define RAPPORT_STATUS_CHARGING 0x04u
#define RAPPORT_STATUS_EXTERNAL_POWER 0x08u
#define RAPPORT_STATUS_LOW_BATTERY 0x10u
#define RAPPORT_STATUS_SENSOR_FAULT 0x20u
#define RAPPORT_STATUS_IDENTIFYING 0x40u
#define RAPPORT_BATTERY_PERCENT_UNKNOWN 0xFFu

/* Batch limits: what fits RAPPORT_MAX_PAYLOAD_LENGTH. */
#define RAPPORT_ACCEL_FIXED_PAYLOAD 13u
#define RAPPORT_ACCEL_MAX_SAMPLES 37u
#define RAPPORT_MIC_FIXED_PAYLOAD 7u
#define RAPPORT_MIC_MAX_LEVELS 116u
#define RAPPORT_MIC_LEVEL_NOT_MEASURED 0xFFFFu
#define RAPPORT_MIC_MAX_LEVEL_CENTI_DB 9031u

/* COMMAND opcodes (byte 14 of a COMMAND) and stream bits. */
#define RAPPORT_OP_START_STREAMING 0x01u
#define RAPPORT_OP_STOP_STREAMING 0x02u
#define RAPPORT_OP_SET_ACCEL 0x03u
#define RAPPORT_OP_SET_MIC_PERIOD 0x04u
#define RAPPORT_OP_IDENTIFY 0x05u
#define RAPPORT_OP_SYNC_TIME 0x06u
#define RAPPORT_OP_REQUEST_STATUS 0x07u
#define RAPPORT_OP_REQUEST_HELLO 0x08u
#define RAPPORT_STREAM_ACCEL 0x01u
#define RAPPORT_STREAM_MIC 0x02u

/* ACK status and NACK reason codes. */
#define RAPPORT_ACK_DONE 0x00u
#define RAPPORT_ACK_DUPLICATE 0x01u
#define RAPPORT_NACK_UNKNOWN_OPCODE 0x01u
#define RAPPORT_NACK_BAD_ARGUMENT_LENGTH 0x02u
#define RAPPORT_NACK_UNSUPPORTED_VALUE 0x03u
#define RAPPORT_NACK_BUSY 0x04u
#define RAPPORT_NACK_LOW_BATTERY 0x05u
#define RAPPORT_NACK_NOT_SUPPORTED 0x06u
#define RAPPORT_NACK_INTERNAL_ERROR 0xFFu

/* ---- little-endian field access ---- */
void rapport_put_u16(uint8_t *p, uint16_t v);
void rapport_put_u32(uint8_t *p, uint32_t v);
uint16_t rapport_get_u16(const uint8_t *p);
uint32_t rapport_get_u32(const uint8_t *p);
int64_t rapport_get_i64(const uint8_t *p);

/* ---- CRC-32C (Castagnoli, reflected 0x82F63B78, init and xorout 0xFFFFFFFF) ---- */
uint32_t rapport_crc32c(const uint8_t *data, size_t length);

/* ---- COBS ---- */
/* Encodes length bytes (no delimiter appended); returns bytes written. dst needs
 * length + length / 254 + 1 bytes. */
size_t rapport_cobs_encode(const uint8_t *src, size_t length, uint8_t *dst);
/* Decodes one COBS block sequence (no 0x00 inside); returns bytes written, or -1 if invalid. */
long rapport_cobs_decode(const uint8_t *src, size_t length, uint8_t *dst, size_t dst_capacity);

/* ---- badge to host: payloads and frames ---- */
typedef struct {
  uint16_t badge_id;
  uint16_t seq;  /* per badge, wraps 65535 -> 0 */
  uint32_t tick; /* badge clock when the frame was built, wraps */
} rapport_header_t;

typedef struct {
  uint8_t fw_major, fw_minor, fw_patch, hw_revision;
  uint32_t tick_rate_hz;
  uint32_t accel_rate_millihz;
  uint32_t accel_scale_nano_g; /* per LSB */
  uint16_t mic_period_ms;
  uint8_t accel_range_g;
  uint8_t capabilities; /* RAPPORT_CAPABILITY_* */
} rapport_hello_t;

typedef struct {
  uint32_t first_sample_tick;
  uint32_t sample_rate_millihz;
  uint32_t scale_nano_g; /* per LSB */
  uint8_t sample_count;  /* 1..RAPPORT_ACCEL_MAX_SAMPLES */
  const int16_t *xyz;    /* sample_count triples x, y, z, interleaved as a sensor FIFO gives them */
} rapport_accel_t;

typedef struct {
  uint32_t first_period_tick;
  uint16_t period_ms;
  uint8_t count; /* 1..RAPPORT_MIC_MAX_LEVELS */
  const uint16_t *levels_centi_db;
} rapport_mic_energy_t;

typedef struct {
  uint16_t battery_mv;
  uint8_t battery_percent; /* 0..100 or RAPPORT_BATTERY_PERCENT_UNKNOWN */
  uint8_t flags;           /* RAPPORT_STATUS_* */
  uint32_t dropped_accel_samples;
  uint32_t dropped_mic_periods;
} rapport_status_t;

typedef struct {
  uint32_t correlation_id;
  uint32_t receive_tick; /* t1: tick when the request's delimiter arrived */
  uint32_t send_tick;    /* t2: tick when the response leaves */
} rapport_time_sync_response_t;

typedef struct {
  uint32_t correlation_id;
  uint8_t opcode;
  uint8_t code; /* RAPPORT_ACK_* for ACK, RAPPORT_NACK_* for NACK */
} rapport_reply_t;

/* Each writes one payload into payload[RAPPORT_MAX_PAYLOAD_LENGTH] and returns its length, or 0
 * when a value breaks the protocol (a count out of range, a level above 9031). */
size_t rapport_hello_payload(uint8_t *payload, const rapport_hello_t *hello);
size_t rapport_accel_payload(uint8_t *payload, const rapport_accel_t *accel);
size_t rapport_mic_energy_payload(uint8_t *payload, const rapport_mic_energy_t *mic);
size_t rapport_status_payload(uint8_t *payload, const rapport_status_t *status);
size_t rapport_time_sync_response_payload(uint8_t *payload, const rapport_time_sync_response_t *r);
size_t rapport_reply_payload(uint8_t *payload, const rapport_reply_t *reply);

/* Builds header + payload + CRC, COBS-encodes it and appends the 0x00 delimiter into wire.
 * Returns the bytes to send, or 0 if payload_length exceeds the maximum or wire_capacity is too
 * small (RAPPORT_MAX_WIRE_LENGTH always suffices). */
size_t rapport_frame_encode(uint8_t type, const rapport_header_t *header, const uint8_t *payload,
                            size_t payload_length, uint8_t *wire, size_t wire_capacity);

/* ---- host to badge: the streaming command decoder ---- */
typedef enum {
  RAPPORT_DECODE_NOTHING = 0, /* byte consumed, no frame complete */
  RAPPORT_DECODE_FRAME,       /* a frame for this badge is in decoder->frame */
  RAPPORT_DECODE_REJECTED     /* a frame ended but was rejected; see the counters */
} rapport_decode_result_t;

typedef struct {
  uint32_t frames;        /* frames accepted */
  uint32_t cobs_errors;   /* invalid COBS between two delimiters */
  uint32_t crc_errors;    /* CRC mismatch */
  uint32_t too_short;     /* fewer than header + CRC bytes */
  uint32_t oversized;     /* more than RAPPORT_MAX_WIRE_LENGTH bytes before a delimiter */
  uint32_t bad_version;   /* version byte not 1 */
  uint32_t wrong_direction; /* a badge-to-host frame arrived at the badge */
  uint32_t not_for_us;    /* addressed to another badge (normal on a shared link) */
  uint32_t bad_length;    /* payload shorter than the type's fixed part */
  uint32_t unknown_type;  /* a host-to-badge type this version does not know */
} rapport_decoder_counters_t;

typedef struct {
  uint8_t type; /* RAPPORT_TYPE_TIME_SYNC_REQUEST or RAPPORT_TYPE_COMMAND */
  uint16_t badge_id;
  uint16_t seq;
  uint32_t tick;
  uint32_t correlation_id;
  /* COMMAND only: */
  uint8_t opcode;
  uint8_t argument_length;
  const uint8_t *arguments; /* points into the decoder; valid until the next push */
  /* 0 when the opcode is known and its arguments complete, else the NACK reason to answer with
   * (RAPPORT_NACK_UNKNOWN_OPCODE, RAPPORT_NACK_BAD_ARGUMENT_LENGTH). */
  uint8_t nack_reason;
  /* Arguments of known opcodes, decoded when nack_reason is 0. */
  uint8_t streams;
  uint32_t accel_rate_millihz;
  uint8_t accel_range_g;
  uint16_t mic_period_ms;
  uint16_t identify_duration_ms;
  int64_t host_unix_ms;
} rapport_command_t;

typedef struct {
  uint16_t own_badge_id; /* frames for this id or broadcast are accepted */
  uint8_t accept_any_badge; /* nonzero: a dongle or test that takes frames for every id */
  uint16_t wire_length;  /* bytes since the last delimiter */
  uint8_t overflowed;
  uint8_t wire[RAPPORT_MAX_WIRE_LENGTH];
  uint8_t raw[RAPPORT_MAX_FRAME_LENGTH];
  rapport_command_t frame;
  rapport_decoder_counters_t counters;
} rapport_decoder_t;

void rapport_decoder_init(rapport_decoder_t *decoder, uint16_t own_badge_id);
/* Feeds one received byte. Never fails on input: damage is counted, and decoding resumes at the
 * next 0x00. For TIME_SYNC, read the badge tick as soon as this returns RAPPORT_DECODE_FRAME. */
rapport_decode_result_t rapport_decoder_push(rapport_decoder_t *decoder, uint8_t byte);
/* Argument bytes an opcode needs, or -1 for an opcode this version does not define. */
int rapport_opcode_argument_length(uint8_t opcode);

/* ---- microphone level: PCM in, one number out ---- */
/* Accumulates one period of 16-bit PCM sample by sample (or block by block, straight from the DMA
 * buffer), keeping only three integers: the samples themselves are never stored. */
typedef struct {
  uint32_t samples;
  int64_t sum;
  int64_t sum_of_squares;
} rapport_mic_accumulator_t;

#define RAPPORT_MIC_MAX_SAMPLES_PER_PERIOD 65536u

void rapport_mic_reset(rapport_mic_accumulator_t *acc);
/* Adds count samples; returns 0, or -1 if the period would exceed 65536 samples. */
int rapport_mic_add(rapport_mic_accumulator_t *acc, const int16_t *pcm, size_t count);
/* The period's level, round(1000 * log10(P)) with P the mean square after removing the mean, in
 * hundredths of a dB above 1 LSB^2 (0..9031; P < 1 gives 0), or RAPPORT_MIC_LEVEL_NOT_MEASURED for
 * an empty period. Resets the accumulator for the next period. */
uint16_t rapport_mic_finish(rapport_mic_accumulator_t *acc);

#ifdef __cplusplus
}
#endif

#endif /* RAPPORT_PROTOCOL_H */
