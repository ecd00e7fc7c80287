package dev.rapport.gateway.cli;

import dev.rapport.gateway.config.Durations;
import picocli.CommandLine;

/** Lets options take 500ms, 10s, 2m or 1h; the value is in milliseconds. */
public final class DurationConverter implements CommandLine.ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    try {
      return Durations.parseMs(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
