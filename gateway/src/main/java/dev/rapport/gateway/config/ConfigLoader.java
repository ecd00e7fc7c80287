package dev.rapport.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rapport.badge.clock.TimeSyncScheduler;
import dev.rapport.gateway.mqtt.MqttSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the YAML configuration into a {@link GatewayConfig}: every key has a named default, every
 * value is checked, unknown keys are rejected, and {@code ${ENV}} references are expanded.
 */
public final class ConfigLoader {
  public static final String DEFAULT_SITE = "default";
  public static final String DEFAULT_GATEWAY = "gw1";
  public static final String DEFAULT_DATA_DIR = "rapport-data";
  public static final int DEFAULT_GRID_RATE_HZ = 25;
  public static final long DEFAULT_ALLOWED_LATENESS_MS = 500;
  public static final long DEFAULT_WINDOW_MS = 10_000;
  public static final long DEFAULT_MAX_LAG_MS = 2_000;
  public static final long DEFAULT_HOP_MS = 1_000;
  public static final int DEFAULT_MAX_MISSING_PERCENT = 20;
  public static final int DEFAULT_SURROGATES = 8;
  public static final int DEFAULT_SERIAL_BAUD = 115_200;
  public static final String DEFAULT_EMBEDDED_HOST = "127.0.0.1";
  public static final int DEFAULT_EMBEDDED_PORT = 1883;
  public static final long DEFAULT_KEEPALIVE_MS = 30_000;
  public static final long DEFAULT_OUTBOX_MAX_BYTES = 256L * 1024 * 1024;
  public static final long DEFAULT_ROTATE_BYTES = 64L * 1024 * 1024;
  public static final long DEFAULT_ROTATE_INTERVAL_MS = 3_600_000;
  public static final long DEFAULT_FSYNC_INTERVAL_MS = 1_000;
  public static final int DEFAULT_DASHBOARD_PORT = 8080;
  public static final int DEFAULT_LED_PIN = 17;
  public static final int DEFAULT_BUTTON_PIN = 27;
  public static final int DEFAULT_BUZZER_PIN = 22;
  public static final long DEFAULT_DEBOUNCE_MS = 30;

  /** Site and gateway names become MQTT topic levels: no wildcards, separators or spaces. */
  private static final Pattern TOPIC_SEGMENT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigLoader() {}

  public static GatewayConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException("", "configuration file not found: " + file);
    } catch (IOException e) {
      throw new ConfigException("", "cannot read configuration file " + file + ": " + e);
    }
    return parse(text, System::getenv);
  }

  /** Every key at its default: what `rapport demo` and an empty file give. */
  public static GatewayConfig defaults() {
    return parse("", name -> null);
  }

  public static GatewayConfig parse(String yaml, Function<String, String> environment) {
    JsonNode root;
    try {
      root = yaml.isBlank() ? null : YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new ConfigException("", "not valid YAML" + where + ": " + e.getOriginalMessage());
    }
    ConfigNode top = new ConfigNode("", root, environment);
    String site = topicSegment(top, "site", DEFAULT_SITE);
    String gateway = topicSegment(top, "gateway", DEFAULT_GATEWAY);
    Path dataDir = Path.of(top.string("data_dir", DEFAULT_DATA_DIR));
    GatewayConfig.Grid grid = grid(top.section("grid"));
    GatewayConfig config =
        new GatewayConfig(
            site,
            gateway,
            dataDir,
            grid,
            engine(top.section("engine"), grid),
            clock(top.section("clock")),
            badges(top.section("badges")),
            mqtt(top.section("mqtt")),
            recording(top.section("recording")),
            dashboard(top.section("dashboard")),
            hardware(top.section("hardware")));
    top.finish();
    return config;
  }

  private static String topicSegment(ConfigNode node, String name, String defaultValue) {
    String value = node.string(name, defaultValue);
    if (!TOPIC_SEGMENT.matcher(value).matches()) {
      throw new ConfigException(
          node.key(name),
          "value '"
              + value
              + "' is not allowed (allowed: 1 to 64 letters, digits, '-' or '_'; it becomes an"
              + " MQTT topic level)");
    }
    return value;
  }

  private static GatewayConfig.Grid grid(ConfigNode n) {
    GatewayConfig.Grid grid =
        new GatewayConfig.Grid(
            (int) n.integer("rate_hz", DEFAULT_GRID_RATE_HZ, 1, 200, "Hz"),
            n.durationMs("allowed_lateness", DEFAULT_ALLOWED_LATENESS_MS, 0, 60_000));
    n.finish();
    return grid;
  }

  private static GatewayConfig.Engine engine(ConfigNode n, GatewayConfig.Grid grid) {
    long windowMs = n.durationMs("window", DEFAULT_WINDOW_MS, 1_000, 600_000);
    long maxLagMs = n.durationMs("max_lag", DEFAULT_MAX_LAG_MS, 0, 60_000);
    long hopMs = n.durationMs("hop", DEFAULT_HOP_MS, 40, 600_000);
    int maxMissing = (int) n.integer("max_missing_pct", DEFAULT_MAX_MISSING_PERCENT, 0, 90, "%");
    int surrogates = (int) n.integer("surrogates", DEFAULT_SURROGATES, 0, 64, "shifts");
    n.finish();
    if (maxLagMs * 2 >= windowMs) {
      throw new ConfigException(
          n.key("max_lag"),
          "value "
              + Durations.format(maxLagMs)
              + " is not allowed with window="
              + Durations.format(windowMs)
              + " (allowed: less than half the window)");
    }
    long periodMs = 1000L / grid.rateHz();
    if (hopMs < periodMs) {
      throw new ConfigException(
          n.key("hop"),
          "value "
              + Durations.format(hopMs)
              + " is shorter than one grid tick ("
              + periodMs
              + "ms at grid.rate_hz="
              + grid.rateHz()
              + ")");
    }
    wholeTicks(n, "window", windowMs, grid.rateHz());
    wholeTicks(n, "max_lag", maxLagMs, grid.rateHz());
    wholeTicks(n, "hop", hopMs, grid.rateHz());
    GatewayConfig.Engine engine =
        new GatewayConfig.Engine(windowMs, maxLagMs, hopMs, maxMissing, surrogates);
    // The checks above name the key; whatever else the engine requires (e.g. its window limit in
    // samples, which depends on grid.rate_hz) is checked by building its parameters, so a file
    // that loads is a file the engine starts with.
    try {
      engine.syncConfig(grid.rateHz());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          n.path(),
          "the synchrony engine cannot run with these settings at grid.rate_hz="
              + grid.rateHz()
              + ": "
              + e.getMessage());
    }
    return engine;
  }

  /**
   * The engine counts in grid ticks and never rounds a duration (a silently rounded lag would shift
   * every reported lag), so each duration must be a whole number of ticks: a multiple of 1000 /
   * gcd(1000, rate) ms.
   */
  private static void wholeTicks(ConfigNode n, String key, long ms, int rateHz) {
    if (ms * rateHz % 1000 != 0) {
      long stepMs = 1000 / gcd(1000, rateHz);
      throw new ConfigException(
          n.key(key),
          "value "
              + Durations.format(ms)
              + " is not a whole number of grid ticks at grid.rate_hz="
              + rateHz
              + " (allowed: multiples of "
              + stepMs
              + "ms)");
    }
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private static GatewayConfig.Clock clock(ConfigNode n) {
    long fastMs =
        n.durationMs(
            "sync_fast_interval",
            TimeSyncScheduler.DEFAULT_FAST_INTERVAL_NS / 1_000_000L,
            10,
            1_000);
    long slowMs =
        n.durationMs(
            "sync_slow_interval",
            TimeSyncScheduler.DEFAULT_SLOW_INTERVAL_NS / 1_000_000L,
            100,
            60_000);
    n.finish();
    if (slowMs < fastMs) {
      throw new ConfigException(
          n.key("sync_slow_interval"),
          "value "
              + Durations.format(slowMs)
              + " is not allowed with sync_fast_interval="
              + Durations.format(fastMs)
              + " (allowed: at least the fast interval)");
    }
    return new GatewayConfig.Clock(fastMs, slowMs);
  }

  private static GatewayConfig.Badges badges(ConfigNode n) {
    List<GatewayConfig.Serial> serial = new ArrayList<>();
    for (ConfigNode s : n.sections("serial")) {
      serial.add(
          new GatewayConfig.Serial(
              s.requiredString("path"),
              (int) s.integer("baud", DEFAULT_SERIAL_BAUD, 1_200, 4_000_000, "baud")));
      s.finish();
    }
    ConfigNode b = n.section("ble");
    GatewayConfig.Ble ble =
        new GatewayConfig.Ble(
            b.bool("enabled", false), b.string("adapter", "hci0"), b.string("bus_address", null));
    b.finish();
    ConfigNode sim = n.section("simulated");
    GatewayConfig.Simulated simulated =
        new GatewayConfig.Simulated(
            (int) sim.integer("count", 0, 0, 256, "badges"),
            sim.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE, ""));
    sim.finish();
    n.finish();
    return new GatewayConfig.Badges(List.copyOf(serial), ble, simulated);
  }

  private static GatewayConfig.Mqtt mqtt(ConfigNode n) {
    String url = n.string("url", null);
    if (url != null && !(url.startsWith("tcp://") || url.startsWith("ssl://"))) {
      throw new ConfigException(
          n.key("url"),
          "value '"
              + url
              + "' is not allowed (allowed: tcp://host:port or ssl://host:port; leave it out for"
              + " the embedded broker)");
    }
    ConfigNode embedded = n.section("embedded");
    String embeddedHost = embedded.string("host", DEFAULT_EMBEDDED_HOST);
    int embeddedPort =
        (int) embedded.integer("port", DEFAULT_EMBEDDED_PORT, 0, 65_535, "(0 = any free port)");
    embedded.finish();
    ConfigNode tls = n.section("tls");
    String ca = tls.string("ca_file", null);
    String cert = tls.string("cert_file", null);
    String key = tls.string("key_file", null);
    tls.finish();
    if ((cert == null) != (key == null)) {
      throw new ConfigException(
          tls.key(cert == null ? "cert_file" : "key_file"),
          "is missing (allowed: both cert_file and key_file, or neither)");
    }
    ConfigNode outbox = n.section("outbox");
    long maxBytes =
        outbox.integer("max_bytes", DEFAULT_OUTBOX_MAX_BYTES, 64 * 1024, Long.MAX_VALUE, "bytes");
    String fsync = outbox.choice("fsync", "batch", "always", "batch", "never");
    outbox.finish();
    GatewayConfig.Mqtt mqtt =
        new GatewayConfig.Mqtt(
            url,
            embeddedHost,
            embeddedPort,
            n.string("client_id", null),
            n.string("username", null),
            n.string("password", null),
            n.durationMs("keepalive", DEFAULT_KEEPALIVE_MS, 1_000, 3_600_000),
            ca,
            cert,
            key,
            maxBytes,
            fsync,
            (int)
                n.integer(
                    "max_inflight",
                    MqttSettings.DEFAULT_INFLIGHT_WINDOW,
                    1,
                    MqttSettings.MAX_INFLIGHT_WINDOW,
                    "messages"));
    n.finish();
    return mqtt;
  }

  private static GatewayConfig.Recording recording(ConfigNode n) {
    GatewayConfig.Recording recording =
        new GatewayConfig.Recording(
            n.bool("enabled", false),
            n.integer("rotate_bytes", DEFAULT_ROTATE_BYTES, 64 * 1024, Long.MAX_VALUE, "bytes"),
            n.durationMs("rotate_interval", DEFAULT_ROTATE_INTERVAL_MS, 1_000, 86_400_000),
            n.durationMs("fsync_interval", DEFAULT_FSYNC_INTERVAL_MS, 0, 60_000));
    n.finish();
    return recording;
  }

  private static GatewayConfig.Dashboard dashboard(ConfigNode n) {
    GatewayConfig.Dashboard dashboard =
        new GatewayConfig.Dashboard(
            n.bool("enabled", true),
            n.string("host", "127.0.0.1"),
            (int) n.integer("port", DEFAULT_DASHBOARD_PORT, 0, 65_535, "(0 = any free port)"));
    n.finish();
    return dashboard;
  }

  private static GatewayConfig.Hardware hardware(ConfigNode n) {
    GatewayConfig.Hardware hardware =
        new GatewayConfig.Hardware(
            n.choice("mode", "auto", "auto", "on", "off"),
            (int) n.integer("led_pin", DEFAULT_LED_PIN, 0, 27, "(BCM)"),
            (int) n.integer("button_pin", DEFAULT_BUTTON_PIN, 0, 27, "(BCM)"),
            (int) n.integer("buzzer_pin", DEFAULT_BUZZER_PIN, -1, 27, "(BCM, -1 = none)"),
            n.durationMs("debounce", DEFAULT_DEBOUNCE_MS, 1, 1_000));
    n.finish();
    if (hardware.ledPin() == hardware.buttonPin()
        || hardware.buzzerPin() == hardware.ledPin()
        || hardware.buzzerPin() == hardware.buttonPin()) {
      throw new ConfigException(
          n.key("button_pin"),
          "pins must differ, led_pin="
              + hardware.ledPin()
              + " button_pin="
              + hardware.buttonPin()
              + " buzzer_pin="
              + hardware.buzzerPin());
    }
    return hardware;
  }
}
