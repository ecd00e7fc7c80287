package dev.rapport.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.gateway.mqtt.DyadScoreMessage;
import dev.rapport.gateway.session.DyadCsv;
import dev.rapport.gateway.session.RecordIndex;
import dev.rapport.gateway.session.RecordingReader;
import dev.rapport.gateway.session.SessionStore;
import dev.rapport.gateway.session.SimulatedSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code rapport replay} on a session recorded live from a simulated room. */
class ReplayCommandTest {
  @TempDir Path tmp;

  record Run(int exitCode, String out, String err) {}

  static Run rapport(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = RapportCli.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void shouldReproduceTheLiveScoresBitForBit() throws IOException {
    SimulatedSessions.Recorded session = SimulatedSessions.standard();
    assertThat(session.live()).hasSizeGreaterThan(6 * 25);
    assertThat(session.recorder().dropped()).isZero();
    Path csv = tmp.resolve("scores.csv");

    Run run =
        rapport(
            "replay",
            session.info().id(),
            "--data-dir",
            session.dataDir().toString(),
            "--out",
            csv.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(Files.readString(csv)).isEqualTo(session.liveCsv());
    assertThat(run.out())
        .contains("scores reproduce the live run")
        .contains("recording complete: no damage, nothing lost")
        .contains(session.live().size() + " score rows for 6 dyads of 4 badges");
    assertThat(Files.exists(tmp.resolve("scores.csv.part"))).isFalse();
  }

  @Test
  void shouldWriteScoresToStandardOutputWithoutOut() {
    SimulatedSessions.Recorded session = SimulatedSessions.standard();

    Run run = rapport("replay", session.info().id(), "--data-dir", session.dataDir().toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).isEqualTo(session.liveCsv());
    assertThat(run.err()).contains("recording complete");
  }

  @Test
  void shouldReanalyseWithOtherParameters() throws IOException {
    SimulatedSessions.Recorded session = SimulatedSessions.standard();
    Path csv = tmp.resolve("reanalysed.csv");

    Run run =
        rapport(
            "replay",
            session.info().id(),
            "--data-dir",
            session.dataDir().toString(),
            "--window",
            "6s",
            "--max-lag",
            "1s",
            "--hop",
            "400ms",
            "--out",
            csv.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("re-analysis").contains("window overridden: 6000 ms");
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo(DyadCsv.HEADER);
    List<DyadScoreMessage> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      rows.add(DyadCsv.parse(line)); // validates every range
    }
    // A shorter window starts scoring earlier and a 0.4 s hop scores 2.5 times as often.
    assertThat(rows.size()).isGreaterThan(session.live().size() * 2);
    assertThat(rows).allSatisfy(m -> assertThat(m.windowMs()).isEqualTo(6_000));
    assertThat(rows).allSatisfy(m -> assertThat(m.maxLagMs()).isEqualTo(1_000));
    List<DyadScoreMessage> moving = rows.stream().filter(m -> m.movement().r() != null).toList();
    assertThat(moving).hasSizeGreaterThan(rows.size() / 2);
    assertThat(moving)
        .allSatisfy(m -> assertThat(Math.abs(m.movement().lagMs())).isLessThanOrEqualTo(1_000));
    long[] times = rows.stream().mapToLong(DyadScoreMessage::timeMs).distinct().toArray();
    assertThat(times[1] - times[0]).isEqualTo(400);
    assertThat(Files.readString(csv)).isNotEqualTo(session.liveCsv());
  }

  @Test
  void shouldReplayACorruptedRecordingReportTheDamageAndReadEveryUndamagedRecord()
      throws IOException {
    SimulatedSessions.Recorded session = SimulatedSessions.standard();
    RecordIndex index = RecordIndex.of(session.recordingDirectory());
    assertThat(index.files()).hasSizeGreaterThan(1);
    SplittableRandom random = new SplittableRandom(42);
    for (int trial = 0; trial < 4; trial++) {
      Path dataDir = tmp.resolve("corrupt" + trial);
      SimulatedSessions.copySession(session, dataDir);
      Path recording = new SessionStore(dataDir).recordingDirectory(session.info().id());
      List<boolean[]> touched = untouched(index);
      int flips = 1 + random.nextInt(3);
      for (int i = 0; i < flips; i++) {
        int file = random.nextInt(index.files().size());
        Path path = recording.resolve(index.files().get(file).getFileName());
        byte[] bytes = Files.readAllBytes(path);
        int at = random.nextInt(bytes.length);
        bytes[at] ^= (byte) (1 + random.nextInt(255));
        Files.write(path, bytes);
        touched.get(file)[at] = true;
      }
      checkDamagedReplay(session, index, dataDir, recording, touched, "corrupt trial " + trial);
    }
  }

  @Test
  void shouldReplayATruncatedRecordingReportTheDamageAndReadEverythingBeforeIt()
      throws IOException {
    SimulatedSessions.Recorded session = SimulatedSessions.standard();
    RecordIndex index = RecordIndex.of(session.recordingDirectory());
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 3; trial++) {
      Path dataDir = tmp.resolve("truncated" + trial);
      SimulatedSessions.copySession(session, dataDir);
      Path recording = new SessionStore(dataDir).recordingDirectory(session.info().id());
      List<boolean[]> touched = untouched(index);
      // The last file in the first trial: the torn tail a crash leaves; then any file.
      int file = trial == 0 ? index.files().size() - 1 : random.nextInt(index.files().size());
      Path path = recording.resolve(index.files().get(file).getFileName());
      byte[] bytes = Files.readAllBytes(path);
      int cut = 16 + random.nextInt(bytes.length - 16);
      Files.write(path, Arrays.copyOf(bytes, cut));
      Arrays.fill(touched.get(file), cut, bytes.length, true);
      checkDamagedReplay(session, index, dataDir, recording, touched, "truncation trial " + trial);
    }
  }

  private static List<boolean[]> untouched(RecordIndex index) throws IOException {
    List<boolean[]> touched = new ArrayList<>();
    for (Path f : index.files()) {
      touched.add(new boolean[(int) Files.size(f)]);
    }
    return touched;
  }

  private void checkDamagedReplay(
      SimulatedSessions.Recorded session,
      RecordIndex index,
      Path dataDir,
      Path recording,
      List<boolean[]> touched,
      String trial)
      throws IOException {
    // Exactly the records no damaged byte touched are read, in order.
    RecordingReader.Report[] report = new RecordingReader.Report[1];
    assertThat(RecordIndex.read(recording, report)).as(trial).isEqualTo(index.survivors(touched));
    assertThat(report[0].damage()).as(trial).isNotEmpty();

    Path csv = dataDir.resolve("scores.csv");
    Run run =
        rapport(
            "replay",
            session.info().id(),
            "--data-dir",
            dataDir.toString(),
            "--out",
            csv.toString());
    assertThat(run.exitCode()).as(trial + ": " + run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).as(trial).contains("DAMAGE").contains("every undamaged record");
    assertThat(run.out()).as(trial).doesNotContain("recording complete");

    // Every score computed from events before the first damaged one is exactly the live score.
    long intactEvents = index.intactEventPrefix(touched);
    List<String> replayed = Files.readAllLines(csv);
    List<String> live = session.liveCsv().lines().toList();
    int sameRows = 0;
    while (sameRows < session.live().size()
        && session.liveEventIndex().get(sameRows) <= intactEvents) {
      sameRows++;
    }
    assertThat(replayed.size()).as(trial).isGreaterThan(sameRows);
    assertThat(replayed.subList(0, 1 + sameRows))
        .as(trial)
        .isEqualTo(live.subList(0, 1 + sameRows));
    for (String row : replayed.subList(1, replayed.size())) {
      DyadCsv.parse(row);
    }
  }

  @Test
  void shouldSayWhenTheSessionDoesNotExist() {
    Run run = rapport("replay", "nope", "--data-dir", tmp.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(run.err()).contains("no session 'nope'").contains("rapport sessions");
  }

  @Test
  void shouldRefuseImpossibleOverridesNamingTheParameter() {
    SimulatedSessions.Recorded session = SimulatedSessions.standard();

    Run run =
        rapport(
            "replay",
            session.info().id(),
            "--data-dir",
            session.dataDir().toString(),
            "--window",
            "2s",
            "--max-lag",
            "2s");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("max lag must be less than half the window");
  }
}
