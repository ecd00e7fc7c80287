package dev.rapport.gateway.session;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Names and lists the files of one recording: {@code rec-000001.rrec}, in write order. */
final class RecordingFiles {
  private RecordingFiles() {}

  static String name(int index) {
    return String.format("rec-%06d%s", index, RecordLayout.FILE_SUFFIX);
  }

  static List<Path> list(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(p -> p.getFileName().toString().matches("rec-\\d{6}\\.rrec"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  static void syncDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some file systems refuse fsync on directories; the file data itself is still synced.
      System.getLogger(RecordingFiles.class.getName())
          .log(System.Logger.Level.DEBUG, "directory fsync not supported for " + directory, e);
    }
  }
}
