package dev.rapport.badge.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads docs/protocol-vectors.txt, found by walking up from the working directory to the repository
 * root, so tests run the same from the module, the root, or an IDE.
 */
public final class GoldenVectorFile {
  public static final String RELATIVE_PATH = "docs/protocol-vectors.txt";

  /** One line: {@code name | hex | fields}. */
  public record Vector(String name, int lineNumber, byte[] bytes, Map<String, String> fields) {
    public boolean isFrame() {
      return name.startsWith("frame.");
    }

    public boolean isReject() {
      return name.startsWith("reject.");
    }

    public boolean isCobs() {
      return name.startsWith("cobs.");
    }

    public boolean isLevel() {
      return name.startsWith("level.");
    }

    @Override
    public String toString() {
      return name + " (line " + lineNumber + ")";
    }
  }

  private GoldenVectorFile() {}

  public static Path locate() {
    Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    while (dir != null) {
      final Path candidate = dir.resolve(RELATIVE_PATH);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "vector file not found walking up from user.dir=" + System.getProperty("user.dir"));
  }

  public static List<Vector> load() {
    return parse(locate());
  }

  static List<Vector> parse(Path file) {
    final List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read vectors, file=" + file, e);
    }
    final List<Vector> vectors = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      final String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      final String[] parts = line.split("\\|", -1);
      if (parts.length != 3) {
        throw new IllegalArgumentException(
            "vector line needs 3 fields separated by |, line="
                + (i + 1)
                + ", parts="
                + parts.length);
      }
      vectors.add(
          new Vector(
              parts[0].strip(),
              i + 1,
              Hex.parse(parts[1].strip()),
              CapturedFrame.parseFields(parts[2])));
    }
    return vectors;
  }
}
