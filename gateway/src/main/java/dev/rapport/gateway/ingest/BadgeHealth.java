package dev.rapport.gateway.ingest;

import dev.rapport.badge.clock.SyncState;

/**
 * A snapshot of one badge's health for status messages, the dashboard and {@code rapport badges}.
 * Made on request (not per sample), so it is an ordinary immutable value.
 *
 * @param badgeId wire id (0x0001..0xfffe)
 * @param slot column on the grid
 * @param lastSeenNs gateway time of the newest frame, or {@link Long#MIN_VALUE} if none
 * @param framesReceived every frame, duplicates included
 * @param accelRateMilliHz accelerometer samples per second actually received, over the rate window,
 *     in milli-Hz
 * @param nominalAccelRateMilliHz the rate the HELLO declared, 0 before the HELLO
 * @param lossPercent frames lost on the link in percent of those the badge sent
 * @param lostFrames sequence numbers that never arrived (left the reorder window missing)
 * @param duplicateFrames dropped as duplicates
 * @param reorderedFrames arrived late but inside the reorder window, used
 * @param lateFrames behind the reorder window, dropped
 * @param batteryMv from the newest STATUS, -1 if none yet
 * @param batteryPercent 0..100, or -1 if unknown
 * @param syncState the clock alignment state
 * @param clockErrorNs the alignment's error bound now, {@link Long#MAX_VALUE} without a mapping
 * @param driftPpm the badge clock's rate error, NaN without a mapping
 * @param reboots reboots seen (HELLO) or detected (clock)
 * @param samplesPlaced accelerometer samples and microphone periods placed on the grid
 * @param samplesUnaligned samples dropped because their time was unknown or too uncertain
 * @param samplesLate samples dropped because their grid tick was already emitted
 * @param badgeDroppedSamples samples the badge itself could not send (from STATUS), accel + mic
 */
public record BadgeHealth(
    int badgeId,
    int slot,
    long lastSeenNs,
    long framesReceived,
    long accelRateMilliHz,
    long nominalAccelRateMilliHz,
    double lossPercent,
    long lostFrames,
    long duplicateFrames,
    long reorderedFrames,
    long lateFrames,
    int batteryMv,
    int batteryPercent,
    SyncState syncState,
    long clockErrorNs,
    double driftPpm,
    long reboots,
    long samplesPlaced,
    long samplesUnaligned,
    long samplesLate,
    long badgeDroppedSamples) {}
