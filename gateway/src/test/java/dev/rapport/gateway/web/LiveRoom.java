package dev.rapport.gateway.web;

import java.util.List;

/**
 * Something that serves the dashboard with a live room behind it: {@link DemoRoom}, i.e. {@code
 * rapport demo} run in-process, or any other source (a replayed session, a real gateway). The
 * browser test only sees this interface, so switching the source is one line in the test.
 */
interface LiveRoom extends AutoCloseable {
  /** Starts a room whose dashboard listens on 127.0.0.1:{@code port} (0 = any free port). */
  @FunctionalInterface
  interface Factory {
    LiveRoom start(int port) throws Exception;
  }

  /** The dashboard's address, e.g. {@code http://127.0.0.1:41234/}. */
  String url();

  int port();

  /** Badge ids in the room, in the dashboard's order (string order). */
  List<String> badges();

  /** Marker labels the gateway received from the dashboard, oldest first. */
  List<String> markersReceived();

  /** Stops serving; the port is free again when this returns. */
  @Override
  void close() throws Exception;
}
