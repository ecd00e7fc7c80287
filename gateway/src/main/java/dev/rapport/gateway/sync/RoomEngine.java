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

  /** Modality.values() clones its array on every call; the tick path must not allocate. */
  private static final Modality[] ALL_MODALITIES = Modality.values();

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
  private final boolean trackers;
  private final int postureChangeSpanSamples;
  private final int trackerMaxMissingSamples;

  private final String[] badgeIds;
  private final Map<String, Integer> slots = new HashMap<>();
  private final SignalHistory[][] histories;

  /** Each badge's window statistics at the pending hop, per modality. */
  private final WindowStats[][] windowStats;

  private int badgeCount;

  /** Dyads in output order: (badge a, badge b) by string. */
  private Dyad[] dyads = new Dyad[0];

  /** The same dyads in storage order (creation order), the order the tick's slide streams in. */
  private Dyad[] storageOrder = new Dyad[0];

  /**
   * Lagged sums of every dyad: sums[modality][buffer][storageIndex * lagCount + L + k]. Two buffers
   * so a hop's window can be frozen while the next hop's ticks go on (see the class comment).
   */
  private final long[][][] sums = new long[ALL_MODALITIES.length][2][];

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
  private long surrogatesDropped;

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
    this.trackers = b.trackers;
    this.postureChangeSpanSamples =
        Math.max(
            1,
            Math.min(
                windowSamples - 1,
                (int)
                    ((long) PostureMirroringTracker.DEFAULT_CHANGE_SPAN_MS
                        * config.rateHz()
                        / 1000)));
    this.trackerMaxMissingSamples = windowSamples - config.minValidPairs();
    for (int j = 0; j < SURROGATE_SHIFTS; j++) {
      surrogateShifts[j] = 2 * maxLag + 1 + (int) ((long) j * windowSamples / SURROGATE_SHIFTS);
    }
    // Oldest offset read: a delayed evaluation (up to one hop late) at the largest lag, or a
    // surrogate window shifted back by up to 2L + W; +2 for the cumulative sum at the far end.
    this.historyCapacity =
        Math.max(windowSamples + maxLag + hopSamples, 2 * windowSamples + 3 * maxLag) + 2;
    this.badgeIds = new String[maxBadges];
    this.histories = new SignalHistory[ALL_MODALITIES.length][maxBadges];
    this.windowStats = new WindowStats[ALL_MODALITIES.length][maxBadges];
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
      windowStats[m.ordinal()][slot] = new WindowStats(maxLag);
    }
    List<Dyad> added = new ArrayList<>();
    for (int other = 0; other < slot; other++) {
      String otherId = badgeIds[other];
      boolean otherFirst = otherId.compareTo(badgeId) < 0;
      int a = otherFirst ? other : slot;
      int bSlot = otherFirst ? slot : other;
      if (pairFilter.test(badgeIds[a], badgeIds[bSlot])) {
        int storageIndex = storageOrder.length + added.size();
        added.add(new Dyad(a, bSlot, badgeIds[a], badgeIds[bSlot], storageIndex));
      }
    }
    if (!added.isEmpty()) {
      int total = dyads.length + added.size();
      Dyad[] merged = Arrays.copyOf(dyads, total);
      Dyad[] stored = Arrays.copyOf(storageOrder, total);
      for (int i = 0; i < added.size(); i++) {
        merged[dyads.length + i] = added.get(i);
        stored[storageOrder.length + i] = added.get(i);
      }
      Arrays.sort(merged, (x, y) -> compareDyads(x, y));
      dyads = merged;
      storageOrder = stored;
      int lagCount = config.lagCount();
      for (Modality m : modalities) {
        for (int buffer = 0; buffer < 2; buffer++) {
          long[] old = sums[m.ordinal()][buffer];
          long[] grown = new long[total * lagCount];
          if (old != null) {
            System.arraycopy(old, 0, grown, 0, old.length);
          }
          sums[m.ordinal()][buffer] = grown;
        }
      }
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
    final int lagCount = config.lagCount();
    for (Modality m : modalities) {
      final SignalHistory[] h = histories[m.ordinal()];
      final long[] srcSums = sums[m.ordinal()][src];
      final long[] dstSums = sums[m.ordinal()][dst];
      final Dyad[] order = storageOrder;
      for (int i = 0; i < order.length; i++) {
        final Dyad d = order[i];
        final SignalHistory x = h[d.a];
        final SignalHistory y = h[d.b];
        LaggedProducts.slide(
            srcSums,
            dstSums,
            i * lagCount,
            x.values(),
            x.head(),
            y.values(),
            y.head(),
            windowSamples,
            maxLag);
      }
    }

    if (trackers) {
      updateTrackers(tick);
    }

    // Phase 0 starts a hop: the previous window is finished against the pools as they were,
    // then the surrogates found during that hop join the pools, then the new window starts.
    final int phase = (int) Math.floorMod(tickIndex - (windowSamples - 1), (long) hopSamples);
    if (phase == 0) {
      if (pending) {
        finishPending(tickIndex);
      }
      commitSurrogates();
      surrogatesThisHop = 0;
      if (tickIndex >= windowSamples - 1) {
        pending = true;
        pendingTick = tickIndex;
        pendingTimeMs = tick.timeMs();
        pendingNext = 0;
        snapshotBuffer = liveBuffer;
        flipPending = config.spreadEvaluation();
        for (Modality m : modalities) {
          for (int slot = 0; slot < badgeCount; slot++) {
            windowStats[m.ordinal()][slot].compute(histories[m.ordinal()][slot], 0, windowSamples);
          }
        }
        captureTrackers();
      }
    }
    if (pending) {
      int slice =
          config.spreadEvaluation() ? (dyads.length + hopSamples - 1) / hopSamples : dyads.length;
      evaluatePending(tickIndex, slice);
    }
    runSurrogates(phase);
  }

  private void updateTrackers(TickFeatures tick) {
    for (Dyad d : storageOrder) {
      final int a = d.a;
      final int b = d.b;
      d.turns.onTick(tick.speechValid[a], tick.speaking[a], tick.speechValid[b], tick.speaking[b]);
      d.posture.onTick(
          tick.postureValid[a],
          tick.postureX[a],
          tick.postureY[a],
          tick.postureZ[a],
          tick.postureValid[b],
          tick.postureX[b],
          tick.postureY[b],
          tick.postureZ[b]);
    }
  }

  /**
   * The trackers move on every tick, so their values for the hop's window are copied into the
   * results now, before a spread evaluation delivers them.
   */
  private void captureTrackers() {
    for (Dyad d : dyads) {
      final DyadResult r = d.result;
      if (!trackers) {
        r.turns().setAbsent();
        r.posture(false, 0);
        r.turnTaking(false, 0);
        continue;
      }
      r.turns().copyFrom(d.turns);
      final int component = r.turns().componentQ30();
      r.turnTaking(component >= 0, component);
      final boolean posturePresent = d.posture.present();
      r.posture(posturePresent, posturePresent ? d.posture.similarityQ14() << 16 : 0);
    }
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
    for (Modality m : ALL_MODALITIES) {
      final WccMeasure measure = result.measure(m);
      final SignalHistory[] h = histories[m.ordinal()];
      if (h[d.a] == null) {
        measure.setAbsent(0);
        continue;
      }
      final WindowStats[] stats = windowStats[m.ordinal()];
      evaluator.evaluate(
          h[d.a],
          delay,
          stats[d.a],
          h[d.b],
          delay,
          stats[d.b],
          sums[m.ordinal()][snapshotBuffer],
          d.storageIndex * config.lagCount(),
          measure);
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
  private void runSurrogates(int phase) {
    if (config.surrogatePool() == 0 || dyads.length == 0) {
      return;
    }
    final long pairs = (long) dyads.length * modalities.length;
    final int perHop =
        (int)
            Math.min(
                config.surrogateBudgetPerHop(), pairs * (long) config.surrogatesPerDyadPerHop());
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
        h[d.a], aDelayed ? shift : 0, h[d.b], aDelayed ? 0 : shift, null, 0, surrogateScratch);
    surrogateEvaluations++;
    if (surrogateScratch.present()) {
      if (pool.stage(surrogateScratch.rPeakQ30())) {
        surrogateValues++;
      } else {
        surrogatesDropped++;
      }
    }
  }

  private void commitSurrogates() {
    for (Dyad d : dyads) {
      for (SurrogatePool pool : d.pools) {
        if (pool != null) {
          pool.commit();
        }
      }
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

  /** Surrogate values dropped because one dyad got more than its share of a hop (room grew). */
  public long surrogatesDropped() {
    return surrogatesDropped;
  }

  public long ticks() {
    return ticks;
  }

  public long newestTimeMs() {
    return newestTimeMs;
  }

  /** Per-dyad state: where its sums are stored, its surrogate pools, its result. */
  private final class Dyad {
    final int a;
    final int b;
    final int storageIndex;
    final SurrogatePool[] pools;
    final DyadResult result;
    final TurnTakingTracker turns;
    final PostureMirroringTracker posture;

    Dyad(int a, int b, String idA, String idB, int storageIndex) {
      this.a = a;
      this.b = b;
      this.storageIndex = storageIndex;
      this.pools = new SurrogatePool[ALL_MODALITIES.length];
      for (Modality m : modalities) {
        if (config.surrogatePool() > 0) {
          pools[m.ordinal()] =
              new SurrogatePool(config.surrogatePool(), config.surrogatesPerDyadPerHop());
        }
      }
      this.result = new DyadResult(idA, idB);
      this.turns =
          trackers
              ? new TurnTakingTracker(windowSamples, trackerMaxMissingSamples, config.rateHz())
              : null;
      this.posture =
          trackers
              ? new PostureMirroringTracker(
                  windowSamples,
                  postureChangeSpanSamples,
                  trackerMaxMissingSamples,
                  PostureMirroringTracker.DEFAULT_MIN_RMS_CHANGE_Q14,
                  PostureMirroringTracker.MirrorAxis.NONE)
              : null;
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
    private boolean trackers = true;

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

    /**
     * Whether to run turn-taking and posture mirroring (default true); off when only the
     * correlation of given signals is wanted, as in {@code rapport score --signals}.
     */
    public Builder trackers(boolean trackers) {
      this.trackers = trackers;
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
