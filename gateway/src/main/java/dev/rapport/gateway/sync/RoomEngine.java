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
 * <p><b>Bounded work per tick.</b> Each tick costs one multiplication per lag per dyad and modality
 * ({@link LaggedSums}). With {@link SyncConfig#spreadEvaluation()} set, the dyads are split into B
 * groups that take turns, each catching up on the last B ticks, so a dyad's sums are brought into
 * cache once per B ticks instead of every tick; and the hop's evaluation (r for every lag, the
 * peak, significance) is spread over the following ticks, reading the copies of the sums taken at
 * the window's start and end. Results then arrive up to one hop after their window ends, with
 * values identical to an unspread run. Surrogates for the pseudo-synchrony baseline are evaluated
 * under a fixed budget per hop, also spread over the ticks (docs/algorithms.md).
 *
 * <p>Nothing is allocated per tick; {@link #addBadge} allocates the new badge's dyads.
 */
public final class RoomEngine {
  /** Distinct time shifts a dyad's surrogates cycle through (times two directions). */
  static final int SURROGATE_SHIFTS = 16;

  /**
   * Ticks a group of dyads catches up on at once when the work is spread (see the class comment).
   */
  static final int BATCH_TICKS = 8;

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
  private final int batchTicks;
  private final long[] windowSumsScratch;
  private final int[] batchSnapshotSlots;
  private final int[] batchDelays;

  // The trackers' inputs of the last B ticks, [slot * B + tick % B].
  private final boolean[] speechValidRing;
  private final boolean[] speakingRing;
  private final boolean[] postureValidRing;
  private final int[] postureXRing;
  private final int[] postureYRing;
  private final int[] postureZRing;

  private final String[] badgeIds;
  private final Map<String, Integer> slots = new HashMap<>();
  private final SignalHistory[][] histories;

  /** Each badge's window statistics at the pending hop, per modality. */
  private final WindowStats[][] windowStats;

  private int badgeCount;

  /** Dyads in output order: (badge a, badge b) by string. */
  private Dyad[] dyads = new Dyad[0];

  /** The dyads in storage order (the output order), cut into B contiguous groups. */
  private Dyad[] storageOrder = new Dyad[0];

  /** Per modality, every dyad's cumulative lagged products and their copies, by storage index. */
  private final LaggedSums[] sums = new LaggedSums[ALL_MODALITIES.length];

  /** The last tick each group of dyads has added to its sums. */
  private final long[] groupDoneTick;

  private long ticks;
  private long newestTimeMs;
  private boolean pending;
  private long pendingTick;
  private long pendingTimeMs;
  private int pendingNext;
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
    this.batchTicks = config.spreadEvaluation() ? Math.min(BATCH_TICKS, hopSamples) : 1;
    this.groupDoneTick = new long[batchTicks];
    Arrays.fill(groupDoneTick, -1);
    this.windowSumsScratch = new long[config.lagCount()];
    // A catch-up (badge added, flush) may cover more than one batch: up to the history's reach.
    this.batchSnapshotSlots = new int[hopSamples + 2 * batchTicks];
    this.batchDelays = new int[hopSamples + 2 * batchTicks];
    int ring = maxBadges * batchTicks;
    this.speechValidRing = new boolean[ring];
    this.speakingRing = new boolean[ring];
    this.postureValidRing = new boolean[ring];
    this.postureXRing = new int[ring];
    this.postureYRing = new int[ring];
    this.postureZRing = new int[ring];
    for (Modality m : modalities) {
      sums[m.ordinal()] = new LaggedSums(config, hopSamples + batchTicks);
    }
    // Oldest offset read: a delayed evaluation (up to one hop late) at the largest lag, a batch
    // catching up, or a surrogate window shifted back by up to 2L + W; +2 for the cumulative sum
    // at the far end.
    this.historyCapacity =
        Math.max(windowSamples + maxLag + hopSamples + batchTicks, 2 * windowSamples + 3 * maxLag)
            + 2;
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
    catchUpAllGroups();
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
      for (int i = 0; i < added.size(); i++) {
        merged[dyads.length + i] = added.get(i);
      }
      Arrays.sort(merged, (x, y) -> compareDyads(x, y));
      // Keep storage in output order, so the evaluation, which goes in output order, streams
      // through memory too. All groups are at the same tick here, so blocks can move freely. New
      // dyads have storage indexes past the old ones, which resize() starts at zero.
      int[] from = new int[total];
      for (int i = 0; i < total; i++) {
        from[i] = merged[i].storageIndex;
        merged[i].storageIndex = i;
      }
      for (Modality m : modalities) {
        sums[m.ordinal()].resize(total, from);
      }
      dyads = merged;
      storageOrder = merged;
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
    if (trackers) {
      storeTrackerInputs(tick, tickIndex);
    }

    // Phase 0 starts a hop: the previous window is finished against the pools as they were,
    // then the surrogates found during that hop join the pools, then the new window starts.
    final int phase = (int) Math.floorMod(tickIndex - (windowSamples - 1), (long) hopSamples);
    if (phase == 0 && pending) {
      finishPending(tickIndex);
    }

    // Group g (of B) catches up on the ticks since its last turn: normally the last B.
    advanceGroup((int) (tickIndex % batchTicks), tickIndex);

    if (phase == 0) {
      commitSurrogates();
      surrogatesThisHop = 0;
      if (tickIndex >= windowSamples - 1) {
        pending = true;
        pendingTick = tickIndex;
        pendingTimeMs = tick.timeMs();
        pendingNext = 0;
        for (Modality m : modalities) {
          for (int slot = 0; slot < badgeCount; slot++) {
            windowStats[m.ordinal()][slot].compute(histories[m.ordinal()][slot], 0, windowSamples);
          }
        }
      }
    }
    // Every group has added the window's last tick B - 1 ticks after it; the evaluation is
    // spread over the rest of the hop.
    if (pending && tickIndex >= pendingTick + batchTicks - 1) {
      int ticksForEvaluation = hopSamples - batchTicks + 1;
      int slice = (dyads.length + ticksForEvaluation - 1) / ticksForEvaluation;
      evaluatePending(tickIndex, slice);
    }
    runSurrogates(phase);
  }

  /** Adds the ticks after groupDoneTick[group] up to {@code upTo} to that group's dyads. */
  private void advanceGroup(int group, long upTo) {
    final long from = groupDoneTick[group] + 1;
    if (from > upTo) {
      return;
    }
    final int count = (int) (upTo - from + 1);
    final Dyad[] order = storageOrder;
    final int groupEnd = groupStart(group + 1);
    for (Modality m : modalities) {
      final SignalHistory[] h = histories[m.ordinal()];
      final LaggedSums store = sums[m.ordinal()];
      // Per tick once, not per dyad: where its sums are copied, and its history offset.
      for (int j = 0; j < count; j++) {
        batchSnapshotSlots[j] = store.snapshotSlot(from + j);
        batchDelays[j] = (int) (ticks - 1 - (from + j));
      }
      for (int i = groupStart(group); i < groupEnd; i++) {
        final Dyad d = order[i];
        final SignalHistory x = h[d.a];
        final SignalHistory y = h[d.b];
        store.accumulate(
            i,
            x.doubleValues(),
            x.head(),
            y.doubleValues(),
            y.head(),
            batchDelays,
            batchSnapshotSlots,
            count);
      }
    }
    if (trackers) {
      // The hop tick among from..upTo, found once rather than by a long division per dyad per
      // tick. A group is never more than B <= H ticks behind, so there is at most one.
      long hopTick = -1;
      for (long t = from; t <= upTo; t++) {
        if (t >= windowSamples - 1 && (t - (windowSamples - 1)) % hopSamples == 0) {
          hopTick = t;
          break;
        }
      }
      for (int i = groupStart(group); i < groupEnd; i++) {
        advanceTrackers(order[i], from, upTo, hopTick);
      }
    }
    groupDoneTick[group] = upTo;
  }

  /**
   * Groups are contiguous runs of the storage order, so a group's turn streams through memory
   * (every B-th dyad would defeat the prefetcher). They are re-cut only when all groups are at the
   * same tick (see {@link #addBadge}).
   */
  private int groupStart(int group) {
    return (int) ((long) group * storageOrder.length / batchTicks);
  }

  /** Brings every group up to the newest tick (before the dyad set changes). */
  private void catchUpAllGroups() {
    for (int g = 0; g < batchTicks; g++) {
      advanceGroup(g, ticks - 1);
    }
  }

  /** Keeps the trackers' inputs of the last B ticks, for the groups catching up. */
  private void storeTrackerInputs(TickFeatures tick, long tickIndex) {
    final int at = (int) (tickIndex % batchTicks);
    for (int slot = 0; slot < badgeCount; slot++) {
      final int i = slot * batchTicks + at;
      speechValidRing[i] = tick.speechValid[slot];
      speakingRing[i] = tick.speaking[slot];
      postureValidRing[i] = tick.postureValid[slot];
      postureXRing[i] = tick.postureX[slot];
      postureYRing[i] = tick.postureY[slot];
      postureZRing[i] = tick.postureZ[slot];
    }
  }

  /** Feeds ticks from..upTo to a dyad's trackers, keeping their values at hop ticks. */
  private void advanceTrackers(Dyad d, long from, long upTo, long hopTick) {
    final int a = d.a * batchTicks;
    final int b = d.b * batchTicks;
    int at = (int) (from % batchTicks);
    for (long t = from; t <= upTo; t++, at = at + 1 == batchTicks ? 0 : at + 1) {
      final int ia = a + at;
      final int ib = b + at;
      d.turns.onTick(speechValidRing[ia], speakingRing[ia], speechValidRing[ib], speakingRing[ib]);
      d.posture.onTick(
          postureValidRing[ia],
          postureXRing[ia],
          postureYRing[ia],
          postureZRing[ia],
          postureValidRing[ib],
          postureXRing[ib],
          postureYRing[ib],
          postureZRing[ib]);
      if (t == hopTick) {
        d.capturedTurns.copyFrom(d.turns);
        d.capturedPosturePresent = d.posture.present();
        d.capturedPostureQ30 = d.capturedPosturePresent ? d.posture.similarityQ14() << 16 : 0;
      }
    }
  }

  /** Copies the trackers' values of the window into the result. */
  private void applyTrackers(Dyad d) {
    final DyadResult r = d.result;
    if (!trackers) {
      r.turns().setAbsent();
      r.posture(false, 0);
      r.turnTaking(false, 0);
      return;
    }
    r.turns().copyFrom(d.capturedTurns);
    final int component = r.turns().componentQ30();
    r.turnTaking(component >= 0, component);
    r.posture(d.capturedPosturePresent, d.capturedPostureQ30);
  }

  /** Evaluates and delivers whatever remains of the current window now (e.g. at end of input). */
  public void flush() {
    catchUpAllGroups();
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
      sums[m.ordinal()].windowSums(d.storageIndex, pendingTick, windowSumsScratch);
      evaluator.evaluate(
          h[d.a], delay, stats[d.a], h[d.b], delay, stats[d.b], windowSumsScratch, 0, measure);
      final SurrogatePool pool = d.pools[m.ordinal()];
      if (measure.present() && pool != null) {
        pool.assess(measure.rPeakQ30(), config.surrogateMinPool(), measure);
      } else {
        measure.clearSignificance();
      }
    }
    applyTrackers(d);
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
    int storageIndex;
    final SurrogatePool[] pools;
    final DyadResult result;
    final TurnTakingTracker turns;
    final PostureMirroringTracker posture;
    final TurnTakingMeasure capturedTurns = new TurnTakingMeasure();
    boolean capturedPosturePresent;
    int capturedPostureQ30;

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
