package dev.rapport.gateway.cli;

import dev.rapport.gateway.session.SessionInfo;
import dev.rapport.gateway.session.SessionStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rapport sessions}: the recorded sessions with their duration, badges and size. */
@Command(
    name = "sessions",
    mixinStandardHelpOptions = true,
    description = "List recorded sessions with duration, badges and size.")
public final class SessionsCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  @Mixin DataDirOption data;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    SessionStore store = new SessionStore(data.dataDir());
    List<String> unreadable = new ArrayList<>();
    List<SessionInfo> sessions = store.list(unreadable);
    if (sessions.isEmpty() && unreadable.isEmpty()) {
      out.println("no sessions in " + store.root());
      return ExitCodes.OK;
    }
    out.printf("%-24s %-19s %10s %6s %10s%n", "SESSION", "STARTED", "DURATION", "BADGES", "SIZE");
    for (SessionInfo s : sessions) {
      String duration =
          s.stoppedMs() == null ? "running?" : formatDuration(s.stoppedMs() - s.startedMs());
      out.printf(
          "%-24s %-19s %10s %6d %10s%n",
          s.id(),
          TIME.format(Instant.ofEpochMilli(s.startedMs())),
          duration,
          s.participants().size(),
          formatBytes(store.recordingBytes(s.id())));
    }
    for (String problem : unreadable) {
      spec.commandLine().getErr().println("unreadable session " + problem);
    }
    out.flush();
    return unreadable.isEmpty() ? ExitCodes.OK : ExitCodes.BAD_INPUT;
  }

  static String formatDuration(long ms) {
    long s = ms / 1000;
    return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }

  static String formatBytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format("%.1f KiB", bytes / 1024.0);
    }
    return String.format("%.1f MiB", bytes / (1024.0 * 1024));
  }
}
