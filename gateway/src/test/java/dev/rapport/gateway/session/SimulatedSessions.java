package dev.rapport.gateway.session;

import dev.rapport.badge.sim.BadgeFleet;
import dev.rapport.badge.sim.BadgeFleetConfig;
import dev.rapport.badge.sim.SimConfig;
import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.engine.EngineEvent;
import dev.rapport.gateway.engine.EngineSettings;
import dev.rapport.gateway.mqtt.DyadScoreMessage;
import dev.rapport.gateway.runtime.EngineOutputs;
import dev.rapport.gateway.runtime.VirtualRoom;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Records simulated sessions live, the way the gateway does: a {@link VirtualRoom} (real decoder,
 * badge sessions, clock alignment, engine) whose every event goes to a {@link SessionRecorder}
 * writing real files into a {@link SessionStore}, while the live scores, markers and grid are kept
 * for comparison. The standard session is recorded once per test JVM and shared read-only.
 */
public final class SimulatedSessions {
  public static final String STANDARD_ID = "sim-standard";
  public static final String MARKER_LABEL = "phase 2, \"intervention\"";
  private static Recorded standard;

  private SimulatedSessions() {}

  /**
   * A live session and what the live engine produced.
   *
   * @param liveEventIndex per live dyad row: how many events the engine had been given when it
   *     produced the row (the row depends only on those)
   */
  public record Recorded(
      Path dataDir,
      SessionStore store,
      SessionInfo info,
      List<DyadScoreMessage> live,
      List<Long> liveEventIndex,
      List<String> liveMarkers,
      String liveSamplesCsv,
      String liveFeaturesCsv,
      long events,
      SessionRecorder.Summary recorder) {

    /** The live scores as the replay command writes them. */
    public String liveCsv() {
      StringBuilder b = new StringBuilder(DyadCsv.HEADER).append('\n');
      for (DyadScoreMessage m : live) {
        DyadCsv.row(m, b).append('\n');
      }
      return b.toString();
    }

    public Path recordingDirectory() {
      return store.recordingDirectory(info.id());
    }
  }

  /** 4 badges, 40 s, a marker half way, several rotated files; recorded once, do not modify. */
  public static synchronized Recorded standard() {
    if (standard == null) {
      try {
        Path dir = Files.createTempDirectory("rapport-sessions-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        standard = record(dir, STANDARD_ID, 4, 21, 40_000, List.of(), 64 * 1024);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return standard;
  }

  public static Recorded record(
      Path dataDir,
      String id,
      int badges,
      long seed,
      long durationMs,
      List<Participant> participants,
      long rotateBytes)
      throws IOException {
    EngineSettings settings = EngineSettings.from(ConfigLoader.defaults());
    SessionStore store = new SessionStore(dataDir);
    SessionInfo info =
        new SessionInfo(
            id,
            "lab",
            "gw1",
            1_767_225_600_000L,
            null,
            participants,
            SessionParameters.of(settings),
            "test");
    store.save(info);
    // fsync is exercised by the crash test; here it would only slow the suite down.
    RecordingWriter writer =
        new RecordingWriter(store.recordingDirectory(id), rotateBytes, 0, Long.MAX_VALUE);
    // Larger than the events of the whole run: offer can never fail, so nothing is dropped.
    SessionRecorder recorder =
        new SessionRecorder(new RecordingSink(writer, ConsentTable.of(info)), info, 1 << 18);
    recorder.start();

    List<DyadScoreMessage> live = new ArrayList<>();
    List<Long> liveEventIndex = new ArrayList<>();
    List<String> markers = new ArrayList<>();
    long[] events = new long[1];
    EngineOutputs.Ignoring output =
        new EngineOutputs.Ignoring() {
          @Override
          public void onDyad(DyadScoreMessage message) {
            live.add(message);
            liveEventIndex.add(events[0]);
          }

          @Override
          public void onMarker(long timeMs, String label) {
            markers.add(timeMs + "," + label);
          }
        };
    BadgeFleet fleet =
        BadgeFleet.create(
            SimConfig.builder().seed(seed).badgeCount(badges).build(), BadgeFleetConfig.defaults());
    VirtualRoom room =
        new VirtualRoom(
            fleet,
            settings,
            output,
            (EngineEvent e) -> {
              if (e.kind() == EngineEvent.Kind.SESSION) {
                return; // as in the gateway: the recording's own SESSION records mark it
              }
              events[0]++;
              if (!recorder.offer(e)) {
                throw new IllegalStateException("recorder refused event " + events[0]);
              }
            });
    StringWriter samples = new StringWriter();
    StringWriter features = new StringWriter();
    room.engine().tickListener(new GridCsv(samples, features, settings.maxBadges()));
    // As the gateway does: the session starts in the event stream, so live scores carry its id.
    room.session(id);
    room.runFor(durationMs / 2);
    room.mark(MARKER_LABEL);
    room.runFor(durationMs - durationMs / 2);
    SessionRecorder.Summary summary = recorder.stop();
    info = info.stopped(info.startedMs() + durationMs);
    store.save(info);
    return new Recorded(
        dataDir,
        store,
        info,
        List.copyOf(live),
        List.copyOf(liveEventIndex),
        List.copyOf(markers),
        samples.toString(),
        features.toString(),
        events[0],
        summary);
  }

  /** Copies a session (metadata and recording) into another data directory. */
  public static void copySession(Recorded source, Path dataDir) throws IOException {
    Path from = source.store().directory(source.info().id());
    Path to = new SessionStore(dataDir).directory(source.info().id());
    Files.createDirectories(to.getParent());
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }
}
