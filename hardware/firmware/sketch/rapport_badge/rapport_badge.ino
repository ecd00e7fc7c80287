// Rapport reference badge firmware (sketch).
//
// Streams 3-axis acceleration and microphone LEVELS (never audio) to the Rapport gateway over USB
// serial and Bluetooth LE, answers TIME_SYNC and COMMAND frames, and reports its battery.
// Everything on the wire goes through the portable protocol part in ../../protocol (copied into
// src/ by `make sketch`), which the gateway's build tests against docs/protocol-vectors.txt.
//
// Board: Seeed XIAO nRF52840 Sense (see board.h). Libraries: ArduinoBLE, Seeed Arduino LSM6DS3,
// PDM (part of the board core). Build: `make -C hardware/firmware sketch`, then open this folder
// in the Arduino IDE (or arduino-cli compile --fqbn Seeeduino:mbed:xiaonRF52840Sense).

#include <ArduinoBLE.h>
#include <LSM6DS3.h>
#include <PDM.h>
#include <Wire.h>

#include "board.h"
#include "src/rapport_protocol.h"

// ---- protocol constants of the BLE mapping (docs/protocol.md, "BLE mapping") ----
static const char *SERVICE_UUID = "a5b0f001-7261-7070-6f72-742d62616467";
static const char *TX_NOTIFY_UUID = "a5b0f002-7261-7070-6f72-742d62616467";
static const char *RX_WRITE_UUID = "a5b0f003-7261-7070-6f72-742d62616467";
static const uint16_t MANUFACTURER_ID = 0xFFFF;
// Notifications of the default ATT MTU (23) carry 20 bytes; frames span notifications freely.
static const size_t BLE_CHUNK_BYTES = 20;

static const uint32_t STATUS_INTERVAL_MS = 10000;
static const uint8_t ACCEL_BATCH_SAMPLES = 13; // 250 ms at 52 Hz: 4 frames per second
static const uint8_t MIC_BATCH_LEVELS = 10;    // 1 s at 100 ms periods

BLEService rapportService(SERVICE_UUID);
BLECharacteristic txCharacteristic(TX_NOTIFY_UUID, BLENotify, BLE_CHUNK_BYTES);
BLECharacteristic rxCharacteristic(RX_WRITE_UUID, BLEWriteWithoutResponse | BLEWrite, 244);
LSM6DS3 imu(I2C_MODE, IMU_I2C_ADDRESS);

// ---- badge state ----
static uint16_t badgeId;
static uint16_t sequence;
static uint8_t streams = RAPPORT_STREAM_ACCEL | RAPPORT_STREAM_MIC; // stream from boot
static uint32_t accelRateMilliHz = DEFAULT_ACCEL_RATE_MILLIHZ;
static uint8_t accelRangeG = DEFAULT_ACCEL_RANGE_G;
static uint16_t micPeriodMs = DEFAULT_MIC_PERIOD_MS;
static uint32_t identifyUntilMs;
static bool identifying;
static bool sensorFault;
static uint32_t droppedAccelSamples;
static uint32_t droppedMicPeriods;
static uint32_t lastStatusMs;
static int64_t hostUnixMsAtSync; // SYNC_TIME: kept for local use only; the gateway never relies on it
static uint32_t tickAtSync;

// One decoder and one duplicate filter per link: the links are separate byte streams.
struct Link {
  rapport_decoder_t decoder;
  uint32_t lastCorrelationId;
  bool hasLast;
};
static Link serialLink;
static Link bleLink;

// ---- accelerometer batch ----
static int16_t accelXyz[3 * RAPPORT_ACCEL_MAX_SAMPLES];
static uint8_t accelCount;
static uint32_t accelFirstTick;

// ---- microphone: the PDM callback copies into this block; the loop folds it into the period's
// three integers and the next block overwrites it. No other copy of the sound exists. ----
static int16_t pcmBlock[256];
static volatile int pcmBlockBytes;
static rapport_mic_accumulator_t micAccumulator;
static uint32_t micPeriodSamples;
static uint32_t micPeriodFirstTick;
static uint16_t micLevels[RAPPORT_MIC_MAX_LEVELS];
static uint8_t micCount;
static uint32_t micBatchFirstTick;

static uint32_t receiveTick; // t1 of the TIME_SYNC being answered: when its delimiter arrived

static uint32_t nowTick() { return micros(); }

// Defined further down; declared here so the file reads top-down.
static uint32_t accelScaleNanoG(uint8_t rangeG);
static const uint8_t *advertisement(uint8_t percent);

// ---- sending ----
static bool sendFrame(uint8_t type, const uint8_t *payload, size_t payloadLength) {
  uint8_t wire[RAPPORT_MAX_WIRE_LENGTH];
  rapport_header_t header = {badgeId, sequence, nowTick()};
  size_t n = rapport_frame_encode(type, &header, payload, payloadLength, wire, sizeof(wire));
  bool sent = false;
  if (n == 0) {
    return false;
  }
  sequence++; // wraps 65535 -> 0 as the protocol says
  if (Serial) { // a host has the USB port open (DTR set)
    Serial.write(wire, n);
    sent = true;
  }
  if (BLE.connected() && txCharacteristic.subscribed()) {
    for (size_t off = 0; off < n; off += BLE_CHUNK_BYTES) {
      size_t chunk = n - off < BLE_CHUNK_BYTES ? n - off : BLE_CHUNK_BYTES;
      txCharacteristic.writeValue(wire + off, chunk);
    }
    sent = true;
  }
  return sent;
}

static void sendHello() {
  uint8_t payload[RAPPORT_MAX_PAYLOAD_LENGTH];
  rapport_hello_t hello;
  hello.fw_major = FIRMWARE_MAJOR;
  hello.fw_minor = FIRMWARE_MINOR;
  hello.fw_patch = FIRMWARE_PATCH;
  hello.hw_revision = HARDWARE_REVISION;
  hello.tick_rate_hz = TICK_RATE_HZ;
  hello.accel_rate_millihz = accelRateMilliHz;
  hello.accel_scale_nano_g = accelScaleNanoG(accelRangeG);
  hello.mic_period_ms = micPeriodMs;
  hello.accel_range_g = accelRangeG;
  hello.capabilities = RAPPORT_CAPABILITY_ACCEL | RAPPORT_CAPABILITY_MIC |
                       RAPPORT_CAPABILITY_BATTERY | RAPPORT_CAPABILITY_IDENTIFY;
  sendFrame(RAPPORT_TYPE_HELLO, payload, rapport_hello_payload(payload, &hello));
}

static uint16_t batteryMv() {
  digitalWrite(P0_14, LOW); // connect the divider only while measuring: it drains 2.8 uA
  delayMicroseconds(50);
  uint32_t raw = analogRead(PIN_VBAT);
  digitalWrite(P0_14, HIGH);
  return (uint16_t)(raw * 3300UL * BATTERY_DIVIDER_NUM / BATTERY_DIVIDER_DEN / 4096UL);
}

// Rough LiPo state of charge from resting voltage; the gateway shows mV too.
static uint8_t batteryPercent(uint16_t mv) {
  static const uint16_t curveMv[] = {3300, 3600, 3700, 3750, 3800, 3900, 4000, 4100, 4200};
  static const uint8_t curvePercent[] = {0, 5, 15, 30, 45, 60, 75, 90, 100};
  if (mv <= curveMv[0]) return 0;
  for (int i = 1; i < 9; i++) {
    if (mv <= curveMv[i]) {
      return curvePercent[i - 1] +
             (uint8_t)((uint32_t)(mv - curveMv[i - 1]) * (curvePercent[i] - curvePercent[i - 1]) /
                       (curveMv[i] - curveMv[i - 1]));
    }
  }
  return 100;
}

static void sendStatus() {
  uint8_t payload[RAPPORT_MAX_PAYLOAD_LENGTH];
  rapport_status_t status;
  status.battery_mv = batteryMv();
  status.battery_percent = batteryPercent(status.battery_mv);
  status.flags = (uint8_t)((streams & RAPPORT_STREAM_ACCEL ? RAPPORT_STATUS_ACCEL_STREAMING : 0) |
                           (streams & RAPPORT_STREAM_MIC ? RAPPORT_STATUS_MIC_STREAMING : 0) |
                           (status.battery_mv < LOW_BATTERY_MV ? RAPPORT_STATUS_LOW_BATTERY : 0) |
                           (sensorFault ? RAPPORT_STATUS_SENSOR_FAULT : 0) |
                           (identifying ? RAPPORT_STATUS_IDENTIFYING : 0));
  status.dropped_accel_samples = droppedAccelSamples;
  status.dropped_mic_periods = droppedMicPeriods;
  sendFrame(RAPPORT_TYPE_STATUS, payload, rapport_status_payload(payload, &status));
  BLE.setManufacturerData(advertisement(status.battery_percent), 6);
}

static const uint8_t *advertisement(uint8_t percent) {
  static uint8_t data[6];
  data[0] = (uint8_t)(MANUFACTURER_ID & 0xFF); // company id, little-endian
  data[1] = (uint8_t)(MANUFACTURER_ID >> 8);
  data[2] = RAPPORT_PROTOCOL_VERSION;
  data[3] = (uint8_t)(badgeId & 0xFF);
  data[4] = (uint8_t)(badgeId >> 8);
  data[5] = percent;
  return data;
}

static void reply(uint8_t type, const rapport_command_t *c, uint8_t code) {
  uint8_t payload[RAPPORT_MAX_PAYLOAD_LENGTH];
  rapport_reply_t r = {c->correlation_id, c->opcode, code};
  sendFrame(type, payload, rapport_reply_payload(payload, &r));
}

// ---- sensors ----
static uint32_t accelScaleNanoG(uint8_t rangeG) {
  switch (rangeG) { // LSM6DS3 sensitivity, datasheet table 3
    case 2: return 61000;
    case 4: return 122000;
    case 8: return 244000;
    default: return 488000; // 16 g
  }
}

static bool accelSettingSupported(uint32_t rateMilliHz, uint8_t rangeG) {
  bool rateOk = rateMilliHz == 13000 || rateMilliHz == 26000 || rateMilliHz == 52000 ||
                rateMilliHz == 104000;
  bool rangeOk = rangeG == 2 || rangeG == 4 || rangeG == 8 || rangeG == 16;
  return rateOk && rangeOk;
}

static bool configureImu() {
  imu.settings.gyroEnabled = 0; // the gyroscope would triple the IMU's current
  imu.settings.accelEnabled = 1;
  imu.settings.accelRange = accelRangeG;
  imu.settings.accelSampleRate = (uint16_t)(accelRateMilliHz / 1000);
  imu.settings.accelBandWidth = 50;
  return imu.begin() == 0;
}

static void flushAccel() {
  if (accelCount == 0) return;
  uint8_t payload[RAPPORT_MAX_PAYLOAD_LENGTH];
  rapport_accel_t a = {accelFirstTick, accelRateMilliHz, accelScaleNanoG(accelRangeG), accelCount,
                       accelXyz};
  if (!sendFrame(RAPPORT_TYPE_ACCEL, payload, rapport_accel_payload(payload, &a))) {
    droppedAccelSamples += accelCount; // measured but no link took it: STATUS reports it
  }
  accelCount = 0;
}

static void pollAccel() {
  uint8_t status = 0;
  if (!(streams & RAPPORT_STREAM_ACCEL)) return;
  if (imu.readRegister(&status, LSM6DS3_ACC_GYRO_STATUS_REG) != 0) {
    sensorFault = true;
    return;
  }
  if (!(status & 0x01)) return; // XLDA: no new sample yet
  if (accelCount == 0) accelFirstTick = nowTick();
  accelXyz[3 * accelCount] = imu.readRawAccelX();
  accelXyz[3 * accelCount + 1] = imu.readRawAccelY();
  accelXyz[3 * accelCount + 2] = imu.readRawAccelZ();
  if (++accelCount == ACCEL_BATCH_SAMPLES) flushAccel();
}

static void onPdmData() {
  int bytes = PDM.available();
  if (bytes > (int)sizeof(pcmBlock)) bytes = sizeof(pcmBlock);
  PDM.read(pcmBlock, bytes);
  pcmBlockBytes = bytes;
}

static void flushMic() {
  if (micCount == 0) return;
  uint8_t payload[RAPPORT_MAX_PAYLOAD_LENGTH];
  rapport_mic_energy_t m = {micBatchFirstTick, micPeriodMs, micCount, micLevels};
  if (!sendFrame(RAPPORT_TYPE_MIC_ENERGY, payload, rapport_mic_energy_payload(payload, &m))) {
    droppedMicPeriods += micCount;
  }
  micCount = 0;
}

static void pollMic() {
  int bytes;
  noInterrupts();
  bytes = pcmBlockBytes;
  pcmBlockBytes = 0;
  interrupts();
  if (bytes == 0 || !(streams & RAPPORT_STREAM_MIC)) return;
  uint32_t samplesPerPeriod = MIC_SAMPLE_RATE_HZ * micPeriodMs / 1000;
  size_t count = (size_t)bytes / 2;
  size_t used = 0;
  while (used < count) {
    if (micPeriodSamples == 0) micPeriodFirstTick = nowTick();
    size_t take = count - used;
    if (take > samplesPerPeriod - micPeriodSamples) take = samplesPerPeriod - micPeriodSamples;
    rapport_mic_add(&micAccumulator, pcmBlock + used, take);
    used += take;
    micPeriodSamples += take;
    if (micPeriodSamples == samplesPerPeriod) {
      if (micCount == 0) micBatchFirstTick = micPeriodFirstTick;
      micLevels[micCount++] = rapport_mic_finish(&micAccumulator);
      micPeriodSamples = 0;
      if (micCount == MIC_BATCH_LEVELS) flushMic();
    }
  }
}

// ---- commands ----
static void execute(Link &link, const rapport_command_t *c) {
  if (c->type == RAPPORT_TYPE_TIME_SYNC_REQUEST) {
    uint8_t payload[RAPPORT_MAX_PAYLOAD_LENGTH];
    rapport_time_sync_response_t r;
    r.correlation_id = c->correlation_id;
    r.receive_tick = receiveTick;
    r.send_tick = nowTick();
    sendFrame(RAPPORT_TYPE_TIME_SYNC_RESPONSE, payload,
              rapport_time_sync_response_payload(payload, &r));
    return;
  }
  if (c->nack_reason != 0) {
    reply(RAPPORT_TYPE_NACK, c, c->nack_reason);
    return;
  }
  // Retries carry the same correlation id: acknowledge again, do not run twice.
  if (link.hasLast && link.lastCorrelationId == c->correlation_id) {
    reply(RAPPORT_TYPE_ACK, c, RAPPORT_ACK_DUPLICATE);
    return;
  }
  switch (c->opcode) {
    case RAPPORT_OP_START_STREAMING:
      streams |= c->streams & (RAPPORT_STREAM_ACCEL | RAPPORT_STREAM_MIC);
      break;
    case RAPPORT_OP_STOP_STREAMING:
      if (c->streams & RAPPORT_STREAM_ACCEL) flushAccel();
      if (c->streams & RAPPORT_STREAM_MIC) flushMic();
      streams &= (uint8_t)~c->streams;
      break;
    case RAPPORT_OP_SET_ACCEL:
      if (!accelSettingSupported(c->accel_rate_millihz, c->accel_range_g)) {
        reply(RAPPORT_TYPE_NACK, c, RAPPORT_NACK_UNSUPPORTED_VALUE);
        return;
      }
      flushAccel(); // a batch has one rate and scale
      accelRateMilliHz = c->accel_rate_millihz;
      accelRangeG = c->accel_range_g;
      if (!configureImu()) {
        sensorFault = true;
        reply(RAPPORT_TYPE_NACK, c, RAPPORT_NACK_INTERNAL_ERROR);
        return;
      }
      break;
    case RAPPORT_OP_SET_MIC_PERIOD:
      if (c->mic_period_ms < 10 || c->mic_period_ms > 4000) {
        reply(RAPPORT_TYPE_NACK, c, RAPPORT_NACK_UNSUPPORTED_VALUE);
        return;
      }
      flushMic();
      rapport_mic_reset(&micAccumulator);
      micPeriodSamples = 0;
      micPeriodMs = c->mic_period_ms;
      break;
    case RAPPORT_OP_IDENTIFY:
      identifying = c->identify_duration_ms > 0;
      identifyUntilMs = millis() + c->identify_duration_ms;
      break;
    case RAPPORT_OP_SYNC_TIME:
      hostUnixMsAtSync = c->host_unix_ms;
      tickAtSync = nowTick();
      break;
    default: // REQUEST_STATUS, REQUEST_HELLO: answered after the ACK
      break;
  }
  link.lastCorrelationId = c->correlation_id;
  link.hasLast = true;
  reply(RAPPORT_TYPE_ACK, c, RAPPORT_ACK_DONE);
  if (c->opcode == RAPPORT_OP_REQUEST_STATUS) sendStatus();
  if (c->opcode == RAPPORT_OP_REQUEST_HELLO) sendHello();
}

static void receive(Link &link, uint8_t byte) {
  if (rapport_decoder_push(&link.decoder, byte) == RAPPORT_DECODE_FRAME) {
    receiveTick = nowTick();
    execute(link, &link.decoder.frame);
  }
}

static void onRxWritten(BLEDevice, BLECharacteristic characteristic) {
  const uint8_t *data = characteristic.value();
  int length = characteristic.valueLength();
  for (int i = 0; i < length; i++) receive(bleLink, data[i]);
}

static void onConnected(BLEDevice) { sendHello(); }

// ---- setup and loop ----
static uint16_t deviceBadgeId() {
  // A stable id from the chip's factory id, avoiding 0 (unassigned) and 0xFFFF (broadcast).
  uint32_t id = NRF_FICR->DEVICEID[0] ^ NRF_FICR->DEVICEID[1];
  uint16_t folded = (uint16_t)(id ^ (id >> 16));
  return folded == 0 || folded == 0xFFFF ? 0x0001 : folded;
}

void setup() {
  badgeId = deviceBadgeId();
  rapport_decoder_init(&serialLink.decoder, badgeId);
  rapport_decoder_init(&bleLink.decoder, badgeId);
  rapport_mic_reset(&micAccumulator);
  pinMode(IDENTIFY_LED_PIN, OUTPUT);
  digitalWrite(IDENTIFY_LED_PIN, !IDENTIFY_LED_ON);
  pinMode(P0_14, OUTPUT);
  digitalWrite(P0_14, HIGH);
  analogReadResolution(12);
  Serial.begin(115200); // USB CDC: the baud rate is nominal

  sensorFault = !configureImu();
  PDM.onReceive(onPdmData);
  PDM.setBufferSize(sizeof(pcmBlock));
  if (!PDM.begin(1, MIC_SAMPLE_RATE_HZ)) sensorFault = true;

  if (BLE.begin()) {
    char name[16];
    snprintf(name, sizeof(name), "RAPPORT-%04X", badgeId);
    BLE.setLocalName(name);
    BLE.setDeviceName(name);
    BLE.setAdvertisedService(rapportService);
    rapportService.addCharacteristic(txCharacteristic);
    rapportService.addCharacteristic(rxCharacteristic);
    BLE.addService(rapportService);
    rxCharacteristic.setEventHandler(BLEWritten, onRxWritten);
    BLE.setEventHandler(BLEConnected, onConnected);
    BLE.setManufacturerData(advertisement(RAPPORT_BATTERY_PERCENT_UNKNOWN), 6);
    BLE.advertise();
  }
  sendHello();
}

void loop() {
  BLE.poll();
  while (Serial.available() > 0) receive(serialLink, (uint8_t)Serial.read());
  pollAccel();
  pollMic();
  uint32_t nowMs = millis();
  if (nowMs - lastStatusMs >= STATUS_INTERVAL_MS) {
    lastStatusMs = nowMs;
    sendStatus();
  }
  if (identifying) {
    bool blinkOn = (nowMs / 150) % 2 == 0;
    digitalWrite(IDENTIFY_LED_PIN, blinkOn ? IDENTIFY_LED_ON : !IDENTIFY_LED_ON);
    if ((int32_t)(nowMs - identifyUntilMs) >= 0) {
      identifying = false;
      digitalWrite(IDENTIFY_LED_PIN, !IDENTIFY_LED_ON);
    }
  }
}
