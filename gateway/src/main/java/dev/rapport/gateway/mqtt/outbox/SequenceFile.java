package dev.rapport.gateway.mqtt.outbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last sequence number used per topic, as JSON ({@code {"topic": seq, ...}}) so an operator can
 * read it. Written before a segment is deleted and at close: together with the records still on
 * disk it always covers every number ever used, so a number is never handed out twice.
 */
final class SequenceFile {
  static final String NAME = "sequences.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, Long>> TYPE = new TypeReference<>() {};

  private SequenceFile() {}

  static void write(Path directory, Map<String, Long> lastSeqByTopic, boolean force)
      throws IOException {
    byte[] bytes =
        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new TreeMap<>(lastSeqByTopic));
    DurableFiles.replace(directory.resolve(NAME), bytes, force);
  }

  /**
   * @throws IOException when the file exists but cannot be read or parsed: the caller must say so
   *     loudly, because numbers may then repeat
   */
  static Map<String, Long> read(Path directory) throws IOException {
    try {
      byte[] bytes = Files.readAllBytes(directory.resolve(NAME));
      TreeMap<String, Long> map = JSON.readValue(bytes, TYPE);
      return map == null ? new TreeMap<>() : map;
    } catch (NoSuchFileException e) {
      return new TreeMap<>();
    }
  }
}
