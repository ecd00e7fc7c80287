package dev.rapport.badge.clock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TickUnwrapperTest {
  private static final long WRAP = 1L << 32;

  @Test
  void shouldTakeFirstValueAsIs() {
    final TickUnwrapper u = new TickUnwrapper();
    assertThat(u.hasReference()).isFalse();
    assertThat(u.advance(123)).isEqualTo(123);
    assertThat(u.referenceTicks()).isEqualTo(123);
  }

  @Test
  void shouldContinuePastTheWrap() {
    final TickUnwrapper u = new TickUnwrapper();
    u.advance(WRAP - 10);
    assertThat(u.advance(5)).isEqualTo(WRAP + 5);
    assertThat(u.advance(WRAP - 1 + 100 - WRAP)).isEqualTo(WRAP + 99);
    // Several wraps, one step at a time.
    long expected = WRAP + 99;
    for (int i = 0; i < 10; i++) {
      expected += 1L << 30;
      assertThat(u.advance(expected & (WRAP - 1))).isEqualTo(expected);
    }
  }

  @Test
  void shouldPlaceSlightlyOlderValuesBehindTheReferenceEvenAcrossTheWrap() {
    final TickUnwrapper u = new TickUnwrapper();
    u.advance(WRAP - 10);
    u.advance(20); // now WRAP + 20
    assertThat(u.unwrap(WRAP - 5)).isEqualTo(WRAP - 5);
    // unwrap of an older value does not move the reference
    assertThat(u.referenceTicks()).isEqualTo(WRAP + 20);
    assertThat(u.advance(WRAP - 3)).isEqualTo(WRAP - 3);
    assertThat(u.referenceTicks()).isEqualTo(WRAP + 20);
  }

  @Test
  void shouldIgnoreBitsAboveThirtyTwo() {
    final TickUnwrapper u = new TickUnwrapper();
    u.advance(1000);
    assertThat(u.unwrap(0xABCD_0000_0000_1000L)).isEqualTo(0x1000);
  }

  @Test
  void shouldStartAfreshAfterReset() {
    final TickUnwrapper u = new TickUnwrapper();
    u.advance(WRAP - 10);
    u.advance(5);
    u.reset();
    assertThat(u.hasReference()).isFalse();
    assertThat(u.advance(7)).isEqualTo(7);
  }
}
