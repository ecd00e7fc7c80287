package dev.rapport.gateway.mqtt.outbox;

/**
 * A snapshot of the outbox counters, published in the gateway status. Counters run since the outbox
 * was opened; pending values are what is on disk now.
 *
 * @param enqueued records appended
 * @param delivered records the broker acknowledged
 * @param droppedBudget undelivered records deleted because the disk budget was full
 * @param redelivered records handed to the network again after a reconnect or restart
 * @param pendingRecords records not yet acknowledged
 * @param pendingBytes bytes of all segment files (delivered records leave with their segment)
 * @param budgetBytes the configured budget
 */
public record OutboxMetrics(
    long enqueued,
    long delivered,
    long droppedBudget,
    long redelivered,
    long pendingRecords,
    long pendingBytes,
    long budgetBytes) {}
