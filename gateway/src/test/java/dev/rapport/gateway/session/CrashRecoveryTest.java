package dev.rapport.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -9} of a process writing a recording: nothing synced is lost, the tail is clean. */
class CrashRecoveryTest {
  private static final int SYNC_EVERY = 50;
  private static final int SYNCS_BEFORE_KILL = 20;

  @TempDir Path tmp;

  @Test
  void shouldKeepEverySyncedRecordWhenTheWriterIsKilled() throws Exception {
    Path dir = tmp.resolve("recording");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashingWriterMain.class.getName(),
                dir.toString(),
                Integer.toString(SYNC_EVERY))
            .redirectError(tmp.resolve("child.err").toFile())
            .start();
    AtomicLong synced = new AtomicLong();
    AtomicReference<Exception> readError = new AtomicReference<>();
    AtomicBoolean killed = new AtomicBoolean();
    CountDownLatch enoughSyncs = new CountDownLatch(SYNCS_BEFORE_KILL);
    Thread stdout =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  synced.set(Long.parseLong(line.trim()));
                  enoughSyncs.countDown();
                }
              } catch (java.io.IOException e) {
                // Once the child is killed, the JDK's process reaper drains and closes the pipe
                // under a concurrent reader ("Stream closed"): expected then, and the lines
                // already read are a valid lower bound. Before the kill it is a real failure.
                if (!killed.get()) {
                  readError.set(e);
                }
              }
            });
    stdout.start();
    boolean running = enoughSyncs.await(60, TimeUnit.SECONDS);
    killed.set(true);
    child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no final sync
    assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
    stdout.join(10_000);
    assertThat(running)
        .as(
            "child printed %d syncs; stderr: %s",
            synced.get(), Files.readString(tmp.resolve("child.err")))
        .isTrue();
    assertThat(readError.get()).isNull();
    long syncedRecords = synced.get();
    assertThat(syncedRecords).isGreaterThanOrEqualTo((long) SYNC_EVERY * SYNCS_BEFORE_KILL);

    List<Integer> ids = new ArrayList<>();
    RecordingReader.Report report =
        new RecordingReader()
            .read(
                dir,
                (type, timeNs, buffer, offset, length) -> {
                  int id =
                      ByteBuffer.wrap(buffer, offset, length)
                          .order(ByteOrder.LITTLE_ENDIAN)
                          .getInt();
                  assertThat(Arrays.copyOfRange(buffer, offset, offset + length))
                      .isEqualTo(CrashingWriterMain.body(id));
                  assertThat(timeNs).isEqualTo(id * 1_000L);
                  ids.add(id);
                });

    assertThat((long) ids.size()).isGreaterThanOrEqualTo(syncedRecords);
    for (int i = 0; i < ids.size(); i++) {
      assertThat(ids.get(i)).isEqualTo(i);
    }
    // Either the kill fell between records (clean end) or it cut one: a torn tail, nothing else.
    // A kill during rotation can also leave the newest file without its full header.
    List<RecordingReader.Damage> damage = new ArrayList<>(report.damage());
    Path newest = RecordingFiles.list(dir).get(report.files() - 1);
    damage.removeIf(
        d ->
            d.kind().equals("bad file header")
                && d.file().equals(newest)
                && d.bytes() < RecordLayout.FILE_HEADER_BYTES);
    if (report.tornTail()) {
      assertThat(damage).hasSize(1);
      assertThat(damage.get(0).kind()).isEqualTo("torn tail");
      assertThat(damage.get(0).file()).isEqualTo(newest);
    } else {
      assertThat(damage).isEmpty();
    }
    assertThat(report.files()).isGreaterThanOrEqualTo(1);
  }
}
