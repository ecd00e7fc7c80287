package dev.rapport.gateway.config;

/**
 * A configuration value that cannot be used. The message always names the key (as a dotted path
 * from the file's root), the value found, and what is allowed, so a user can fix the file without
 * reading code.
 */
public final class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String message) {
    super(key.isEmpty() ? message : key + ": " + message);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
