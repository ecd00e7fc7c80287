package dev.rapport.gateway.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sessions under a gateway's data directory: {@code sessions/<id>/session.json} and {@code
 * sessions/<id>/recording/}. Metadata is written atomically (temp file, then rename).
 */
public final class SessionStore {
  public static final String METADATA_FILE = "session.json";
  public static final String RECORDING_DIR = "recording";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;

  public SessionStore(Path dataDir) {
    this.root = dataDir.resolve("sessions");
  }

  public Path root() {
    return root;
  }

  public Path directory(String sessionId) {
    return root.resolve(sessionId);
  }

  public Path recordingDirectory(String sessionId) {
    return directory(sessionId).resolve(RECORDING_DIR);
  }

  public void save(SessionInfo info) throws IOException {
    Path dir = directory(info.id());
    Files.createDirectories(dir);
    Path tmp = dir.resolve(METADATA_FILE + ".tmp");
    JSON.writeValue(tmp.toFile(), info);
    try {
      Files.move(tmp, dir.resolve(METADATA_FILE), StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(METADATA_FILE), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * @throws IOException naming the session when it does not exist or its metadata is unreadable
   */
  public SessionInfo load(String sessionId) throws IOException {
    Path file = directory(sessionId).resolve(METADATA_FILE);
    if (!Files.exists(file)) {
      throw new IOException(
          "no session '" + sessionId + "' in " + root + " (`rapport sessions` lists them)");
    }
    return JSON.readValue(file.toFile(), SessionInfo.class);
  }

  /**
   * Every session, oldest first; sessions whose metadata cannot be read are reported, not hidden.
   */
  public List<SessionInfo> list(List<String> unreadable) throws IOException {
    List<SessionInfo> sessions = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return sessions;
    }
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.sorted().toList()) {
        try {
          sessions.add(load(dir.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
          unreadable.add(dir.getFileName() + ": " + e.getMessage());
        }
      }
    }
    sessions.sort((a, b) -> Long.compare(a.startedMs(), b.startedMs()));
    return sessions;
  }

  /** Bytes on disk of a session's recording. */
  public long recordingBytes(String sessionId) throws IOException {
    Path dir = recordingDirectory(sessionId);
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      long total = 0;
      for (Path f : files.toList()) {
        total += Files.size(f);
      }
      return total;
    }
  }
}
