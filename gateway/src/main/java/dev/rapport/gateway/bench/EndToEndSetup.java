package dev.rapport.gateway.bench;

/**
 * How an end-to-end run was set up, as printed in its report.
 *
 * @param maxInflight messages the publisher keeps unacknowledged (mqtt.max_inflight)
 * @param broker "embedded Moquette 0.17" or the external broker's URL
 * @param outboxFileSystem file system type holding the outbox (fsync cost depends on it)
 * @param samplesLate samples the grid refused over the whole run because they came later than the
 *     allowed lateness (the price of a shorter one)
 */
public record EndToEndSetup(
    int badges,
    int dyads,
    int gridRateHz,
    long windowMs,
    long maxLagMs,
    long hopMs,
    long allowedLatenessMs,
    String fsync,
    int maxInflight,
    String broker,
    String outboxFileSystem,
    long warmupMs,
    long durationMs,
    double loadAtStart,
    double loadAtEnd,
    long samplesLate) {}
