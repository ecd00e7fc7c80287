package dev.rapport.gateway.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Prints an {@link EndToEndResult} as Markdown, in the style of {@code rapport bench}. */
public final class EndToEndReport {
  private final PrintWriter out;

  public EndToEndReport(PrintWriter out) {
    this.out = out;
  }

  public void print(EndToEndResult r) throws IOException {
    EndToEndSetup s = r.setup();
    out.printf(
        Locale.ROOT,
        "## End-to-end latency: %d badges (%d dyads), %s%n%n",
        s.badges(),
        s.dyads(),
        s.broker());
    out.printf(
        Locale.ROOT,
        "- Machine: %s, %d cores available to the JVM; JVM: %s %s%n"
            + "- load average %.2f at the start, %.2f at the end; this JVM (gateway + subscriber)"
            + " used %.2f cores during the measurement%n"
            + "- grid %d Hz, window %s, max lag %s, hop %s, allowed lateness %s;"
            + " outbox fsync `%s` on %s, max in-flight %d; samples later than the allowed lateness (whole run): %d%n"
            + "- measured %.1f s after the first full window + %s warm-up: %d hops,"
            + " %d..%d dyad messages per hop, %.0f messages/s%n"
            + "- received %d of %d (missing %d), duplicates %d, unmatched %d, unreadable %d,"
            + " without a stamped frame %d, negative spans %d%n%n",
        cpu(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        s.loadAtStart(),
        s.loadAtEnd(),
        r.processCpuNs() / (double) r.measuredNs(),
        s.gridRateHz(),
        ms(s.windowMs()),
        ms(s.maxLagMs()),
        ms(s.hopMs()),
        ms(s.allowedLatenessMs()),
        s.fsync(),
        s.outboxFileSystem(),
        s.maxInflight(),
        s.samplesLate(),
        r.measuredNs() / 1e9,
        ms(s.warmupMs()),
        r.hops(),
        r.minDyadsPerHop(),
        r.maxDyadsPerHop(),
        r.messagesPerSecond(),
        r.matched(),
        r.emitted(),
        r.missing(),
        r.duplicates(),
        r.unmatchedArrivals(),
        r.unreadable(),
        r.ticksWithoutFrame(),
        r.negativeSpans());
    out.println("| latency (ms) | count | p50 | p90 | p99 | p99.9 | max |");
    out.println("|---|---:|---:|---:|---:|---:|---:|");
    row("frame -> subscriber", r.frameToSubscriber());
    row("emit -> subscriber", r.emitToSubscriber());
    out.println();
    out.println(
        "Before the gateway (not in the rows above): the window's last grid tick ended, its");
    out.println("newest frame came in this much later (badge batching, link delay):");
    out.println();
    out.println("| latency (ms) | count | p50 | p90 | p99 | p99.9 | max |");
    out.println("|---|---:|---:|---:|---:|---:|---:|");
    row("tick end -> newest frame in", r.newestFrameAfterTick());
    out.println();
    out.println("Where frame -> subscriber goes (each row over the same messages):");
    out.println();
    out.println("| stage | what | count | p50 | p90 | p99 | p99.9 | max |");
    out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    for (EndToEndResult.Stage stage : r.stages()) {
      out.printf(Locale.ROOT, "| %s | %s ", stage.name(), stage.meaning());
      cells(stage.histogram());
    }
    out.println();
    out.flush();
  }

  private void row(String name, Histogram h) {
    out.printf(Locale.ROOT, "| %s ", name);
    cells(h);
  }

  private void cells(Histogram h) {
    out.printf(
        Locale.ROOT,
        "| %d | %s | %s | %s | %s | %s |%n",
        h.getTotalCount(),
        ms(h, 50),
        ms(h, 90),
        ms(h, 99),
        ms(h, 99.9),
        h.getTotalCount() == 0 ? "-" : format(h.getMaxValue()));
  }

  private static String ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? "-" : format(h.getValueAtPercentile(percentile));
  }

  private static String format(long ns) {
    double ms = ns / 1e6;
    return String.format(Locale.ROOT, ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%.0f", ms);
  }

  private static String ms(long ms) {
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }

  private static String cpu() throws IOException {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      for (String line : Files.readAllLines(cpuinfo)) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    }
    return System.getProperty("os.arch");
  }
}
