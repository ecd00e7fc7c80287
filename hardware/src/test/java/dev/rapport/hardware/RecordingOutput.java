package dev.rapport.hardware;

import java.util.ArrayList;
import java.util.List;

/** Records every write with the scheduler's time as "t:on" / "t:off" strings, easy to compare. */
public final class RecordingOutput implements BinaryOutput {
  private final HardwareScheduler clock;
  private final List<String> writes = new ArrayList<>();
  private boolean on;

  public RecordingOutput(HardwareScheduler clock) {
    this.clock = clock;
  }

  @Override
  public void set(boolean on) {
    this.on = on;
    writes.add(clock.nowMs() + ":" + (on ? "on" : "off"));
  }

  public boolean on() {
    return on;
  }

  public List<String> writes() {
    return writes;
  }
}
