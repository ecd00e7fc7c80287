package dev.rapport.gateway.cli;

import dev.rapport.gateway.bench.BenchSuite;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rapport bench}: the synchrony engine's throughput, tick latency and allocation against a
 * straightforward Java recompute and numpy, in the same run, as Markdown (docs/performance.md was
 * made with it). A couple of minutes by default, well under one with {@code --quick}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    subcommands = BenchE2eCommand.class,
    description = {
      "Benchmark the synchrony engine against a Java recompute baseline and numpy.",
      "Prints Markdown tables; CPU figures are thread CPU time, latencies wall clock.",
      "'rapport bench e2e': end-to-end latency, badge frame in -> score at an MQTT subscriber."
    })
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "Fewer and shorter runs (under a minute).")
  boolean quick;

  @Option(
      names = "--badges",
      split = ",",
      paramLabel = "N,N,...",
      description = "Room sizes for the scaling table (default: 8,16,32,64,128; --quick: 8,64).")
  List<Integer> badges;

  @Option(names = "--no-numpy", description = "Do not run the numpy comparison.")
  boolean noNumpy;

  @Option(
      names = "--python",
      defaultValue = "python3",
      description = "Python with numpy (default: ${DEFAULT-VALUE}).")
  String python;

  @Option(
      names = "--numpy-script",
      defaultValue = "bench/numpy_wcc.py",
      paramLabel = "FILE",
      description =
          "The numpy implementation (default: ${DEFAULT-VALUE}, from the repository root).")
  Path numpyScript;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic room.")
  long seed;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    List<Integer> counts =
        badges != null ? badges : quick ? List.of(8, 64) : List.of(8, 16, 32, 64, 128);
    for (int n : counts) {
      if (n < 2 || n > 1024) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--badges must be 2..1024, badges=" + n);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    new BenchSuite(new BenchSuite.Options(quick, counts, !noNumpy, python, numpyScript, seed), out)
        .run();
    return ExitCodes.OK;
  }
}
