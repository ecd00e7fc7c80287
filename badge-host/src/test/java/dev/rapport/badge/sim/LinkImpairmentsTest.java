package dev.rapport.badge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.badge.protocol.FrameEncoder;
import dev.rapport.badge.protocol.Protocol;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Impairments happen at the configured rates (within five standard deviations of a binomial count),
 * and what the decoder sees agrees frame for frame with the link's ground truth.
 */
class LinkImpairmentsTest {
  private static final int BADGES = 16;
  private static final LinkImpairments RATES = new LinkImpairments(0.05, 0.02, 0.03, 0.04, 0, 0);

  private static BadgeFleet fleet;
  private static long sent;
  private static long lost;
  private static long corrupted;
  private static long duplicated;
  private static long reordered;
  private static long seenTwice;
  private static long missing;
  private static long late;
  private static long decodeErrors;

  @BeforeAll
  static void run() {
    fleet =
        BadgeFleet.create(
            SimConfig.builder().seed(31).badgeCount(BADGES).build(),
            BadgeFleetConfig.builder().badgesPerLink(1).impairments(RATES).build());
    WireCapture wire = new WireCapture(BADGES);
    fleet.advanceTo(120_000_000L, wire);
    for (int link = 0; link < BADGES; link++) {
      LinkStats stats = fleet.linkStats(link);
      sent += stats.framesSent();
      lost += stats.framesLost();
      corrupted += stats.framesCorrupted();
      duplicated += stats.framesDuplicated();
      reordered += stats.framesReordered();
      DecodedFrames frames = DecodedFrames.of(wire.bytes(link));
      decodeErrors += frames.errors.size();
      Map<Integer, Integer> seen = new HashMap<>();
      int highest = -1;
      for (DecodedFrames.Header h : frames.headers) {
        int count = seen.merge(h.sequence(), 1, Integer::sum);
        if (count == 2) {
          seenTwice++;
        } else if (h.sequence() < highest) {
          late++;
        }
        highest = Math.max(highest, h.sequence());
      }
      long built = fleet.badge(link + 1).framesBuilt();
      assertThat(built).isLessThan(65_536); // no sequence wrap in this run
      for (int seq = 0; seq < built; seq++) {
        if (!seen.containsKey(seq)) {
          missing++;
        }
      }
    }
  }

  @Test
  void shouldImpairAtConfiguredRates() {
    assertThat(sent).isGreaterThan(19_000);
    assertRate(lost, RATES.lossRate());
    assertRate(corrupted, RATES.corruptionRate());
    assertRate(duplicated, RATES.duplicationRate());
    assertRate(reordered, RATES.reorderRate());
  }

  @Test
  void shouldShowEveryDuplicateTwiceToTheDecoder() {
    assertThat(seenTwice).isEqualTo(duplicated);
  }

  @Test
  void shouldMissExactlyTheLostAndCorruptedFrames() {
    // A frame still held back for reordering at the end of the run is missing too (one per link).
    assertThat(missing).isBetween(lost + corrupted, lost + corrupted + BADGES);
    // Every damaged frame is rejected, never delivered: CRC-32C catches any one-byte change.
    assertThat(decodeErrors).isGreaterThanOrEqualTo(corrupted);
  }

  @Test
  void shouldDeliverReorderedFramesLate() {
    // A held frame shows up late unless the frame it waited for was itself damaged.
    assertThat(late).isLessThanOrEqualTo(reordered).isGreaterThanOrEqualTo(reordered - corrupted);
  }

  @Test
  void shouldLoseHostFramesAtConfiguredRate() {
    BadgeFleet one =
        BadgeFleet.create(
            SimConfig.builder().seed(4).badgeCount(1).build(),
            BadgeFleetConfig.builder().impairments(RATES).build());
    FrameEncoder host = new FrameEncoder();
    byte[] out = new byte[Protocol.MAX_WIRE_LENGTH];
    WireCapture wire = new WireCapture(1);
    int requests = 4000;
    for (int i = 0; i < requests; i++) {
      long t = i * 5_000L;
      one.advanceTo(t, wire);
      host.timeSyncRequest(1, i & 0xFFFF, 0).correlationId(i);
      one.onHostBytes(0, t, out, 0, host.finish(out, 0));
    }
    one.advanceTo(requests * 5_000L + 1_000_000, wire);

    LinkStats stats = one.linkStats(0);
    assertThat(stats.hostFramesSent()).isEqualTo(requests);
    assertThat(stats.hostDecodeErrors()).isZero();
    double lossSd = Math.sqrt(requests * RATES.lossRate() * (1 - RATES.lossRate()));
    assertThat((double) stats.hostFramesLost())
        .isBetween(
            requests * RATES.lossRate() - 5 * lossSd, requests * RATES.lossRate() + 5 * lossSd);
    assertThat(one.badge(1).timeSyncsAnswered())
        .isEqualTo(requests - stats.hostFramesLost() - stats.hostFramesCorrupted());
  }

  @Test
  void shouldRejectRatesAddingUpToMoreThanOne() {
    assertThatThrownBy(() -> new LinkImpairments(0.5, 0.3, 0.2, 0.1, 0, 0))
        .hasMessageContaining("lossRate=0.5");
    assertThatThrownBy(() -> new LinkImpairments(-0.1, 0, 0, 0, 0, 0))
        .hasMessageContaining("lossRate=-0.1");
    assertThatThrownBy(() -> new LinkImpairments(0, 0, 0, 0, 10, 5))
        .hasMessageContaining("minDelayUs=10 maxDelayUs=5");
  }

  private static void assertRate(long count, double rate) {
    double sd = Math.sqrt(sent * rate * (1 - rate));
    assertThat((double) count).isBetween(sent * rate - 5 * sd, sent * rate + 5 * sd);
  }
}
