package dev.rapport.gateway.mqtt.brokers;

/** A real broker a test can stop and start again on the same port. */
public interface TestBroker extends AutoCloseable {
  int port();

  /** Starts, or starts again with the same port and persistence files. */
  void start() throws Exception;

  /** Takes the broker away while clients are connected (both brokers save their sessions). */
  void kill() throws Exception;

  default String uri() {
    return "tcp://127.0.0.1:" + port();
  }

  @Override
  default void close() throws Exception {
    kill();
  }
}
