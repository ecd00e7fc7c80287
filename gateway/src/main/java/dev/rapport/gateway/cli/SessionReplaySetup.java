package dev.rapport.gateway.cli;

import dev.rapport.gateway.session.SessionInfo;
import dev.rapport.gateway.session.SessionParameters;
import dev.rapport.gateway.session.SessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code replay} and {@code export} share before the replay starts: the session's metadata,
 * its recording and the engine settings (the stored ones, or re-analysis overrides).
 */
final class SessionReplaySetup {
  final SessionStore store;
  final SessionInfo info;
  final Path recordingDirectory;
  final SessionParameters.Resolved resolved;

  private SessionReplaySetup(
      SessionStore store,
      SessionInfo info,
      Path recordingDirectory,
      SessionParameters.Resolved resolved) {
    this.store = store;
    this.info = info;
    this.recordingDirectory = recordingDirectory;
    this.resolved = resolved;
  }

  /**
   * @return null when the session or its recording does not exist (the reason is printed)
   * @throws InputException when the stored parameters are unusable
   * @throws CommandLine.ParameterException when the overrides are
   */
  static SessionReplaySetup load(
      CommandSpec spec, Path dataDir, String sessionId, SessionParameters.Overrides overrides)
      throws IOException {
    SessionStore store = new SessionStore(dataDir);
    String command = spec.commandLine().getCommandName();
    if (!sessionId.matches("[A-Za-z0-9_.-]{1,64}")
        || !Files.exists(store.directory(sessionId).resolve(SessionStore.METADATA_FILE))) {
      spec.commandLine()
          .getErr()
          .println(
              command
                  + ": no session '"
                  + sessionId
                  + "' in "
                  + store.root()
                  + " (`rapport sessions --data-dir "
                  + dataDir
                  + "` lists them)");
      return null;
    }
    SessionInfo info;
    try {
      info = store.load(sessionId);
    } catch (IOException e) {
      throw new InputException(
          "session metadata unreadable: "
              + store.directory(sessionId).resolve(SessionStore.METADATA_FILE)
              + ": "
              + e.getMessage(),
          e);
    }
    Path recording = store.recordingDirectory(sessionId);
    if (store.recordingBytes(sessionId) == 0) {
      spec.commandLine()
          .getErr()
          .println(command + ": session '" + sessionId + "' has no recording in " + recording);
      return null;
    }
    SessionParameters.Resolved resolved;
    try {
      resolved = SessionParameters.settings(info.parameters(), overrides);
    } catch (IllegalArgumentException e) {
      if (overrides.any()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "parameters not usable: " + e.getMessage());
      }
      throw new InputException(
          "stored parameters of session " + sessionId + " not usable: " + e.getMessage(), e);
    }
    return new SessionReplaySetup(store, info, recording, resolved);
  }
}
