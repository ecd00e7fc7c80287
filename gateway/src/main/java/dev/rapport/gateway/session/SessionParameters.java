package dev.rapport.gateway.session;

import dev.rapport.gateway.engine.EngineSettings;
import dev.rapport.gateway.features.FeatureParams;
import dev.rapport.gateway.features.MicScale;
import dev.rapport.gateway.sync.SyncConfig;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine parameters a session was scored with, as stored in {@code session.json} ({@link
 * SessionInfo#parameters()}), and back. Every value that shapes a score is stored, including the
 * defaults of the day (surrogates, feature filters), so that a replay years later, when defaults
 * may have changed, still computes with the values the live run used. Window, lag and hop are
 * stored in grid samples as well as in milliseconds: the samples are what the engine used.
 */
public final class SessionParameters {
  public static final String GRID_RATE_HZ = "grid_rate_hz";
  public static final String ALLOWED_LATENESS_MS = "allowed_lateness_ms";
  public static final String WINDOW_MS = "window_ms";
  public static final String MAX_LAG_MS = "max_lag_ms";
  public static final String HOP_MS = "hop_ms";
  public static final String WINDOW_SAMPLES = "window_samples";
  public static final String MAX_LAG_SAMPLES = "max_lag_samples";
  public static final String HOP_SAMPLES = "hop_samples";
  public static final String MAX_MISSING_PCT = "max_missing_pct";
  public static final String MAX_BADGES = "max_badges";
  public static final String SURROGATE_POOL = "surrogate_pool";
  public static final String SURROGATE_MIN_POOL = "surrogate_min_pool";
  public static final String SURROGATE_BUDGET_PER_HOP = "surrogate_budget_per_hop";
  public static final String SURROGATES_PER_DYAD_PER_HOP = "surrogates_per_dyad_per_hop";
  public static final String SPREAD_EVALUATION = "spread_evaluation";
  public static final String FEATURES_PREFIX = "features.";

  private SessionParameters() {}

  /** Re-analysis parameters; null keeps the stored value. */
  public record Overrides(Long windowMs, Long maxLagMs, Long hopMs) {
    public static final Overrides NONE = new Overrides(null, null, null);

    public boolean any() {
      return windowMs != null || maxLagMs != null || hopMs != null;
    }
  }

  /**
   * @param notes stored values that were missing (defaults used) or overridden, for the report
   */
  public record Resolved(EngineSettings settings, List<String> notes) {}

  public static Map<String, Object> of(EngineSettings settings) {
    SyncConfig sync = settings.sync();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(GRID_RATE_HZ, settings.gridRateHz());
    p.put(ALLOWED_LATENESS_MS, settings.allowedLatenessMs());
    p.put(WINDOW_MS, sync.windowMs());
    p.put(MAX_LAG_MS, sync.maxLagMs());
    p.put(HOP_MS, sync.hopMs());
    p.put(WINDOW_SAMPLES, sync.windowSamples());
    p.put(MAX_LAG_SAMPLES, sync.maxLagSamples());
    p.put(HOP_SAMPLES, sync.hopSamples());
    p.put(MAX_MISSING_PCT, sync.maxMissingPercent());
    p.put(MAX_BADGES, settings.maxBadges());
    p.put(SURROGATE_POOL, sync.surrogatePool());
    p.put(SURROGATE_MIN_POOL, sync.surrogateMinPool());
    p.put(SURROGATE_BUDGET_PER_HOP, sync.surrogateBudgetPerHop());
    p.put(SURROGATES_PER_DYAD_PER_HOP, sync.surrogatesPerDyadPerHop());
    p.put(SPREAD_EVALUATION, sync.spreadEvaluation());
    FeatureParams features = settings.features();
    for (RecordComponent c : FeatureParams.class.getRecordComponents()) {
      Object value = read(c, features);
      p.put(FEATURES_PREFIX + snake(c.getName()), value instanceof Enum ? value.toString() : value);
    }
    return p;
  }

  /**
   * The settings stored in {@code parameters}, with the overrides applied.
   *
   * @throws IllegalArgumentException naming the parameter when a stored value is unusable or the
   *     combination is impossible (e.g. a lag not below half the window)
   */
  public static Resolved settings(Map<String, Object> parameters, Overrides overrides) {
    List<String> notes = new ArrayList<>();
    Reader r = new Reader(parameters, notes);
    SyncConfig defaults = SyncConfig.defaults();
    int rateHz = r.integer(GRID_RATE_HZ, SyncConfig.DEFAULT_RATE_HZ);
    SyncConfig.Builder sync =
        SyncConfig.builder()
            .rateHz(rateHz)
            .windowMs(r.number(WINDOW_MS, SyncConfig.DEFAULT_WINDOW_MS))
            .maxLagMs(r.number(MAX_LAG_MS, SyncConfig.DEFAULT_MAX_LAG_MS))
            .hopMs(r.number(HOP_MS, SyncConfig.DEFAULT_HOP_MS))
            .maxMissingPercent(r.integer(MAX_MISSING_PCT, defaults.maxMissingPercent()))
            .surrogatePool(r.integer(SURROGATE_POOL, defaults.surrogatePool()))
            .surrogateMinPool(r.integer(SURROGATE_MIN_POOL, defaults.surrogateMinPool()))
            .surrogateBudgetPerHop(
                r.integer(SURROGATE_BUDGET_PER_HOP, defaults.surrogateBudgetPerHop()))
            .surrogatesPerDyadPerHop(
                r.integer(SURROGATES_PER_DYAD_PER_HOP, defaults.surrogatesPerDyadPerHop()))
            .spreadEvaluation(r.bool(SPREAD_EVALUATION, defaults.spreadEvaluation()));
    // The samples are what the live engine used; the milliseconds are for people.
    if (parameters.containsKey(WINDOW_SAMPLES)) {
      sync.windowSamples(r.integer(WINDOW_SAMPLES, 0));
    }
    if (parameters.containsKey(MAX_LAG_SAMPLES)) {
      sync.maxLagSamples(r.integer(MAX_LAG_SAMPLES, 0));
    }
    if (parameters.containsKey(HOP_SAMPLES)) {
      sync.hopSamples(r.integer(HOP_SAMPLES, 0));
    }
    if (overrides.windowMs() != null) {
      sync.windowMs(overrides.windowMs());
      notes.add("window overridden: " + overrides.windowMs() + " ms");
    }
    if (overrides.maxLagMs() != null) {
      sync.maxLagMs(overrides.maxLagMs());
      notes.add("max lag overridden: " + overrides.maxLagMs() + " ms");
    }
    if (overrides.hopMs() != null) {
      sync.hopMs(overrides.hopMs());
      notes.add("hop overridden: " + overrides.hopMs() + " ms");
    }
    EngineSettings settings =
        new EngineSettings(
            rateHz,
            r.number(ALLOWED_LATENESS_MS, 500),
            r.integer(MAX_BADGES, EngineSettings.DEFAULT_MAX_BADGES),
            sync.build(),
            features(r));
    return new Resolved(settings, List.copyOf(notes));
  }

  private static FeatureParams features(Reader r) {
    FeatureParams defaults = FeatureParams.defaults();
    RecordComponent[] components = FeatureParams.class.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      String key = FEATURES_PREFIX + snake(c.getName());
      types[i] = c.getType();
      Object fallback = read(c, defaults);
      if (c.getType() == int.class) {
        values[i] = r.integer(key, (Integer) fallback);
      } else if (c.getType() == MicScale.class) {
        String scale = r.text(key, fallback.toString());
        try {
          values[i] = MicScale.valueOf(scale);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("unknown microphone scale, " + key + "=" + scale, e);
        }
      } else {
        throw new IllegalStateException(
            "FeatureParams component of a type this version cannot store, component="
                + c.getName());
      }
    }
    try {
      Constructor<FeatureParams> canonical = FeatureParams.class.getDeclaredConstructor(types);
      return canonical.newInstance(values);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException) {
        throw (IllegalArgumentException) e.getCause();
      }
      throw new IllegalStateException("cannot build FeatureParams", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build FeatureParams", e);
    }
  }

  private static Object read(RecordComponent c, Object record) {
    try {
      return c.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c.getName(), e);
    }
  }

  static String snake(String camel) {
    StringBuilder b = new StringBuilder();
    for (char ch : camel.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        b.append('_').append(Character.toLowerCase(ch));
      } else {
        b.append(ch);
      }
    }
    return b.toString();
  }

  /** Reads typed values, noting each missing key (its default is used). */
  private static final class Reader {
    private final Map<String, Object> parameters;
    private final List<String> notes;

    Reader(Map<String, Object> parameters, List<String> notes) {
      this.parameters = parameters;
      this.notes = notes;
    }

    long number(String key, long fallback) {
      Object v = parameters.get(key);
      if (v == null) {
        notes.add("parameter " + key + " not stored, default used: " + fallback);
        return fallback;
      }
      if (v instanceof Number && !(v instanceof Double) && !(v instanceof Float)) {
        return ((Number) v).longValue();
      }
      try {
        return Long.parseLong(v.toString());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "session parameter must be an integer, " + key + "=" + v, e);
      }
    }

    int integer(String key, int fallback) {
      long v = number(key, fallback);
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("session parameter out of range, " + key + "=" + v);
      }
      return (int) v;
    }

    boolean bool(String key, boolean fallback) {
      Object v = parameters.get(key);
      if (v == null) {
        notes.add("parameter " + key + " not stored, default used: " + fallback);
        return fallback;
      }
      if (v instanceof Boolean) {
        return (Boolean) v;
      }
      throw new IllegalArgumentException(
          "session parameter must be true or false, " + key + "=" + v);
    }

    String text(String key, String fallback) {
      Object v = parameters.get(key);
      if (v == null) {
        notes.add("parameter " + key + " not stored, default used: " + fallback);
        return fallback;
      }
      return v.toString();
    }
  }
}
