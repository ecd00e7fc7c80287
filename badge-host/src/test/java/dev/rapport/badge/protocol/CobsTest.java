package dev.rapport.badge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CobsTest {
  @Property(tries = 200)
  void shouldRoundTripAnyBlockUpToTheMaximumFrame(@ForAll("blocks") byte[] raw) {
    final byte[] encoded = new byte[Cobs.maxEncodedLength(raw.length)];
    final int n = Cobs.encode(raw, 0, raw.length, encoded, 0);
    assertThat(n).isLessThanOrEqualTo(Cobs.maxEncodedLength(raw.length));
    int zeros = 0;
    for (int i = 0; i < n; i++) {
      zeros += encoded[i] == 0 ? 1 : 0;
    }
    assertThat(zeros).as("zero bytes in the encoding").isZero();
    final byte[] decoded = new byte[raw.length + 1];
    final int m = Cobs.decode(encoded, 0, n, decoded, 0);
    assertThat(Arrays.copyOf(decoded, m)).isEqualTo(raw);
  }

  @Property(tries = 500)
  void shouldAddExactlyOneByteToAnyFrameUpToTheMaximum(@ForAll("blocks") byte[] raw) {
    final byte[] encoded = new byte[Cobs.maxEncodedLength(raw.length)];
    assertThat(Cobs.encode(raw, 0, raw.length, encoded, 0)).isEqualTo(raw.length + 1);
  }

  @Property(tries = 200)
  void shouldRejectAZeroInsideEncodedData(@ForAll("blocks") byte[] raw) {
    final byte[] encoded = new byte[Cobs.maxEncodedLength(raw.length)];
    final int n = Cobs.encode(raw, 0, raw.length, encoded, 0);
    encoded[n / 2] = 0;
    assertThat(Cobs.decode(encoded, 0, n, new byte[n + 1], 0)).isEqualTo(-1);
  }

  /** Random bytes, biased towards long non-zero runs and towards zeros, 0..254 bytes long. */
  @Provide
  Arbitrary<byte[]> blocks() {
    final Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(254);
    final Arbitrary<byte[]> nonZero =
        Arbitraries.integers()
            .between(1, 255)
            .map(i -> (byte) (int) i)
            .array(byte[].class)
            .ofMinSize(250)
            .ofMaxSize(254);
    final Arbitrary<byte[]> sparse =
        Arbitraries.of((byte) 0, (byte) 0, (byte) 1, (byte) 0xFF)
            .array(byte[].class)
            .ofMaxSize(254);
    return Arbitraries.oneOf(random, nonZero, sparse);
  }
}
