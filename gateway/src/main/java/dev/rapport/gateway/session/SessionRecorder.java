package dev.rapport.gateway.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.rapport.gateway.config.GatewayConfig;
import dev.rapport.gateway.engine.EngineEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a session's engine events on its own thread ({@code rapport-recorder}), so that file I/O
 * and fsync never stall the engine: the engine thread calls {@link #offer}, which never blocks;
 * when the bounded queue is full the event is dropped and counted, and the recording itself says
 * where (a SESSION record {@code {"event":"dropped","events":N}}), because a replay of a recording
 * with a hole cannot match the live scores and must say so.
 *
 * <p>The recording starts with a SESSION record holding the session's metadata and ends, on {@link
 * #stop()}, with a SESSION {@code stop} record, after which the files are synced and closed. Write
 * errors (a full disk) are logged, counted and survived: the event being written is lost, the next
 * one is tried again, a reader skips any partial record, and {@link #stop()} reports the errors.
 */
public final class SessionRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRecorder.class);
  public static final int DEFAULT_QUEUE_CAPACITY = 1 << 16;
  private static final long POLL_MS = 100;
  private static final long STOP_TIMEOUT_MS = 30_000;
  private static final long LOG_INTERVAL_NS = 10_000_000_000L;
  private static final int BATCH = 256;

  static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private final RecordingSink sink;
  private final SessionInfo info;
  private final ArrayBlockingQueue<EngineEvent> queue;
  private final List<EngineEvent> batch = new ArrayList<>(BATCH);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong writeErrors = new AtomicLong();
  private final Thread thread;
  private volatile boolean stopping;
  private volatile IOException lastError;
  // Recorder thread only.
  private long droppedNoted;
  private boolean startWritten;
  private long lastErrorLogNs = Long.MIN_VALUE;

  /** What a recorder did, for the session's end report. */
  public record Summary(long eventsWritten, long eventsWithheld, long dropped, long writeErrors) {}

  public SessionRecorder(RecordingSink sink, SessionInfo info, int queueCapacity) {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException(
          "queue capacity must be positive, capacity=" + queueCapacity);
    }
    this.sink = sink;
    this.info = info;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.thread = new Thread(this::run, "rapport-recorder");
    this.thread.setDaemon(true);
  }

  /** A recorder writing into {@code store}'s recording directory of the session. */
  public static SessionRecorder open(
      SessionStore store, SessionInfo info, GatewayConfig.Recording recording) {
    RecordingWriter writer =
        new RecordingWriter(
            store.recordingDirectory(info.id()),
            recording.rotateBytes(),
            recording.rotateIntervalMs() * 1_000_000L,
            recording.fsyncIntervalMs() * 1_000_000L);
    return new SessionRecorder(
        new RecordingSink(writer, ConsentTable.of(info)), info, DEFAULT_QUEUE_CAPACITY);
  }

  public void start() {
    thread.start();
  }

  /**
   * Hands an event to the recorder; never blocks. Engine thread.
   *
   * @return false when the queue was full or the recorder is stopping: the event is lost (counted)
   */
  public boolean offer(EngineEvent event) {
    if (stopping || !queue.offer(event)) {
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }

  /**
   * Writes what is queued, a stop record, syncs and closes the files.
   *
   * @throws IOException if the recorder thread could not finish in time or the last write failed
   */
  public Summary stop() throws IOException {
    stopping = true;
    if (thread.isAlive() || thread.getState() == Thread.State.NEW) {
      if (thread.getState() == Thread.State.NEW) {
        thread.start();
      }
      try {
        thread.join(STOP_TIMEOUT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping the recorder of session " + info.id(), e);
      }
      if (thread.isAlive()) {
        throw new IOException(
            "recorder of session "
                + info.id()
                + " did not finish within "
                + STOP_TIMEOUT_MS
                + " ms");
      }
    }
    Summary summary = summary();
    if (lastError != null) {
      throw new IOException(
          "recording of session "
              + info.id()
              + " had "
              + summary.writeErrors()
              + " write errors, last: "
              + lastError.getMessage(),
          lastError);
    }
    return summary;
  }

  /** Counters so far; exact once {@link #stop()} returned. */
  public Summary summary() {
    return new Summary(
        sink.eventsWritten(), sink.eventsWithheld(), dropped.get(), writeErrors.get());
  }

  public long dropped() {
    return dropped.get();
  }

  public int queued() {
    return queue.size();
  }

  private void run() {
    try {
      while (true) {
        EngineEvent first = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (stopping && queue.isEmpty()) {
            break;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        for (int i = 0; i < batch.size(); i++) {
          write(batch.get(i));
        }
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn(
          "recorder of session {} interrupted; {} events left unwritten", info.id(), queue.size());
    }
    finish();
  }

  private void write(EngineEvent event) {
    try {
      if (!startWritten) {
        writeStart(event.timeNs());
      }
      long lost = dropped.get() - droppedNoted;
      if (lost > 0) {
        writeDropped(event.timeNs(), lost);
        LOG.warn(
            "recorder of session {}: queue full, {} events lost ({} in total); a replay will not"
                + " match the live scores",
            info.id(),
            lost,
            droppedNoted);
      }
      sink.write(event);
    } catch (IOException e) {
      failed(e);
    }
  }

  private void writeStart(long timeNs) throws IOException {
    Map<String, Object> start = new LinkedHashMap<>();
    start.put("event", "start");
    start.put("session", info);
    sink.writeSession(timeNs, JSON.writeValueAsBytes(start));
    startWritten = true;
  }

  private void writeDropped(long timeNs, long lost) throws IOException {
    sink.writeSession(
        timeNs,
        ("{\"event\":\"dropped\",\"events\":" + lost + "}").getBytes(StandardCharsets.UTF_8));
    droppedNoted += lost;
  }

  private void finish() {
    try {
      if (!startWritten) {
        writeStart(sink.lastTimeNs()); // a session without a single event still says what it was
      }
      long lost = dropped.get() - droppedNoted;
      if (lost > 0) {
        writeDropped(sink.lastTimeNs(), lost);
      }
      Map<String, Object> stop = new LinkedHashMap<>();
      stop.put("event", "stop");
      stop.put("events_written", sink.eventsWritten());
      stop.put("events_withheld", sink.eventsWithheld());
      stop.put("events_dropped", dropped.get());
      stop.put("write_errors", writeErrors.get());
      sink.writeSession(sink.lastTimeNs(), JSON.writeValueAsBytes(stop));
      sink.sync();
    } catch (IOException e) {
      failed(e);
    } finally {
      try {
        sink.close();
      } catch (IOException e) {
        failed(e);
      }
    }
  }

  private void failed(IOException e) {
    writeErrors.incrementAndGet();
    lastError = e;
    long now = System.nanoTime();
    if (lastErrorLogNs == Long.MIN_VALUE || now - lastErrorLogNs >= LOG_INTERVAL_NS) {
      lastErrorLogNs = now;
      LOG.error(
          "recording of session {} failed to write ({} errors so far)",
          info.id(),
          writeErrors.get(),
          e);
    }
  }
}
