package dev.rapport.gateway.mqtt;

import java.util.Objects;

/**
 * One dyad's synchrony for one hop, as published on {@code .../dyad/{badge_a}/{badge_b}}. The
 * coordinator maps the engine's output onto this value; the publisher adds {@code seq} and {@code
 * gateway} when it writes the JSON. Every metric is nullable: null means "no value for this window"
 * (too many missing samples, zero variance, no speech), never zero. Immutable; build it with {@link
 * #builder(String, String)}.
 *
 * <p>Lag convention (the engine's, as rMEA's): a positive {@code lagMs} means badge_a leads, and
 * {@code leader} then names badge_a.
 */
public final class DyadScoreMessage {
  private final String badgeA;
  private final String badgeB;
  private final long timeMs;
  private final Double score;
  private final Lagged movement;
  private final Lagged vocal;
  private final Double vocalShareA;
  private final Double vocalShareB;
  private final Long vocalOverlapMs;
  private final Long vocalSilenceMs;
  private final Integer vocalTransitions;
  private final Long vocalResponseLatencyMs;
  private final Double postureMirroring;
  private final long windowMs;
  private final long maxLagMs;
  private final String session;

  /** The lagged cross-correlation summary shared by movement and vocal synchrony. */
  public record Lagged(Double r, Long lagMs, String leader, Double z, Double p) {
    static final Lagged ABSENT = new Lagged(null, null, null, null, null);
  }

  private DyadScoreMessage(Builder b) {
    badgeA = b.badgeA;
    badgeB = b.badgeB;
    timeMs = Checks.positive("time_ms", b.timeMs);
    score = Checks.ranged("score", b.score, 0, 1);
    movement =
        lagged(
            "movement", b.movementR, b.movementLagMs, b.movementLeader, b.movementZ, b.movementP);
    vocal = lagged("vocal", b.vocalR, b.vocalLagMs, b.vocalLeader, b.vocalZ, b.vocalP);
    vocalShareA = Checks.ranged("vocal.share_a", b.vocalShareA, 0, 1);
    vocalShareB = Checks.ranged("vocal.share_b", b.vocalShareB, 0, 1);
    vocalOverlapMs = Checks.nonNegative("vocal.overlap_ms", b.vocalOverlapMs);
    vocalSilenceMs = Checks.nonNegative("vocal.silence_ms", b.vocalSilenceMs);
    vocalTransitions = Checks.nonNegative("vocal.transitions", b.vocalTransitions);
    // Negative is a real value: the other took the floor before this one had finished.
    vocalResponseLatencyMs = b.vocalResponseLatencyMs;
    postureMirroring = Checks.ranged("posture.mirroring", b.postureMirroring, -1, 1);
    windowMs = Checks.positive("window_ms", b.windowMs);
    if (b.maxLagMs < 0) {
      throw new IllegalArgumentException(
          "max_lag_ms must not be negative, max_lag_ms=" + b.maxLagMs);
    }
    maxLagMs = b.maxLagMs;
    session = b.session;
  }

  private Lagged lagged(String field, Double r, Long lagMs, String leader, Double z, Double p) {
    if (leader != null && !leader.equals(badgeA) && !leader.equals(badgeB)) {
      throw new IllegalArgumentException(
          field
              + ".leader must be badge_a or badge_b, "
              + field
              + ".leader="
              + leader
              + " badge_a="
              + badgeA
              + " badge_b="
              + badgeB);
    }
    Lagged l =
        new Lagged(
            Checks.ranged(field + ".r", r, -1, 1),
            lagMs,
            leader,
            Checks.finite(z),
            Checks.ranged(field + ".p", p, 0, 1));
    return l.equals(Lagged.ABSENT) ? Lagged.ABSENT : l;
  }

  public static Builder builder(String badgeA, String badgeB) {
    return new Builder(badgeA, badgeB);
  }

  public String badgeA() {
    return badgeA;
  }

  public String badgeB() {
    return badgeB;
  }

  /** Epoch milliseconds of the newest sample in the window (its end). */
  public long timeMs() {
    return timeMs;
  }

  public Double score() {
    return score;
  }

  public Lagged movement() {
    return movement;
  }

  public Lagged vocal() {
    return vocal;
  }

  public Double vocalShareA() {
    return vocalShareA;
  }

  public Double vocalShareB() {
    return vocalShareB;
  }

  public Long vocalOverlapMs() {
    return vocalOverlapMs;
  }

  public Long vocalSilenceMs() {
    return vocalSilenceMs;
  }

  public Integer vocalTransitions() {
    return vocalTransitions;
  }

  public Long vocalResponseLatencyMs() {
    return vocalResponseLatencyMs;
  }

  public Double postureMirroring() {
    return postureMirroring;
  }

  public long windowMs() {
    return windowMs;
  }

  public long maxLagMs() {
    return maxLagMs;
  }

  /** The running session id, or null outside a session. */
  public String session() {
    return session;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DyadScoreMessage)) {
      return false;
    }
    DyadScoreMessage m = (DyadScoreMessage) o;
    return timeMs == m.timeMs
        && windowMs == m.windowMs
        && maxLagMs == m.maxLagMs
        && badgeA.equals(m.badgeA)
        && badgeB.equals(m.badgeB)
        && Objects.equals(score, m.score)
        && movement.equals(m.movement)
        && vocal.equals(m.vocal)
        && Objects.equals(vocalShareA, m.vocalShareA)
        && Objects.equals(vocalShareB, m.vocalShareB)
        && Objects.equals(vocalOverlapMs, m.vocalOverlapMs)
        && Objects.equals(vocalSilenceMs, m.vocalSilenceMs)
        && Objects.equals(vocalTransitions, m.vocalTransitions)
        && Objects.equals(vocalResponseLatencyMs, m.vocalResponseLatencyMs)
        && Objects.equals(postureMirroring, m.postureMirroring)
        && Objects.equals(session, m.session);
  }

  @Override
  public int hashCode() {
    return Objects.hash(badgeA, badgeB, timeMs, score, movement, vocal, session);
  }

  @Override
  public String toString() {
    return "DyadScoreMessage{"
        + badgeA
        + "/"
        + badgeB
        + " timeMs="
        + timeMs
        + " score="
        + score
        + " movement="
        + movement
        + " vocal="
        + vocal
        + "}";
  }

  /** Collects the fields; {@link #build()} checks ranges and names the offending field. */
  public static final class Builder {
    private final String badgeA;
    private final String badgeB;
    private long timeMs;
    private Double score;
    private Double movementR;
    private Long movementLagMs;
    private String movementLeader;
    private Double movementZ;
    private Double movementP;
    private Double vocalR;
    private Long vocalLagMs;
    private String vocalLeader;
    private Double vocalZ;
    private Double vocalP;
    private Double vocalShareA;
    private Double vocalShareB;
    private Long vocalOverlapMs;
    private Long vocalSilenceMs;
    private Integer vocalTransitions;
    private Long vocalResponseLatencyMs;
    private Double postureMirroring;
    private long windowMs;
    private long maxLagMs;
    private String session;

    private Builder(String badgeA, String badgeB) {
      Topics.segment("badge_a", badgeA);
      Topics.segment("badge_b", badgeB);
      if (badgeA.compareTo(badgeB) >= 0) {
        throw new IllegalArgumentException(
            "badge_a must sort before badge_b, badge_a=" + badgeA + " badge_b=" + badgeB);
      }
      this.badgeA = badgeA;
      this.badgeB = badgeB;
    }

    public Builder timeMs(long timeMs) {
      this.timeMs = timeMs;
      return this;
    }

    public Builder score(Double score) {
      this.score = score;
      return this;
    }

    public Builder movementR(Double r) {
      this.movementR = r;
      return this;
    }

    public Builder movementLagMs(Long lagMs) {
      this.movementLagMs = lagMs;
      return this;
    }

    public Builder movementLeader(String leader) {
      this.movementLeader = leader;
      return this;
    }

    public Builder movementZ(Double z) {
      this.movementZ = z;
      return this;
    }

    public Builder movementP(Double p) {
      this.movementP = p;
      return this;
    }

    public Builder vocalR(Double r) {
      this.vocalR = r;
      return this;
    }

    public Builder vocalLagMs(Long lagMs) {
      this.vocalLagMs = lagMs;
      return this;
    }

    public Builder vocalLeader(String leader) {
      this.vocalLeader = leader;
      return this;
    }

    public Builder vocalZ(Double z) {
      this.vocalZ = z;
      return this;
    }

    public Builder vocalP(Double p) {
      this.vocalP = p;
      return this;
    }

    public Builder vocalShareA(Double share) {
      this.vocalShareA = share;
      return this;
    }

    public Builder vocalShareB(Double share) {
      this.vocalShareB = share;
      return this;
    }

    public Builder vocalOverlapMs(Long overlapMs) {
      this.vocalOverlapMs = overlapMs;
      return this;
    }

    public Builder vocalSilenceMs(Long silenceMs) {
      this.vocalSilenceMs = silenceMs;
      return this;
    }

    public Builder vocalTransitions(Integer transitions) {
      this.vocalTransitions = transitions;
      return this;
    }

    public Builder vocalResponseLatencyMs(Long latencyMs) {
      this.vocalResponseLatencyMs = latencyMs;
      return this;
    }

    public Builder postureMirroring(Double mirroring) {
      this.postureMirroring = mirroring;
      return this;
    }

    public Builder windowMs(long windowMs) {
      this.windowMs = windowMs;
      return this;
    }

    public Builder maxLagMs(long maxLagMs) {
      this.maxLagMs = maxLagMs;
      return this;
    }

    public Builder session(String session) {
      this.session = session;
      return this;
    }

    public DyadScoreMessage build() {
      return new DyadScoreMessage(this);
    }
  }
}
