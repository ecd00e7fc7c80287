/* Little-endian field access, CRC-32C and COBS: the framing layer of docs/protocol.md. */
#include "rapport_protocol.h"

void rapport_put_u16(uint8_t *p, uint16_t v) {
  p[0] = (uint8_t)(v & 0xFFu);
  p[1] = (uint8_t)(v >> 8);
}

void rapport_put_u32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v & 0xFFu);
  p[1] = (uint8_t)((v >> 8) & 0xFFu);
  p[2] = (uint8_t)((v >> 16) & 0xFFu);
  p[3] = (uint8_t)(v >> 24);
}

uint16_t rapport_get_u16(const uint8_t *p) {
  return (uint16_t)(p[0] | ((uint16_t)p[1] << 8));
}

uint32_t rapport_get_u32(const uint8_t *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

int64_t rapport_get_i64(const uint8_t *p) {
  uint64_t v = (uint64_t)rapport_get_u32(p) | ((uint64_t)rapport_get_u32(p + 4) << 32);
  /* Two's complement without implementation-defined conversion of values above INT64_MAX. */
  if (v > (uint64_t)INT64_MAX) {
    return -(int64_t)(~v) - 1;
  }
  return (int64_t)v;
}

/* Bitwise CRC-32C: 256 bytes of table would be faster, but a badge sends under 1 KB/s and flash
 * is scarcer than cycles; 8 shifts per byte cost about 2 us per frame on a 64 MHz Cortex-M4. */
uint32_t rapport_crc32c(const uint8_t *data, size_t length) {
  uint32_t crc = 0xFFFFFFFFu;
  size_t i;
  int k;
  for (i = 0; i < length; i++) {
    crc ^= data[i];
    for (k = 0; k < 8; k++) {
      crc = (crc & 1u) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
    }
  }
  return ~crc;
}

size_t rapport_cobs_encode(const uint8_t *src, size_t length, uint8_t *dst) {
  size_t code_index = 0;
  size_t write = 1;
  uint8_t code = 1;
  size_t i;
  for (i = 0; i < length; i++) {
    if (src[i] == 0) {
      dst[code_index] = code;
      code_index = write++;
      code = 1;
    } else {
      dst[write++] = src[i];
      code++;
      if (code == 0xFFu) {
        /* A full 254-byte block implies no zero; the next block starts after it, but only if
         * there is more data (no empty trailing block). */
        dst[code_index] = code;
        code = 1;
        code_index = write;
        if (i + 1 < length) {
          write++;
        }
      }
    }
  }
  if (code_index < write) {
    dst[code_index] = code;
  }
  return write;
}

long rapport_cobs_decode(const uint8_t *src, size_t length, uint8_t *dst, size_t dst_capacity) {
  size_t read = 0;
  size_t write = 0;
  while (read < length) {
    uint8_t code = src[read++];
    uint8_t k;
    if (code == 0 || read + code - 1u > length) {
      return -1;
    }
    for (k = 1; k < code; k++) {
      if (src[read] == 0 || write >= dst_capacity) {
        return -1;
      }
      dst[write++] = src[read++];
    }
    if (code != 0xFFu && read < length) {
      if (write >= dst_capacity) {
        return -1;
      }
      dst[write++] = 0;
    }
  }
  return (long)write;
}
