package dev.rapport.badge.sim;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Test sink keeping every link's bytes and, per chunk, its arrival time. */
final class WireCapture implements WireSink {
  /** One chunk as handed over: a frame with its delimiter, or the boot 0x00. */
  record Chunk(int link, long arrivalTimeUs, byte[] bytes) {}

  final List<Chunk> chunks = new ArrayList<>();
  private final ByteArrayOutputStream[] perLink;

  WireCapture(int links) {
    perLink = new ByteArrayOutputStream[links];
    for (int l = 0; l < links; l++) {
      perLink[l] = new ByteArrayOutputStream();
    }
  }

  @Override
  public void onWireBytes(int link, long arrivalTimeUs, byte[] buffer, int offset, int length) {
    byte[] copy = java.util.Arrays.copyOfRange(buffer, offset, offset + length);
    chunks.add(new Chunk(link, arrivalTimeUs, copy));
    perLink[link].write(buffer, offset, length);
  }

  byte[] bytes(int link) {
    return perLink[link].toByteArray();
  }
}
