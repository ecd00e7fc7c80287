/* Badge-to-host payloads and the frame encoder (docs/protocol.md, one section per frame type). */
#include <string.h>

#include "rapport_protocol.h"

size_t rapport_hello_payload(uint8_t *payload, const rapport_hello_t *hello) {
  payload[0] = hello->fw_major;
  payload[1] = hello->fw_minor;
  payload[2] = hello->fw_patch;
  payload[3] = hello->hw_revision;
  rapport_put_u32(payload + 4, hello->tick_rate_hz);
  rapport_put_u32(payload + 8, hello->accel_rate_millihz);
  rapport_put_u32(payload + 12, hello->accel_scale_nano_g);
  rapport_put_u16(payload + 16, hello->mic_period_ms);
  payload[18] = hello->accel_range_g;
  payload[19] = hello->capabilities;
  return 20;
}

size_t rapport_accel_payload(uint8_t *payload, const rapport_accel_t *accel) {
  size_t i;
  uint8_t *sample;
  if (accel->sample_count < 1 || accel->sample_count > RAPPORT_ACCEL_MAX_SAMPLES) {
    return 0;
  }
  rapport_put_u32(payload, accel->first_sample_tick);
  rapport_put_u32(payload + 4, accel->sample_rate_millihz);
  rapport_put_u32(payload + 8, accel->scale_nano_g);
  payload[12] = accel->sample_count;
  sample = payload + RAPPORT_ACCEL_FIXED_PAYLOAD;
  for (i = 0; i < 3u * accel->sample_count; i++) {
    /* int16 -> uint16 is defined modulo 2^16: the two's complement bytes. */
    rapport_put_u16(sample + 2 * i, (uint16_t)accel->xyz[i]);
  }
  return RAPPORT_ACCEL_FIXED_PAYLOAD + 6u * accel->sample_count;
}

size_t rapport_mic_energy_payload(uint8_t *payload, const rapport_mic_energy_t *mic) {
  size_t i;
  if (mic->count < 1 || mic->count > RAPPORT_MIC_MAX_LEVELS) {
    return 0;
  }
  rapport_put_u32(payload, mic->first_period_tick);
  rapport_put_u16(payload + 4, mic->period_ms);
  payload[6] = mic->count;
  for (i = 0; i < mic->count; i++) {
    uint16_t level = mic->levels_centi_db[i];
    if (level > RAPPORT_MIC_MAX_LEVEL_CENTI_DB && level != RAPPORT_MIC_LEVEL_NOT_MEASURED) {
      return 0;
    }
    rapport_put_u16(payload + RAPPORT_MIC_FIXED_PAYLOAD + 2 * i, level);
  }
  return RAPPORT_MIC_FIXED_PAYLOAD + 2u * mic->count;
}

size_t rapport_status_payload(uint8_t *payload, const rapport_status_t *status) {
  if (status->battery_percent > 100 && status->battery_percent != RAPPORT_BATTERY_PERCENT_UNKNOWN) {
    return 0;
  }
  rapport_put_u16(payload, status->battery_mv);
  payload[2] = status->battery_percent;
  payload[3] = status->flags; /* bit 7 is reserved: callers leave it 0 */
  rapport_put_u32(payload + 4, status->dropped_accel_samples);
  rapport_put_u32(payload + 8, status->dropped_mic_periods);
  return 12;
}

size_t rapport_time_sync_response_payload(uint8_t *payload, const rapport_time_sync_response_t *r) {
  rapport_put_u32(payload, r->correlation_id);
  rapport_put_u32(payload + 4, r->receive_tick);
  rapport_put_u32(payload + 8, r->send_tick);
  return 12;
}

size_t rapport_reply_payload(uint8_t *payload, const rapport_reply_t *reply) {
  rapport_put_u32(payload, reply->correlation_id);
  payload[4] = reply->opcode;
  payload[5] = reply->code;
  return 6;
}

size_t rapport_frame_encode(uint8_t type, const rapport_header_t *header, const uint8_t *payload,
                            size_t payload_length, uint8_t *wire, size_t wire_capacity) {
  uint8_t raw[RAPPORT_MAX_FRAME_LENGTH];
  size_t raw_length;
  size_t wire_length;
  if (payload_length > RAPPORT_MAX_PAYLOAD_LENGTH || wire_capacity < RAPPORT_MAX_WIRE_LENGTH) {
    return 0;
  }
  raw[0] = RAPPORT_PROTOCOL_VERSION;
  raw[1] = type;
  rapport_put_u16(raw + 2, header->badge_id);
  rapport_put_u16(raw + 4, header->seq);
  rapport_put_u32(raw + 6, header->tick);
  if (payload_length > 0) {
    memcpy(raw + RAPPORT_HEADER_LENGTH, payload, payload_length);
  }
  raw_length = RAPPORT_HEADER_LENGTH + payload_length;
  rapport_put_u32(raw + raw_length, rapport_crc32c(raw, raw_length));
  raw_length += RAPPORT_CRC_LENGTH;
  wire_length = rapport_cobs_encode(raw, raw_length, wire);
  wire[wire_length++] = 0x00;
  return wire_length;
}
