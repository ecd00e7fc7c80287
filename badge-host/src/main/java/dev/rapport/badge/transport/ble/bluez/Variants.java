package dev.rapport.badge.transport.ble.bluez;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.types.Variant;

/**
 * Reads D-Bus property values whatever Java shape dbus-java gave them: an {@code ay} may come as
 * {@code byte[]} or as a {@code List<Byte>} (PropertiesChanged of Value does the latter), an {@code
 * as} as a {@code String[]} or a {@code List<String>}.
 */
public final class Variants {
  private Variants() {}

  /** The unwrapped value of {@code name} in {@code properties}, or null when absent. */
  public static Object value(Map<String, Variant<?>> properties, String name) {
    final Variant<?> variant = properties.get(name);
    return variant == null ? null : unwrap(variant);
  }

  public static Object unwrap(Object value) {
    Object v = value;
    while (v instanceof Variant<?> variant) {
      v = variant.getValue();
    }
    return v;
  }

  public static String string(Object value) {
    final Object v = unwrap(value);
    return v == null ? null : v.toString();
  }

  public static boolean bool(Object value) {
    return Boolean.TRUE.equals(unwrap(value));
  }

  /** A number of any integer D-Bus type, or {@code absent} when missing or not a number. */
  public static int integer(Object value, int absent) {
    final Object v = unwrap(value);
    return v instanceof Number n ? n.intValue() : absent;
  }

  public static List<String> strings(Object value) {
    final Object v = unwrap(value);
    final List<String> result = new ArrayList<>();
    if (v instanceof Object[] array) {
      for (Object o : array) {
        result.add(String.valueOf(o));
      }
    } else if (v instanceof List<?> list) {
      for (Object o : list) {
        result.add(String.valueOf(o));
      }
    }
    return result;
  }

  /** The length of a byte array value, or -1 when the value is not a byte array. */
  public static int byteLength(Object value) {
    final Object v = unwrap(value);
    if (v instanceof byte[] bytes) {
      return bytes.length;
    }
    if (v instanceof List<?> list) {
      return list.size();
    }
    return -1;
  }

  /**
   * Copies a byte array value into {@code target} from index 0 without allocating.
   *
   * @return the number of bytes copied, or -1 when the value is not a byte array
   * @throws IndexOutOfBoundsException when {@code target} is shorter than {@link #byteLength}
   */
  public static int copyBytes(Object value, byte[] target) {
    final Object v = unwrap(value);
    if (v instanceof byte[] bytes) {
      System.arraycopy(bytes, 0, target, 0, bytes.length);
      return bytes.length;
    }
    if (v instanceof List<?> list) {
      final int size = list.size();
      for (int i = 0; i < size; i++) {
        if (!(list.get(i) instanceof Number n)) {
          return -1;
        }
        target[i] = n.byteValue();
      }
      return size;
    }
    return -1;
  }

  /** A byte array value as a new array, or null when the value is not a byte array. */
  public static byte[] bytes(Object value) {
    final Object v = unwrap(value);
    if (v instanceof byte[] bytes) {
      return bytes.clone();
    }
    if (v instanceof List<?> list) {
      final byte[] result = new byte[list.size()];
      return copyBytes(list, result) < 0 ? null : result;
    }
    return null;
  }
}
