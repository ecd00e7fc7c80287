package dev.rapport.badge.transport.ble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.transport.ble.bluez.Variants;
import java.util.List;
import org.freedesktop.dbus.types.UInt16;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.Test;

class VariantsTest {

  @Test
  void shouldCopyAByteArrayValueGivenAsArrayOrAsListOfBytes() {
    final byte[] target = new byte[8];
    assertThat(Variants.copyBytes(new Variant<>(new byte[] {1, -2, 3}), target)).isEqualTo(3);
    assertThat(target).startsWith(1, -2, 3);
    // dbus-java hands PropertiesChanged Value over as a List<Byte>
    final List<Byte> asList = List.of((byte) 9, (byte) -128);
    assertThat(Variants.byteLength(asList)).isEqualTo(2);
    assertThat(Variants.copyBytes(asList, target)).isEqualTo(2);
    assertThat(target).startsWith(9, -128);
  }

  @Test
  void shouldRefuseValuesThatAreNotByteArrays() {
    assertThat(Variants.byteLength(new Variant<>("text"))).isEqualTo(-1);
    assertThat(Variants.copyBytes(List.of("a"), new byte[4])).isEqualTo(-1);
    assertThat(Variants.bytes(new Variant<>(5))).isNull();
  }

  @Test
  void shouldReadStringListsNumbersAndBooleansInEitherShape() {
    assertThat(Variants.strings(new Variant<>(new String[] {"a", "b"}))).containsExactly("a", "b");
    assertThat(Variants.strings(List.of("c"))).containsExactly("c");
    assertThat(Variants.strings(null)).isEmpty();
    assertThat(Variants.integer(new Variant<>(new UInt16(65535)), -1)).isEqualTo(65535);
    assertThat(Variants.integer(new Variant<>((short) -40), 0)).isEqualTo(-40);
    assertThat(Variants.integer(null, 127)).isEqualTo(127);
    assertThat(Variants.bool(new Variant<>(Boolean.TRUE))).isTrue();
    assertThat(Variants.bool(null)).isFalse();
  }
}
