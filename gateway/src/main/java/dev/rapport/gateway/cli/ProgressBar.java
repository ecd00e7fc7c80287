package dev.rapport.gateway.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr, redrawn with a carriage return when the percentage changes, so
 * long exports show they are alive without flooding a log.
 */
final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final String label;
  private int shownPercent = -1;

  ProgressBar(PrintWriter err, String label) {
    this.err = err;
    this.label = label;
  }

  void update(long done, long total) {
    int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
    if (percent == shownPercent) {
      return;
    }
    shownPercent = percent;
    int filled = percent * WIDTH / 100;
    err.print(
        "\r"
            + label
            + " ["
            + "#".repeat(filled)
            + " ".repeat(WIDTH - filled)
            + "] "
            + percent
            + " %");
    if (percent == 100) {
      err.println();
    }
    err.flush();
  }
}
