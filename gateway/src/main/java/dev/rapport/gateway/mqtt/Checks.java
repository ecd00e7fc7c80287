package dev.rapport.gateway.mqtt;

/**
 * Edge conversions for payload values. The engine computes in fixed point and converts once, here:
 * an undefined number (NaN, infinite) becomes an absent value, a tiny overshoot from that
 * conversion is clamped, and anything further out is a bug upstream that must not reach subscribers
 * silently.
 */
final class Checks {
  /** Rounding slack of the one fixed-point to double conversion; anything beyond it is a bug. */
  static final double RANGE_SLACK = 1e-9;

  private Checks() {}

  /** Null for absent or undefined values; the value clamped into [min, max] otherwise. */
  static Double ranged(String field, Double value, double min, double max) {
    if (value == null || !Double.isFinite(value)) {
      return null;
    }
    double v = value;
    if (v < min - RANGE_SLACK || v > max + RANGE_SLACK) {
      throw new IllegalArgumentException(
          field + " out of range [" + min + ", " + max + "], " + field + "=" + v);
    }
    return Math.max(min, Math.min(max, v));
  }

  /** Null for absent or undefined values. */
  static Double finite(Double value) {
    return value == null || !Double.isFinite(value) ? null : value;
  }

  static Long nonNegative(String field, Long value) {
    if (value != null && value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, " + field + "=" + value);
    }
    return value;
  }

  static Integer nonNegative(String field, Integer value) {
    if (value != null && value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, " + field + "=" + value);
    }
    return value;
  }

  static long positive(String field, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive, " + field + "=" + value);
    }
    return value;
  }

  static <T> T required(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required, " + field + "=null");
    }
    return value;
  }
}
