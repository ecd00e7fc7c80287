package dev.rapport.gateway.session;

import java.util.regex.Pattern;

/**
 * A badge's wearer in one session: a pseudonymous label (never a name: labs keep the key to their
 * participants elsewhere) and whether they consented. A badge without consent is neither recorded
 * nor scored.
 */
public record Participant(String badge, String label, boolean consent) {
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

  public Participant {
    if (badge == null || !badge.matches("[0-9a-f]{4}")) {
      throw new IllegalArgumentException("badge must be four lowercase hex digits, badge=" + badge);
    }
    if (label == null || !LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException(
          "label must be 1 to 32 letters, digits, '.', '_' or '-' (a pseudonym), label=" + label);
    }
  }
}
