package dev.rapport.gateway.runtime;

/**
 * How `rapport run` and `rapport demo` differ beyond the configuration file.
 *
 * @param version the gateway's version, published in its status
 * @param simulatedLinks how many links the simulated badges share (1 = one radio dongle)
 */
public record RuntimeOptions(String version, int simulatedLinks) {
  public static RuntimeOptions defaults(String version) {
    return new RuntimeOptions(version, 2);
  }
}
