package dev.rapport.gateway.mqtt;

import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;

/**
 * Lets the embedded broker refuse publishes while it drains before a stop: a refused QoS 1 publish
 * gets no PUBACK, so the publisher keeps it (in our case in its outbox) and sends it again after
 * the restart. Everything is allowed otherwise (the broker is anonymous and loopback by default).
 */
final class WriteGate implements IAuthorizatorPolicy {
  private volatile boolean closed;

  void close() {
    closed = true;
  }

  @Override
  public boolean canWrite(Topic topic, String user, String client) {
    return !closed;
  }

  @Override
  public boolean canRead(Topic topic, String user, String client) {
    return true;
  }
}
