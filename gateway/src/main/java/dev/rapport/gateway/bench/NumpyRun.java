package dev.rapport.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.gateway.sync.SyncConfig;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs bench/numpy_wcc.py (the same job in numpy) as a subprocess on the same synthetic streams,
 * single-threaded BLAS so it is compared with one Java thread, and reads its JSON answer.
 */
public final class NumpyRun {
  /** Timings of the numpy run, or why there are none. */
  public record Result(
      boolean ran,
      String reason,
      String numpyVersion,
      int hops,
      double cpuMsPerHop,
      double wallMsPerHop,
      long lastHopTick,
      double[] movementPeakR,
      int[] movementPeakLag) {

    static Result skipped(String reason) {
      return new Result(false, reason, "", 0, 0, 0, -1, new double[0], new int[0]);
    }
  }

  private NumpyRun() {}

  public static Result run(
      String python, Path script, SyncConfig config, SyntheticRoom room, long ticks, int hops)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(script)) {
      return Result.skipped("script not found at " + script.toAbsolutePath());
    }
    Path data = Files.createTempFile("rapport-bench-", ".bin");
    try {
      write(room, ticks, data);
      List<String> command =
          new ArrayList<>(
              List.of(
                  python,
                  script.toString(),
                  "--data",
                  data.toString(),
                  "--badges",
                  Integer.toString(room.badges()),
                  "--ticks",
                  Long.toString(ticks),
                  "--window",
                  Integer.toString(config.windowSamples()),
                  "--max-lag",
                  Integer.toString(config.maxLagSamples()),
                  "--hop",
                  Integer.toString(config.hopSamples()),
                  "--min-valid",
                  Integer.toString(config.minValidPairs()),
                  "--hops",
                  Integer.toString(hops)));
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().put("OPENBLAS_NUM_THREADS", "1");
      pb.environment().put("OMP_NUM_THREADS", "1");
      pb.environment().put("MKL_NUM_THREADS", "1");
      pb.redirectErrorStream(false);
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        return Result.skipped("cannot start " + python + ": " + e.getMessage());
      }
      byte[] out = process.getInputStream().readAllBytes();
      byte[] err = process.getErrorStream().readAllBytes();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return Result.skipped("numpy run timed out");
      }
      if (process.exitValue() != 0) {
        return Result.skipped(
            "numpy run failed (exit "
                + process.exitValue()
                + "): "
                + new String(err, StandardCharsets.UTF_8).strip());
      }
      JsonNode json = new ObjectMapper().readTree(out);
      if (json.has("error")) {
        return Result.skipped(json.get("error").asText());
      }
      JsonNode cpu = json.get("cpu_s_per_hop");
      JsonNode wall = json.get("wall_s_per_hop");
      // The first hop pays numpy's warm-up; average the others when there are any.
      int from = cpu.size() > 1 ? 1 : 0;
      double cpuSum = 0;
      double wallSum = 0;
      for (int i = from; i < cpu.size(); i++) {
        cpuSum += cpu.get(i).asDouble();
        wallSum += wall.get(i).asDouble();
      }
      int counted = cpu.size() - from;
      JsonNode rs = json.get("movement_peak_r");
      JsonNode lags = json.get("movement_peak_lag");
      double[] r = new double[rs.size()];
      int[] lag = new int[lags.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = rs.get(i).isNull() ? Double.NEGATIVE_INFINITY : rs.get(i).asDouble();
        lag[i] = lags.get(i).asInt();
      }
      return new Result(
          true,
          "",
          json.get("numpy").asText(),
          json.get("hops").asInt(),
          cpuSum * 1000 / counted,
          wallSum * 1000 / counted,
          json.get("last_hop_tick").asLong(),
          r,
          lag);
    } finally {
      Files.deleteIfExists(data);
    }
  }

  /** values[2][ticks][badges] as little-endian int32, then valid[2][ticks][badges] as bytes. */
  private static void write(SyntheticRoom room, long ticks, Path file) throws IOException {
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        DataOutputStream out = new DataOutputStream(os)) {
      for (int m = 0; m < 2; m++) {
        for (long t = 0; t < ticks; t++) {
          for (int b = 0; b < room.badges(); b++) {
            int v = m == 0 ? room.motion(b, t) : room.vocal(b, t);
            out.writeInt(Integer.reverseBytes(room.present(b, t) ? v : 0));
          }
        }
      }
      for (int m = 0; m < 2; m++) {
        for (long t = 0; t < ticks; t++) {
          for (int b = 0; b < room.badges(); b++) {
            out.writeByte(room.present(b, t) ? 1 : 0);
          }
        }
      }
    }
  }
}
