package dev.rapport.badge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class Crc32cTest {
  @Test
  void shouldProduceTheCatalogueCheckValue() {
    final byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(Crc32c.compute(check, 0, check.length)).isEqualTo(0xE3069283);
    assertThat(Crc32c.CHECK_VALUE).isEqualTo(0xE3069283);
  }

  @Test
  void shouldAgreeWithTheJdkImplementationOnRandomSlices() {
    final Random random = new Random(7);
    final byte[] data = new byte[600];
    for (int round = 0; round < 2_000; round++) {
      random.nextBytes(data);
      final int offset = random.nextInt(100);
      final int length = random.nextInt(data.length - offset);
      final CRC32C jdk = new CRC32C();
      jdk.update(data, offset, length);
      assertThat(Crc32c.compute(data, offset, length) & 0xFFFF_FFFFL)
          .as("offset=%d length=%d", offset, length)
          .isEqualTo(jdk.getValue());
    }
  }

  /**
   * The docs promise that every error of up to three flipped bits in a maximum-size frame is
   * caught. A CRC is linear, so an error pattern escapes exactly when the XOR of its single-bit
   * syndromes is zero; checking all single-bit syndromes for zeros, duplicates (2-bit escapes) and
   * pair-XORs that equal a third syndrome (3-bit escapes) proves the claim exhaustively.
   */
  @Test
  void shouldDetectEveryErrorOfUpToThreeBitsInAMaxSizeFrame() {
    final int dataLength = Protocol.MAX_FRAME_LENGTH - Protocol.CRC_LENGTH;
    final byte[] zeros = new byte[dataLength];
    final int crcOfZeros = Crc32c.compute(zeros, 0, dataLength);
    final int dataBits = dataLength * 8;
    final int[] syndromes = new int[dataBits + 32];
    for (int bit = 0; bit < dataBits; bit++) {
      final byte[] e = new byte[dataLength];
      e[bit / 8] = (byte) (1 << (bit % 8));
      syndromes[bit] = Crc32c.compute(e, 0, dataLength) ^ crcOfZeros;
    }
    for (int k = 0; k < 32; k++) {
      syndromes[dataBits + k] = 1 << k; // a flip in the stored CRC itself
    }
    final Set<Integer> seen = new HashSet<>();
    for (int s : syndromes) {
      assertThat(s).as("single-bit syndrome").isNotZero();
      assertThat(seen.add(s)).as("two-bit error escapes, syndrome=%08x", s).isTrue();
    }
    for (int i = 0; i < syndromes.length; i++) {
      for (int j = i + 1; j < syndromes.length; j++) {
        final int pair = syndromes[i] ^ syndromes[j];
        if (seen.contains(pair)) {
          throw new AssertionError("three-bit error escapes CRC-32C, bits " + i + "," + j);
        }
      }
    }
  }
}
