// Board part of the reference badge: Seeed Studio XIAO nRF52840 Sense with the "Seeed nRF52
// mbed-enabled Boards" Arduino core (board "Seeed XIAO BLE Sense - nRF52840"). Everything that
// depends on this board lives here; docs/hardware.md lists the parts and the wiring.
#ifndef RAPPORT_BOARD_H
#define RAPPORT_BOARD_H

#include <Arduino.h>

// Identity reported in HELLO.
static const uint8_t FIRMWARE_MAJOR = 0;
static const uint8_t FIRMWARE_MINOR = 1;
static const uint8_t FIRMWARE_PATCH = 0;
static const uint8_t HARDWARE_REVISION = 1;

// Badge clock: micros(), 1 MHz, wraps every 71.6 minutes (the protocol expects wrapping ticks).
static const uint32_t TICK_RATE_HZ = 1000000UL;

// LSM6DS3TR-C on the internal I2C bus. 0.122 mg/LSB at +-4 g (datasheet table 3).
static const uint8_t IMU_I2C_ADDRESS = 0x6A;
static const uint32_t DEFAULT_ACCEL_RATE_MILLIHZ = 52000UL;
static const uint8_t DEFAULT_ACCEL_RANGE_G = 4;

// PDM microphone: 16 kHz mono, levels per 100 ms period.
static const uint32_t MIC_SAMPLE_RATE_HZ = 16000UL;
static const uint16_t DEFAULT_MIC_PERIOD_MS = 100;

// Battery: 1 MOhm / 510 kOhm divider on P0.31 (PIN_VBAT), enabled by driving P0.14 low.
// 3.3 V reference, 12-bit ADC: mV = raw * 3300 * (1510 / 510) / 4096.
static const uint32_t BATTERY_DIVIDER_NUM = 1510UL;
static const uint32_t BATTERY_DIVIDER_DEN = 510UL;
static const uint16_t LOW_BATTERY_MV = 3500;

// The user LED (active low) blinks on IDENTIFY.
static const int IDENTIFY_LED_PIN = LED_BUILTIN;
static const int IDENTIFY_LED_ON = LOW;

#endif
