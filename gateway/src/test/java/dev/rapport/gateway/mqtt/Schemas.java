package dev.rapport.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The JSON Schemas of docs/schemas, loaded from the repository the tests run in. */
public final class Schemas {
  public static final String DYAD = "dyad";
  public static final String BADGE_STATUS = "badge-status";
  public static final String GATEWAY_STATUS = "gateway-status";
  public static final String EVENT = "event";
  public static final String COMMAND = "command";
  public static final String COMMAND_RESULT = "command-result";

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

  private Schemas() {}

  static Path directory() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("docs/schemas");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("docs/schemas not found above " + Path.of("").toAbsolutePath());
  }

  static Schema schema(String name) {
    return CACHE.computeIfAbsent(
        name,
        n -> {
          try {
            return REGISTRY.getSchema(
                Files.readString(directory().resolve(n + ".schema.json")), InputFormat.JSON);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  public static List<Error> errors(String name, String json) {
    return schema(name).validate(json, InputFormat.JSON);
  }

  public static List<Error> errors(String name, byte[] json) {
    return errors(name, new String(json, StandardCharsets.UTF_8));
  }

  public static void assertValid(String name, byte[] json) {
    String text = new String(json, StandardCharsets.UTF_8);
    assertThat(errors(name, text)).as("%s against %s.schema.json", text, name).isEmpty();
  }
}
