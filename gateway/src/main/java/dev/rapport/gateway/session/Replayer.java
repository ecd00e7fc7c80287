package dev.rapport.gateway.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.gateway.engine.EngineEvent;
import dev.rapport.gateway.engine.EngineOutput;
import dev.rapport.gateway.engine.EngineSettings;
import dev.rapport.gateway.engine.GatewayEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Drives a fresh {@link GatewayEngine} with a session's recorded events, in recorded order, through
 * the same entry points the live engine thread uses: with the same settings the engine computes the
 * live scores again, bit for bit. Damage in the recording is skipped by the reader and reported;
 * every undamaged record is replayed. Optionally paced to real speed by the recorded event times.
 * One thread.
 */
public final class Replayer {
  private static final int MAX_EXAMPLES = 10;
  private static final long PROGRESS_STEP_BYTES = 1 << 20;

  /** Waits until an event's recorded time is due; {@link #FAST} never waits. */
  @FunctionalInterface
  public interface Pacer {
    void awaitEventTime(long timeNs) throws InterruptedException;
  }

  public static final Pacer FAST = timeNs -> {};

  /** Receives how many recording bytes have been read, now and then and once at the end. */
  @FunctionalInterface
  public interface Progress {
    void onProgress(long bytesRead, long bytesTotal);
  }

  /**
   * What a replay read and did.
   *
   * @param droppedLive events the live recorder lost to a full queue (the recording says so)
   * @param malformed records with a valid CRC whose body did not fit their type
   */
  public record Result(
      long frames,
      long watermarks,
      long syncRequests,
      long markers,
      long sessionRecords,
      long malformed,
      List<String> malformedExamples,
      long droppedLive,
      long firstEventNs,
      long lastEventNs,
      RecordingReader.Report report) {

    /** True when every recorded event was read and the live recorder lost none. */
    public boolean complete() {
      return report.damage().isEmpty()
          && report.unknownTypeRecords() == 0
          && malformed == 0
          && droppedLive == 0;
    }

    public long events() {
      return frames + watermarks + syncRequests + markers;
    }
  }

  private final GatewayEngine engine;

  public Replayer(GatewayEngine engine) {
    this.engine = engine;
  }

  /**
   * A fresh engine for replaying {@code info}: its consent decides which badges are scored, and its
   * id is the session of every result. Nothing is sent to badges: time-sync requests the engine
   * asks for are answered by the recorded ones.
   */
  public static GatewayEngine engineFor(
      SessionInfo info, EngineSettings settings, EngineOutput output) {
    return new GatewayEngine(settings, output, ConsentTable.of(info), link -> "replay", info.id());
  }

  public GatewayEngine engine() {
    return engine;
  }

  public Result replay(Path recordingDirectory, Pacer pacer, Progress progress)
      throws IOException, InterruptedException {
    Run run = new Run(pacer, progress, totalBytes(recordingDirectory));
    RecordingReader.Report report;
    try {
      report = new RecordingReader().read(recordingDirectory, run::onRecord);
    } catch (Interrupted e) {
      throw (InterruptedException) e.getCause();
    }
    progress.onProgress(run.totalBytes, run.totalBytes);
    return new Result(
        run.frames,
        run.watermarks,
        run.syncRequests,
        run.markers,
        run.sessionRecords,
        run.malformed,
        List.copyOf(run.examples),
        run.droppedLive,
        run.firstNs,
        run.lastNs,
        report);
  }

  /** Paces to real speed: an event is handed on when as much wall time has passed as event time. */
  public static Pacer realtime(LongSupplier nanoClock) {
    return new Pacer() {
      private boolean started;
      private long firstEventNs;
      private long firstWallNs;

      @Override
      public void awaitEventTime(long timeNs) throws InterruptedException {
        if (!started) {
          started = true;
          firstEventNs = timeNs;
          firstWallNs = nanoClock.getAsLong();
          return;
        }
        long dueWallNs = firstWallNs + (timeNs - firstEventNs);
        long waitNs;
        while ((waitNs = dueWallNs - nanoClock.getAsLong()) > 0) {
          LockSupport.parkNanos(waitNs);
          if (Thread.interrupted()) {
            throw new InterruptedException("replay interrupted");
          }
        }
      }
    };
  }

  private static long totalBytes(Path directory) throws IOException {
    long total = 0;
    for (Path f : RecordingFiles.list(directory)) {
      total += Files.size(f);
    }
    return total;
  }

  /** Carries an interruption of the pacer out of the reader's visitor. */
  private static final class Interrupted extends RuntimeException {
    Interrupted(InterruptedException cause) {
      super(cause);
    }
  }

  /** State of one replay; the handler methods feed the engine without copying frame bytes. */
  private final class Run implements EventRecords.Handler {
    final Pacer pacer;
    final Progress progress;
    final long totalBytes;
    final List<String> examples = new ArrayList<>();
    long bytesRead;
    long nextProgressBytes;
    long frames;
    long watermarks;
    long syncRequests;
    long markers;
    long sessionRecords;
    long malformed;
    long droppedLive;
    long firstNs = Long.MIN_VALUE;
    long lastNs = Long.MIN_VALUE;
    byte[] lastBuffer;

    Run(Pacer pacer, Progress progress, long totalBytes) {
      this.pacer = pacer;
      this.progress = progress;
      this.totalBytes = totalBytes;
    }

    void onRecord(RecordType type, long timeNs, byte[] buffer, int offset, int length) {
      if (buffer != lastBuffer) {
        lastBuffer = buffer;
        bytesRead += RecordLayout.FILE_HEADER_BYTES;
      }
      bytesRead += RecordLayout.HEADER_BYTES + length;
      if (bytesRead >= nextProgressBytes) {
        nextProgressBytes = bytesRead + Math.max(PROGRESS_STEP_BYTES, totalBytes / 200);
        progress.onProgress(Math.min(bytesRead, totalBytes), totalBytes);
      }
      if (type == RecordType.SESSION) {
        sessionRecords++;
        onSession(timeNs, buffer, offset, length);
        return;
      }
      try {
        pacer.awaitEventTime(timeNs);
      } catch (InterruptedException e) {
        throw new Interrupted(e);
      }
      try {
        EventRecords.dispatch(type, timeNs, buffer, offset, length, this);
      } catch (IllegalArgumentException e) {
        // The CRC matched, so the writer wrote this body: a bug or a newer writer, not damage.
        malformed++;
        example(type + " record at time_ns=" + timeNs + ": " + e.getMessage());
        return;
      }
      if (firstNs == Long.MIN_VALUE) {
        firstNs = timeNs;
      }
      lastNs = Math.max(lastNs, timeNs);
    }

    private void onSession(long timeNs, byte[] buffer, int offset, int length) {
      try {
        JsonNode node = SessionRecorder.JSON.readTree(buffer, offset, length);
        if ("dropped".equals(node.path("event").asText())) {
          droppedLive += node.path("events").asLong();
        }
      } catch (IOException e) {
        malformed++;
        example("SESSION record at time_ns=" + timeNs + " is not JSON: " + e.getMessage());
      }
    }

    private void example(String text) {
      if (examples.size() < MAX_EXAMPLES) {
        examples.add(text);
      }
    }

    @Override
    public void onFrame(int link, long receiveNs, byte[] frame, int offset, int length) {
      frames++;
      engine.onFrame(link, receiveNs, frame, offset, length);
    }

    @Override
    public void onWatermark(long nowNs, long epochMs) {
      watermarks++;
      engine.onWatermark(nowNs, epochMs);
    }

    @Override
    public void onSyncRequestSent(int badgeId, long correlationId, long sentNs) {
      syncRequests++;
      engine.onSyncRequestSent(badgeId, correlationId, sentNs);
    }

    @Override
    public void onMarker(long nowNs, byte[] label, int offset, int length) {
      markers++;
      engine.onEvent(
          new EngineEvent(
              EngineEvent.Kind.MARKER,
              nowNs,
              -1,
              0,
              Arrays.copyOfRange(label, offset, offset + length)));
    }
  }
}
