package dev.rapport.badge.sim;

import dev.rapport.badge.protocol.BadgeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything that shapes a simulated room, with defaults; the same seed and config always give the
 * same samples. Built with {@link #builder()} (a CLI maps its flags one to one onto the builder);
 * the constructor validates and names the offending field and value.
 *
 * @param seed root of every random stream
 * @param badgeCount people (and badges) in the room, ids 1..badgeCount
 * @param accelRateHz accelerometer sample rate
 * @param accelRangeMg sensor range (+-2, 4, 8 or 16 g); samples are clamped to {@link
 *     #accelFullScaleMg()}
 * @param accelNoiseMg standard deviation of white sensor noise per axis
 * @param micPeriodMs period of one microphone energy value
 * @param noiseFloorDb room noise level in dB SPL (the mic scale is 20 log10(mic) = dB SPL)
 * @param peoplePerTable people share a table (and a conversation) in groups of at most this many
 * @param gridRateHz rate of the CSV grid (accelerometer averaged per grid tick)
 * @param couplings ground truth: who copies whom, how and when
 */
public record SimConfig(
    long seed,
    int badgeCount,
    int accelRateHz,
    int accelRangeMg,
    double accelNoiseMg,
    int micPeriodMs,
    double noiseFloorDb,
    int peoplePerTable,
    int gridRateHz,
    List<CouplingEpisode> couplings) {

  public static final long DEFAULT_SEED = 1L;
  public static final int DEFAULT_BADGE_COUNT = 8;
  public static final int MAX_BADGE_COUNT = 1024;
  public static final int DEFAULT_ACCEL_RATE_HZ = 50;
  public static final int DEFAULT_ACCEL_RANGE_MG = 4000;
  public static final double DEFAULT_ACCEL_NOISE_MG = 5.0;
  public static final int DEFAULT_MIC_PERIOD_MS = 40;
  public static final double DEFAULT_NOISE_FLOOR_DB = 38.0;
  public static final int DEFAULT_PEOPLE_PER_TABLE = 4;
  public static final int DEFAULT_GRID_RATE_HZ = 25;

  public SimConfig {
    Objects.requireNonNull(couplings, "couplings");
    couplings = List.copyOf(couplings);
    if (badgeCount < 1 || badgeCount > MAX_BADGE_COUNT) {
      throw new IllegalArgumentException(
          "badgeCount must be 1.." + MAX_BADGE_COUNT + ", badgeCount=" + badgeCount);
    }
    if (accelRateHz < 1 || accelRateHz > 1000) {
      throw new IllegalArgumentException("accelRateHz must be 1..1000, accelRateHz=" + accelRateHz);
    }
    if (accelRangeMg != 2000
        && accelRangeMg != 4000
        && accelRangeMg != 8000
        && accelRangeMg != 16000) {
      throw new IllegalArgumentException(
          "accelRangeMg must be a sensor range of 2000, 4000, 8000 or 16000, accelRangeMg="
              + accelRangeMg);
    }
    if (!(accelNoiseMg >= 0.0 && accelNoiseMg <= 1000.0)) {
      throw new IllegalArgumentException(
          "accelNoiseMg must be 0..1000, accelNoiseMg=" + accelNoiseMg);
    }
    if (micPeriodMs < 1 || micPeriodMs > 1000) {
      throw new IllegalArgumentException("micPeriodMs must be 1..1000, micPeriodMs=" + micPeriodMs);
    }
    if (!(noiseFloorDb >= 0.0 && noiseFloorDb <= 80.0)) {
      throw new IllegalArgumentException(
          "noiseFloorDb must be 0..80 dB SPL, noiseFloorDb=" + noiseFloorDb);
    }
    if (peoplePerTable < 1 || peoplePerTable > 16) {
      throw new IllegalArgumentException(
          "peoplePerTable must be 1..16, peoplePerTable=" + peoplePerTable);
    }
    if (gridRateHz < 1 || gridRateHz > 1000 || 1000 % gridRateHz != 0) {
      throw new IllegalArgumentException(
          "gridRateHz must divide 1000 (whole-millisecond ticks), gridRateHz=" + gridRateHz);
    }
    for (int i = 0; i < couplings.size(); i++) {
      validateCoupling(i, couplings.get(i), badgeCount, peoplePerTable);
    }
  }

  private static void validateCoupling(
      int index, CouplingEpisode episode, int badgeCount, int peoplePerTable) {
    if (episode.leader() > badgeCount || episode.follower() > badgeCount) {
      throw new IllegalArgumentException(
          "couplings["
              + index
              + "] names a badge beyond badgeCount="
              + badgeCount
              + ", leader="
              + episode.leader()
              + " follower="
              + episode.follower());
    }
    if (episode.modality() == Modality.VOCAL) {
      int leaderTable = RoomLayout.tableOf(episode.leader() - 1, badgeCount, peoplePerTable);
      int followerTable = RoomLayout.tableOf(episode.follower() - 1, badgeCount, peoplePerTable);
      if (leaderTable != followerTable) {
        throw new IllegalArgumentException(
            "couplings["
                + index
                + "] VOCAL needs leader and follower at one table (one conversation),"
                + " peoplePerTable="
                + peoplePerTable
                + " leader="
                + BadgeId.format(episode.leader())
                + " table="
                + leaderTable
                + " follower="
                + BadgeId.format(episode.follower())
                + " table="
                + followerTable);
      }
    }
  }

  /** The defaults, including the demo couplings of {@link DefaultScenario}. */
  public static SimConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    return new Builder()
        .seed(seed)
        .badgeCount(badgeCount)
        .accelRateHz(accelRateHz)
        .accelRangeMg(accelRangeMg)
        .accelNoiseMg(accelNoiseMg)
        .micPeriodMs(micPeriodMs)
        .noiseFloorDb(noiseFloorDb)
        .peoplePerTable(peoplePerTable)
        .gridRateHz(gridRateHz)
        .couplings(couplings);
  }

  /**
   * Nano-g per LSB of the simulated accelerometer at this range, as an LSM6DS3 declares it (61000
   * at +-2 g, doubling with the range).
   */
  public long accelScaleNanoG() {
    return accelRangeMg / 1000 * 30_500L;
  }

  /**
   * Largest magnitude the sensor can report, mg: 32767 LSB at {@link #accelScaleNanoG()}, rounded
   * down (3997 mg at +-4 g). Samples are clamped to it, so frames carry them without loss.
   */
  public int accelFullScaleMg() {
    return (int) (Short.MAX_VALUE * accelScaleNanoG() / 1_000_000L);
  }

  /** Microseconds between accelerometer samples, rounded down (exact for rates dividing 1e6). */
  public long accelPeriodUs() {
    return 1_000_000L / accelRateHz;
  }

  /** True time of accelerometer sample {@code index}: index * 1e6 / rate, rounded down. */
  public long accelSampleTimeUs(long index) {
    return index * 1_000_000L / accelRateHz;
  }

  public long micPeriodUs() {
    return micPeriodMs * 1000L;
  }

  public int gridPeriodMs() {
    return 1000 / gridRateHz;
  }

  /**
   * Mutable collector of settings; {@link #build()} validates. Couplings default to {@link
   * DefaultScenario#couplings(int, int)} for the final badge count and table size unless set.
   */
  public static final class Builder {
    private long seed = DEFAULT_SEED;
    private int badgeCount = DEFAULT_BADGE_COUNT;
    private int accelRateHz = DEFAULT_ACCEL_RATE_HZ;
    private int accelRangeMg = DEFAULT_ACCEL_RANGE_MG;
    private double accelNoiseMg = DEFAULT_ACCEL_NOISE_MG;
    private int micPeriodMs = DEFAULT_MIC_PERIOD_MS;
    private double noiseFloorDb = DEFAULT_NOISE_FLOOR_DB;
    private int peoplePerTable = DEFAULT_PEOPLE_PER_TABLE;
    private int gridRateHz = DEFAULT_GRID_RATE_HZ;
    private List<CouplingEpisode> couplings;

    private Builder() {}

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder badgeCount(int badgeCount) {
      this.badgeCount = badgeCount;
      return this;
    }

    public Builder accelRateHz(int accelRateHz) {
      this.accelRateHz = accelRateHz;
      return this;
    }

    public Builder accelRangeMg(int accelRangeMg) {
      this.accelRangeMg = accelRangeMg;
      return this;
    }

    public Builder accelNoiseMg(double accelNoiseMg) {
      this.accelNoiseMg = accelNoiseMg;
      return this;
    }

    public Builder micPeriodMs(int micPeriodMs) {
      this.micPeriodMs = micPeriodMs;
      return this;
    }

    public Builder noiseFloorDb(double noiseFloorDb) {
      this.noiseFloorDb = noiseFloorDb;
      return this;
    }

    public Builder peoplePerTable(int peoplePerTable) {
      this.peoplePerTable = peoplePerTable;
      return this;
    }

    public Builder gridRateHz(int gridRateHz) {
      this.gridRateHz = gridRateHz;
      return this;
    }

    /** Replaces the couplings (an empty list means nobody is coupled). */
    public Builder couplings(List<CouplingEpisode> couplings) {
      this.couplings = new ArrayList<>(Objects.requireNonNull(couplings, "couplings"));
      return this;
    }

    /** Adds one episode; the first call replaces the default scenario. */
    public Builder coupling(CouplingEpisode episode) {
      if (couplings == null) {
        couplings = new ArrayList<>();
      }
      couplings.add(Objects.requireNonNull(episode, "episode"));
      return this;
    }

    public Builder noCouplings() {
      this.couplings = new ArrayList<>();
      return this;
    }

    public SimConfig build() {
      List<CouplingEpisode> episodes =
          couplings != null
              ? couplings
              : DefaultScenario.couplings(
                  Math.max(1, Math.min(badgeCount, MAX_BADGE_COUNT)), Math.max(1, peoplePerTable));
      return new SimConfig(
          seed,
          badgeCount,
          accelRateHz,
          accelRangeMg,
          accelNoiseMg,
          micPeriodMs,
          noiseFloorDb,
          peoplePerTable,
          gridRateHz,
          episodes);
    }
  }
}
