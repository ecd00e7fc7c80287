package dev.rapport.gateway.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external command to completion and keeps its exit code and output, for the IT. */
record Command(int exitCode, String stdout, String stderr) {
  private static final long TIMEOUT_S = 60;

  static Command run(Path workDir, Map<String, String> environment, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(workDir.toFile());
    builder.environment().putAll(environment);
    Path out = Files.createTempFile("cmd", ".out");
    Path err = Files.createTempFile("cmd", ".err");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run " + command[0] + " (is it installed? see scripts/install-deps)", e);
    }
    if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out after " + TIMEOUT_S + " s: " + String.join(" ", command));
    }
    Command result =
        new Command(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return result;
  }

  /** Runs and insists on exit code 0, returning stdout. */
  static String check(Path workDir, String... command) throws IOException, InterruptedException {
    Command result = run(workDir, Map.of(), command);
    if (result.exitCode != 0) {
      throw new AssertionError(
          String.join(" ", command)
              + " exited "
              + result.exitCode
              + "\nstdout: "
              + result.stdout
              + "\nstderr: "
              + result.stderr);
    }
    return result.stdout;
  }
}
