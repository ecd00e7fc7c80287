package dev.rapport.gateway.mqtt.outbox;

/**
 * One message waiting in the outbox, as read back for sending.
 *
 * @param index position in the outbox, increasing by one per append; acknowledge it when the broker
 *     has the message
 * @param seq the per-topic sequence number the payload carries, or -1 for unsequenced topics
 * @param createdMs wall-clock time of the append, for latency figures
 */
public record OutboxRecord(
    long index,
    String topic,
    int qos,
    boolean retained,
    long seq,
    long createdMs,
    byte[] payload) {}
