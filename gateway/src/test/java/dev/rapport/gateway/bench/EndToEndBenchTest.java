package dev.rapport.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.gateway.cli.RapportCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Proves the end-to-end measurement sound on a short run of the real gateway (8 simulated badges,
 * embedded broker, a real Paho subscriber): every dyad message of every measured hop reaches the
 * subscriber and is matched to the probe's stamps, and the latencies are ordered as the pipeline
 * is. Speed is not asserted: that is what the bench reports.
 */
class EndToEndBenchTest {
  private static final int BADGES = 8;
  private static final int DYADS = BADGES * (BADGES - 1) / 2;

  @Test
  void shouldMatchEveryDyadMessageOfEveryMeasuredHopToItsProbeStamps(@TempDir Path dir)
      throws Exception {
    EndToEndBench.Options options =
        new EndToEndBench.Options(
            BADGES, 1, 0, 3_000, null, 2_000, 400, 400, 500, "batch", 64, dir.resolve("data"));
    StringWriter progress = new StringWriter();

    EndToEndResult r = new EndToEndBench(options, new PrintWriter(progress)).run();

    assertThat(r.hops()).as("hops of 400 ms in 3 s measured; %s", progress).isBetween(6, 9);
    assertThat(r.minDyadsPerHop()).isEqualTo(DYADS);
    assertThat(r.maxDyadsPerHop()).isEqualTo(DYADS);
    assertThat(r.emitted()).isEqualTo((long) r.hops() * DYADS);
    assertThat(r.matched()).isEqualTo(r.emitted());
    assertThat(r.unmatchedArrivals()).isZero();
    assertThat(r.unreadable()).isZero();
    // A tick closes without any sample only when every frame for it came later than the allowed
    // lateness (the room's thread starved on a loaded machine): the grid must then have counted
    // them as late; such a window has no newest frame to time from.
    if (r.ticksWithoutFrame() > 0) {
      assertThat(r.setup().samplesLate()).as("late samples behind empty ticks").isPositive();
    }
    assertThat(r.samples()).hasSize((int) r.matched());
    assertThat(r.frameToSubscriber().getTotalCount())
        .isEqualTo(r.matched() - r.ticksWithoutFrame());
    assertThat(r.emitToSubscriber().getTotalCount()).isEqualTo(r.matched());
    for (EndToEndResult.Sample s : r.samples()) {
      assertThat(s.emitToSubscriberNs()).as("emit -> subscriber of %s", s).isPositive();
      if (s.frameToSubscriberNs() != Long.MIN_VALUE) {
        assertThat(s.frameToSubscriberNs())
            .as("frame -> subscriber of %s", s)
            .isGreaterThanOrEqualTo(s.emitToSubscriberNs());
      }
    }
    for (EndToEndResult.Stage stage : r.stages()) {
      assertThat(stage.histogram().getTotalCount())
          .as(stage.name())
          .isBetween(r.matched() - r.ticksWithoutFrame(), r.matched());
    }

    StringWriter markdown = new StringWriter();
    new EndToEndReport(new PrintWriter(markdown)).print(r);
    assertThat(markdown.toString())
        .contains("| frame -> subscriber | " + r.frameToSubscriber().getTotalCount() + " |")
        .contains("| emit -> subscriber | " + r.matched() + " |");
  }

  @Test
  void shouldRejectBrokerWithoutPort() {
    CommandLine cli = RapportCli.newCommandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("bench", "e2e", "--broker", "localhost");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--broker must be HOST:PORT, broker=localhost");
  }
}
