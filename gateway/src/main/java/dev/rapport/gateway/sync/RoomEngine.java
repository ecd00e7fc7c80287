package dev.rapport.gateway.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The synchrony engine of one room: fed the features of all badges once per grid tick, it keeps
 * every dyad's lagged cross-product sums current in O(L) per dyad per tick and, every hop, emits
 * one {@link DyadResult} per dyad (badge a before badge b in string order, dyads in that order).
 *
 * <p><b>Threading and determinism.</b> One thread (the engine thread) calls everything. The output
 * depends only on the sequence of ticks and the configuration, never on timing: replaying the same
 * ticks gives bit-identical results.
 *
 * <p><b>Bounded work per tick.</b> Sliding the sums costs 2 multiplications per lag per dyad and
 * modality each tick. The hop's evaluation (r for every lag, the peak, significance) is spread over
 * the ticks of the next hop when {@link SyncConfig#spreadEvaluation()} is set: at the hop tick the
 * dyads' sums are frozen by switching each dyad to its second buffer (the first write after the hop
 * goes out of place), so later ticks still see the hop's window. Results then arrive up to one hop
 * after their window ends, with identical values. Surrogates for the pseudo-synchrony baseline are
 * evaluated under a fixed budget per hop, also spread over the ticks (docs/algorithms.md).
 *
 * <p>Nothing is allocated per tick; {@link #addBadge} allocates the new badge's dyads.
 */
public final class RoomEngine {
  /** Distinct time shifts a dyad's surrogates cycle through (times two directions). */
  static final int SURROGATE_SHIFTS = 16;

  private final SyncConfig config;
  private final Modality[] modalities;
  private final int maxBadges;
  private final int historyCapacity;
  private final BiPredicate<String, String> pairFilter;
  private final DyadResultListener listener;
  private final WccEvaluator evaluator;
  private final WccMeasure surrogateScratch = new WccMeasure();
  private final int[] surrogateShifts = new int[SURROGATE_SHIFTS];
  private final int windowSamples;
  private final int maxLag;
  private final int hopSamples;

  private final String[] badgeIds;
  private final Map<String, Integer> slots = new HashMap<>();
  private final SignalHistory[][] histories;
  private int badgeCount;
  private Dyad[] dyads = new Dyad[0];

  private long ticks;
  private long newestTimeMs;
  private int liveBuffer;
  private boolean flipPending;
  private boolean pending;
  private long pendingTick;
  private long pendingTimeMs;
  private int pendingNext;
  private int snapshotBuffer;
  private int surrogateCursor;
  private int surrogatesThisHop;

  private long clampedSamples;
  private long surrogateEvaluations;
  private long surrogateValues;

  private RoomEngine(Builder b) {
    this.config = b.config;
    this.modalities = b.modalities.toArray(new Modality[0]);
    this.maxBadges = b.maxBadges;
    this.pairFilter = b.pairFilter;
    this.listener = b.listener;
    this.evaluator = new WccEvaluator(config);
    this.windowSamples = config.windowSamples();
    this.maxLag = config.maxLagSamples();
    this.hopSamples = config.hopSamples();
    for (int j = 0; j < SURROGATE_SHIFTS; j++) {
      surrogateShifts[j] = 2 * maxLag + 1 + (int) ((long) j * windowSamples / SURROGATE_SHIFTS);
    }
    // Oldest offset read: a delayed evaluation (up to one hop late) at the largest lag, or a
    // surrogate window shifted back by up to 2L + W; +2 for the cumulative sum at the far end.
    this.historyCapacity =
        Math.max(windowSamples + maxLag + hopSamples, 2 * windowSamples + 3 * maxLag) + 2;
    this.badgeIds = new String[maxBadges];
    this.histories = new SignalHistory[Modality.values().length][maxBadges];
    for (String id : b.badges) {
      addBadge(id);
    }
  }

  public static Builder builder(SyncConfig config) {
    return new Builder(config);
  }

  public SyncConfig config() {
    return config;
  }

  /**
   * Adds a badge (and its dyads with every badge already present that the pair filter accepts). Its
   * history starts empty (all missing), so its first windows have no value. A window still being
   * evaluated is finished first.
   *
   * @return the badge's slot in {@link TickFeatures}
   */
  public int addBadge(String badgeId) {
    Objects.requireNonNull(badgeId, "badgeId");
    if (slots.containsKey(badgeId)) {
      throw new IllegalArgumentException("badge already in the room, badgeId=" + badgeId);
    }
    if (badgeCount == maxBadges) {
      throw new IllegalStateException("room is full, maxBadges=" + maxBadges);
    }
    if (pending) {
      finishPending(ticks - 1);
    }
    int slot = badgeCount++;
    badgeIds[slot] = badgeId;
    slots.put(badgeId, slot);
    for (Modality m : modalities) {
      histories[m.ordinal()][slot] = new SignalHistory(historyCapacity);
    }
    List<Dyad> added = new ArrayList<>();
    for (int other = 0; other < slot; other++) {
      String otherId = badgeIds[other];
      boolean otherFirst = otherId.compareTo(badgeId) < 0;
      int a = otherFirst ? other : slot;
      int bSlot = otherFirst ? slot : other;
      if (pairFilter.test(badgeIds[a], badgeIds[bSlot])) {
        added.add(new Dyad(a, bSlot, badgeIds[a], badgeIds[bSlot]));
      }
    }
    if (!added.isEmpty()) {
      Dyad[] merged = Arrays.copyOf(dyads, dyads.length + added.size());
      for (int i = 0; i < added.size(); i++) {
        merged[dyads.length + i] = added.get(i);
      }
      Arrays.sort(merged, (x, y) -> compareDyads(x, y));
      dyads = merged;
    }
    return slot;
  }

  private static int compareDyads(Dyad x, Dyad y) {
    int c = x.result.badgeA().compareTo(y.result.badgeA());
    return c != 0 ? c : x.result.badgeB().compareTo(y.result.badgeB());
  }

  /** Slot of a badge, or -1 when it is not in the room. */
  public int slotOf(String badgeId) {
    Integer slot = slots.get(badgeId);
    return slot == null ? -1 : slot;
  }

  public int badgeCount() {
    return badgeCount;
  }

  public String badgeId(int slot) {
    return badgeIds[slot];
  }

  public int dyadCount() {
    return dyads.length;
  }

  /** A tick input sized for this room; reuse it for every tick. */
  public TickFeatures newTickFeatures() {
    return new TickFeatures(maxBadges);
  }

  /**
   * Advances the room by one grid tick. Slides every dyad's sums, and on hop ticks (the first when
   * W ticks have been seen, then every hop) starts evaluating the window that ends here.
   */
  public void onTick(TickFeatures tick) {
    final long tickIndex = ticks++;
    newestTimeMs = tick.timeMs();
    pushSamples(tick);

    final int src = liveBuffer;
    if (flipPending) {
      liveBuffer ^= 1;
      flipPending = false;
    }
    final int dst = liveBuffer;
    for (Modality m : modalities) {
      final SignalHistory[] h = histories[m.ordinal()];
      final int mi = m.ordinal();
      for (Dyad d : dyads) {
        final SignalHistory x = h[d.a];
        final SignalHistory y = h[d.b];
        final long[][] buffers = d.sums[mi];
        LaggedProducts.slide(
            buffers[src],
            buffers[dst],
            x.values(),
            x.head(),
            y.values(),
            y.head(),
            windowSamples,
            maxLag);
      }
    }

    final boolean hop =
        tickIndex >= windowSamples - 1 && (tickIndex - (windowSamples - 1)) % hopSamples == 0;
    if (hop) {
      if (pending) {
        finishPending(tickIndex);
      }
      pending = true;
      pendingTick = tickIndex;
      pendingTimeMs = tick.timeMs();
      pendingNext = 0;
      snapshotBuffer = liveBuffer;
      flipPending = config.spreadEvaluation();
    }
    if (pending) {
      int slice =
          config.spreadEvaluation() ? (dyads.length + hopSamples - 1) / hopSamples : dyads.length;
      evaluatePending(tickIndex, slice);
    }
    runSurrogates(tickIndex);
  }

  /** Evaluates and delivers whatever remains of the current window now (e.g. at end of input). */
  public void flush() {
    if (pending) {
      finishPending(ticks - 1);
    }
  }

  private void pushSamples(TickFeatures tick) {
    for (Modality m : modalities) {
      final SignalHistory[] h = histories[m.ordinal()];
      final boolean[] valid = m == Modality.MOVEMENT ? tick.motionValid : tick.vocalValid;
      final int[] values = m == Modality.MOVEMENT ? tick.motionEnergy : tick.vocalEnergy;
      for (int s = 0; s < badgeCount; s++) {
        int v = values[s];
        if (valid[s] && (v < 0 || v > FixedPoint.MAX_SAMPLE)) {
          clampedSamples++;
          v = v < 0 ? 0 : FixedPoint.MAX_SAMPLE;
        }
        h[s].push(v, valid[s]);
      }
    }
  }

  private void finishPending(long tickIndex) {
    evaluatePending(tickIndex, dyads.length);
  }

  private void evaluatePending(long tickIndex, int slice) {
    final int delay = (int) (tickIndex - pendingTick);
    final int end = Math.min(dyads.length, pendingNext + slice);
    for (int i = pendingNext; i < end; i++) {
      evaluateDyad(dyads[i], delay);
    }
    pendingNext = end;
    if (pendingNext == dyads.length) {
      pending = false;
      listener.onWindowComplete(pendingTimeMs);
    }
  }

  private void evaluateDyad(Dyad d, int delay) {
    final DyadResult result = d.result;
    result.timeMs(pendingTimeMs);
    for (Modality m : Modality.values()) {
      final WccMeasure measure = result.measure(m);
      final SignalHistory[] h = histories[m.ordinal()];
      if (h[d.a] == null) {
        measure.setAbsent(0);
        continue;
      }
      evaluator.evaluate(
          h[d.a], delay, h[d.b], delay, d.sums[m.ordinal()][snapshotBuffer], measure);
      final SurrogatePool pool = d.pools[m.ordinal()];
      if (measure.present() && pool != null) {
        pool.assess(measure.rPeakQ30(), config.surrogateMinPool(), measure);
      } else {
        measure.clearSignificance();
      }
    }
    CoordinationScore.apply(result);
    listener.onDyadResult(result);
  }

  /**
   * Spends this tick's share of the hop's surrogate budget, round-robin over (dyad, modality), so
   * every hop evaluates exactly min(budget, dyads * modalities * perDyad) surrogates.
   */
  private void runSurrogates(long tickIndex) {
    if (config.surrogatePool() == 0 || dyads.length == 0) {
      return;
    }
    final long pairs = (long) dyads.length * modalities.length;
    final int perHop =
        (int)
            Math.min(
                config.surrogateBudgetPerHop(), pairs * (long) config.surrogatesPerDyadPerHop());
    final int phase = (int) Math.floorMod(tickIndex - (windowSamples - 1), (long) hopSamples);
    if (phase == 0) {
      surrogatesThisHop = 0;
    }
    final int ticksLeft = hopSamples - phase;
    final int allowance = (perHop - surrogatesThisHop + ticksLeft - 1) / ticksLeft;
    for (int i = 0; i < allowance; i++) {
      if (surrogateCursor >= pairs) {
        surrogateCursor = 0;
      }
      final int index = surrogateCursor++;
      evaluateSurrogate(dyads[index / modalities.length], modalities[index % modalities.length]);
      surrogatesThisHop++;
    }
  }

  private void evaluateSurrogate(Dyad d, Modality m) {
    final SurrogatePool pool = d.pools[m.ordinal()];
    final int sequence = pool.nextSequence();
    final int shift = surrogateShifts[(sequence >>> 1) % SURROGATE_SHIFTS];
    final boolean aDelayed = (sequence & 1) == 1;
    final SignalHistory[] h = histories[m.ordinal()];
    evaluator.evaluate(
        h[d.a], aDelayed ? shift : 0, h[d.b], aDelayed ? 0 : shift, null, surrogateScratch);
    surrogateEvaluations++;
    if (surrogateScratch.present()) {
      pool.add(surrogateScratch.rPeakQ30());
      surrogateValues++;
    }
  }

  /** Feature values outside 0..65535 that were saturated (bad input from the feature stage). */
  public long clampedSamples() {
    return clampedSamples;
  }

  public long surrogateEvaluations() {
    return surrogateEvaluations;
  }

  /** Surrogate evaluations that produced a value (the others had too many missing samples). */
  public long surrogateValues() {
    return surrogateValues;
  }

  public long ticks() {
    return ticks;
  }

  public long newestTimeMs() {
    return newestTimeMs;
  }

  /**
   * Per-dyad state: the two buffers of lagged sums per modality, the surrogate pools, the result.
   */
  private final class Dyad {
    final int a;
    final int b;
    final long[][][] sums;
    final SurrogatePool[] pools;
    final DyadResult result;

    Dyad(int a, int b, String idA, String idB) {
      this.a = a;
      this.b = b;
      int n = Modality.values().length;
      this.sums = new long[n][][];
      this.pools = new SurrogatePool[n];
      for (Modality m : modalities) {
        sums[m.ordinal()] = new long[2][config.lagCount()];
        if (config.surrogatePool() > 0) {
          pools[m.ordinal()] = new SurrogatePool(config.surrogatePool());
        }
      }
      this.result = new DyadResult(idA, idB);
    }
  }

  /** Configures a room: badges, which pairs to score, which modalities, where results go. */
  public static final class Builder {
    private final SyncConfig config;
    private final List<String> badges = new ArrayList<>();
    private int maxBadges = 128;
    private BiPredicate<String, String> pairFilter = (a, b) -> true;
    private Set<Modality> modalities = EnumSet.allOf(Modality.class);
    private DyadResultListener listener;

    private Builder(SyncConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    public Builder badges(Collection<String> badgeIds) {
      badges.addAll(badgeIds);
      return this;
    }

    /** Room capacity, fixing the size of {@link TickFeatures}; default 128. */
    public Builder maxBadges(int maxBadges) {
      if (maxBadges < 1) {
        throw new IllegalArgumentException("maxBadges must be >= 1, maxBadges=" + maxBadges);
      }
      this.maxBadges = maxBadges;
      return this;
    }

    /** Scores only the dyads (a, b), a before b in string order, that the filter accepts. */
    public Builder pairs(BiPredicate<String, String> pairFilter) {
      this.pairFilter = Objects.requireNonNull(pairFilter, "pairFilter");
      return this;
    }

    public Builder modalities(Set<Modality> modalities) {
      if (modalities.isEmpty()) {
        throw new IllegalArgumentException("at least one modality, modalities=" + modalities);
      }
      this.modalities = EnumSet.copyOf(modalities);
      return this;
    }

    public Builder listener(DyadResultListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public RoomEngine build() {
      if (listener == null) {
        throw new IllegalArgumentException("listener must be set, listener=null");
      }
      if (badges.size() > maxBadges) {
        throw new IllegalArgumentException(
            "more badges than maxBadges, badges=" + badges.size() + ", maxBadges=" + maxBadges);
      }
      return new RoomEngine(this);
    }
  }
}
