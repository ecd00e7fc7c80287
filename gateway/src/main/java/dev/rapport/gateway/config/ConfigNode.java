package dev.rapport.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A typed, path-aware view of one YAML mapping. Every read names its key, supplies the default used
 * when the key is absent, and checks the value, so errors read like {@code mqtt.keepalive: value -3
 * is not allowed (allowed: 1..3600 seconds)}. {@link #finish()} rejects keys nobody asked for,
 * which catches typos that would otherwise be silently ignored.
 *
 * <p>String values may name environment variables as {@code ${NAME}} or {@code ${NAME:-default}} so
 * that secrets (broker passwords) stay out of the file.
 */
public final class ConfigNode {
  private static final Pattern ENV_REFERENCE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final String path;
  private final JsonNode node;
  private final Function<String, String> environment;
  private final Set<String> readKeys = new LinkedHashSet<>();

  ConfigNode(String path, JsonNode node, Function<String, String> environment) {
    this.path = path;
    this.node = node == null ? MissingNode.getInstance() : node;
    this.environment = environment;
    if (!this.node.isMissingNode() && !this.node.isNull() && !this.node.isObject()) {
      throw new ConfigException(
          path, "expected a mapping of keys to values, found " + describe(this.node));
    }
  }

  public String path() {
    return path;
  }

  public String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  public boolean has(String name) {
    readKeys.add(name);
    JsonNode value = node.get(name);
    return value != null && !value.isNull();
  }

  public ConfigNode section(String name) {
    readKeys.add(name);
    return new ConfigNode(key(name), node.get(name), environment);
  }

  /** The items of a list of mappings; an absent key is an empty list. */
  public List<ConfigNode> sections(String name) {
    readKeys.add(name);
    JsonNode value = node.get(name);
    List<ConfigNode> items = new ArrayList<>();
    if (value == null || value.isNull()) {
      return items;
    }
    if (!value.isArray()) {
      throw new ConfigException(key(name), "expected a list, found " + describe(value));
    }
    for (int i = 0; i < value.size(); i++) {
      items.add(new ConfigNode(key(name) + "[" + i + "]", value.get(i), environment));
    }
    return items;
  }

  public String string(String name, String defaultValue) {
    JsonNode value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    if (!value.isValueNode() || value.isBinary()) {
      throw new ConfigException(key(name), "expected a text value, found " + describe(value));
    }
    return expandEnvironment(name, value.asText());
  }

  public String requiredString(String name) {
    String value = string(name, null);
    if (value == null || value.isBlank()) {
      throw new ConfigException(key(name), "is required and missing");
    }
    return value;
  }

  public String choice(String name, String defaultValue, String... allowed) {
    String value = string(name, defaultValue);
    for (String a : allowed) {
      if (a.equals(value)) {
        return value;
      }
    }
    throw new ConfigException(
        key(name),
        "value '" + value + "' is not allowed (allowed: " + String.join(", ", allowed) + ")");
  }

  public boolean bool(String name, boolean defaultValue) {
    JsonNode value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    String text = value.isTextual() ? expandEnvironment(name, value.asText()) : value.toString();
    if ("true".equalsIgnoreCase(text)) {
      return true;
    }
    if ("false".equalsIgnoreCase(text)) {
      return false;
    }
    throw new ConfigException(
        key(name), "value '" + text + "' is not allowed (allowed: true, false)");
  }

  public long integer(String name, long defaultValue, long min, long max, String unit) {
    JsonNode value = raw(name);
    long result;
    if (value == null) {
      result = defaultValue;
    } else if (value.isIntegralNumber() && value.canConvertToLong()) {
      result = value.asLong();
    } else {
      String text = value.isTextual() ? expandEnvironment(name, value.asText()) : value.toString();
      try {
        result = Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(
            key(name),
            "value '" + text + "' is not an integer (allowed: " + range(min, max, unit) + ")");
      }
    }
    if (result < min || result > max) {
      throw new ConfigException(
          key(name),
          "value " + result + " is not allowed (allowed: " + range(min, max, unit) + ")");
    }
    return result;
  }

  /** A duration written as 500ms, 10s, 2m or 1h, returned in milliseconds. */
  public long durationMs(String name, long defaultMs, long minMs, long maxMs) {
    JsonNode value = raw(name);
    if (value == null) {
      return defaultMs;
    }
    String text = value.isTextual() ? expandEnvironment(name, value.asText()) : value.toString();
    long ms;
    try {
      ms = Durations.parseMs(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          key(name),
          "value '"
              + text
              + "' is not a duration (allowed: "
              + Durations.format(minMs)
              + ".."
              + Durations.format(maxMs)
              + ", written like 500ms, 10s, 2m)");
    }
    if (ms < minMs || ms > maxMs) {
      throw new ConfigException(
          key(name),
          "value '"
              + text
              + "' is not allowed (allowed: "
              + Durations.format(minMs)
              + ".."
              + Durations.format(maxMs)
              + ")");
    }
    return ms;
  }

  /** Rejects keys that no reader asked for: a typo must not silently fall back to a default. */
  public void finish() {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      String name = fields.next().getKey();
      if (!readKeys.contains(name)) {
        throw new ConfigException(
            key(name), "unknown key (allowed here: " + String.join(", ", readKeys) + ")");
      }
    }
  }

  private JsonNode raw(String name) {
    readKeys.add(name);
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value;
  }

  private String expandEnvironment(String name, String text) {
    Matcher m = ENV_REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String variable = m.group(1);
      String value = environment.apply(variable);
      if (value == null) {
        value = m.group(2);
      }
      if (value == null) {
        throw new ConfigException(
            key(name),
            "refers to environment variable "
                + variable
                + ", which is not set (set it, or write ${"
                + variable
                + ":-default})");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String range(long min, long max, String unit) {
    String suffix = unit == null || unit.isEmpty() ? "" : " " + unit;
    return min + ".." + max + suffix;
  }

  private static String describe(JsonNode value) {
    if (value.isObject()) {
      return "a mapping";
    }
    if (value.isArray()) {
      return "a list";
    }
    return "'" + value.asText() + "'";
  }
}
