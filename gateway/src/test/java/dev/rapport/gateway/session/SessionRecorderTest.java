package dev.rapport.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.protocol.Frame;
import dev.rapport.gateway.engine.EngineEvent;
import dev.rapport.gateway.engine.EngineSettings;
import dev.rapport.gateway.engine.GatewayEngine;
import dev.rapport.gateway.mqtt.DyadScoreMessage;
import dev.rapport.gateway.runtime.EngineOutputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder thread, consent, and the replayer driving a fresh engine. */
class SessionRecorderTest {
  @TempDir Path tmp;

  private static final class Collecting extends EngineOutputs.Ignoring {
    final List<DyadScoreMessage> dyads = new ArrayList<>();

    @Override
    public void onDyad(DyadScoreMessage message) {
      dyads.add(message);
    }
  }

  private static String csv(List<DyadScoreMessage> messages) {
    StringBuilder b = new StringBuilder();
    messages.forEach(m -> DyadCsv.row(m, b).append('\n'));
    return b.toString();
  }

  private static Replayer.Result replay(SessionInfo info, Path recording, Collecting out)
      throws IOException, InterruptedException {
    EngineSettings settings =
        SessionParameters.settings(info.parameters(), SessionParameters.Overrides.NONE).settings();
    GatewayEngine engine = Replayer.engineFor(info, settings, out);
    return new Replayer(engine).replay(recording, Replayer.FAST, (done, total) -> {});
  }

  @Test
  void shouldReplayTheRecorderFilesToTheLiveScores() throws Exception {
    SimulatedSessions.Recorded session = SimulatedSessions.standard();
    Collecting replayed = new Collecting();
    List<long[]> progress = new ArrayList<>();
    EngineSettings settings =
        SessionParameters.settings(session.info().parameters(), SessionParameters.Overrides.NONE)
            .settings();

    Replayer.Result result =
        new Replayer(Replayer.engineFor(session.info(), settings, replayed))
            .replay(
                session.recordingDirectory(),
                Replayer.FAST,
                (done, total) -> progress.add(new long[] {done, total}));

    assertThat(csv(replayed.dyads)).isEqualTo(csv(session.live()));
    assertThat(replayed.dyads).allSatisfy(m -> assertThat(m.session()).isEqualTo("sim-standard"));
    // Whole messages, the session id and the turn-taking fields included.
    assertThat(replayed.dyads).isEqualTo(session.live());
    assertThat(result.complete()).isTrue();
    assertThat(result.events()).isEqualTo(session.events());
    assertThat(result.markers()).isEqualTo(1);
    assertThat(result.sessionRecords()).isEqualTo(2); // start and stop
    assertThat(result.report().files()).isGreaterThan(1);
    assertThat(session.recorder().eventsWritten()).isEqualTo(session.events());
    long[] last = progress.get(progress.size() - 1);
    assertThat(last[0]).isEqualTo(last[1]).isPositive();
    for (int i = 1; i < progress.size(); i++) {
      assertThat(progress.get(i)[0]).isGreaterThanOrEqualTo(progress.get(i - 1)[0]);
    }
  }

  @Test
  void shouldCountDropsWhenTheQueueIsFullAndMarkThemInTheRecording() throws Exception {
    SessionInfo info = new SessionInfo("drops", "lab", "gw1", 1L, null, List.of(), null, "test");
    Path dir = tmp.resolve("rec");
    SessionRecorder recorder =
        new SessionRecorder(
            new RecordingSink(new RecordingWriter(dir, 1 << 20, 0, Long.MAX_VALUE), b -> true),
            info,
            8);
    // Not started yet: nothing drains the queue, so exactly the capacity is accepted.
    int accepted = 0;
    for (int i = 0; i < 20; i++) {
      if (recorder.offer(EngineEvent.watermark(1_000_000_000L + i * 40_000_000L, 1_000 + i * 40))) {
        accepted++;
      }
    }
    assertThat(accepted).isEqualTo(8);
    assertThat(recorder.dropped()).isEqualTo(12);

    SessionRecorder.Summary summary = recorder.stop();

    assertThat(summary.eventsWritten()).isEqualTo(8);
    assertThat(summary.dropped()).isEqualTo(12);
    assertThat(summary.writeErrors()).isZero();
    Replayer.Result result = replay(info, dir, new Collecting());
    assertThat(result.watermarks()).isEqualTo(8);
    assertThat(result.droppedLive()).isEqualTo(12);
    assertThat(result.complete()).isFalse();
    assertThat(ReplayReport.lines(result))
        .anyMatch(l -> l.contains("lost 12 events") && l.contains("can differ from the live"));
    assertThat(recorder.offer(EngineEvent.watermark(2_000_000_000L, 2_000))).isFalse();
  }

  @Test
  void shouldWriteStartAndStopRecordsEvenForASessionWithoutEvents() throws Exception {
    SessionInfo info = new SessionInfo("empty", "lab", "gw1", 1L, null, List.of(), null, "test");
    Path dir = tmp.resolve("empty");
    SessionRecorder recorder =
        new SessionRecorder(
            new RecordingSink(new RecordingWriter(dir, 1 << 20, 0, Long.MAX_VALUE), b -> true),
            info,
            8);
    recorder.start();

    assertThat(recorder.stop()).isEqualTo(new SessionRecorder.Summary(0, 0, 0, 0));

    List<String> sessionRecords = new ArrayList<>();
    new RecordingReader()
        .read(
            dir,
            (type, timeNs, buffer, offset, length) ->
                sessionRecords.add(
                    type + " " + new String(buffer, offset, length, StandardCharsets.UTF_8)));
    assertThat(sessionRecords).hasSize(2);
    assertThat(sessionRecords.get(0))
        .startsWith("SESSION {\"event\":\"start\"")
        .contains("\"empty\"");
    assertThat(sessionRecords.get(1)).startsWith("SESSION {\"event\":\"stop\"");
  }

  @Test
  void shouldNeitherRecordNorScoreABadgeWithoutConsent() throws Exception {
    List<Participant> participants =
        List.of(
            new Participant("0001", "P1", true),
            new Participant("0002", "P2", true),
            new Participant("0003", "P3", false),
            new Participant("0004", "P4", true));
    SimulatedSessions.Recorded session =
        SimulatedSessions.record(tmp, "consent", 4, 9, 20_000, participants, 1 << 20);

    // The live engine in the virtual room saw badge 0003; the recording never did.
    assertThat(session.live())
        .anyMatch(m -> m.badgeA().equals("0003") || m.badgeB().equals("0003"));
    assertThat(session.recorder().eventsWithheld()).isPositive();
    Set<Integer> recordedBadges = new HashSet<>();
    List<Integer> syncBadges = new ArrayList<>();
    new RecordingReader()
        .read(
            session.recordingDirectory(),
            (type, timeNs, buffer, offset, length) -> {
              if (type == RecordType.FRAME) {
                recordedBadges.add(
                    EventRecords.u16(
                        buffer, offset + EventRecords.FRAME_LINK_BYTES + Frame.BADGE_ID_OFFSET));
              } else if (type == RecordType.SYNC_REQUEST) {
                syncBadges.add(EventRecords.u16(buffer, offset));
              }
            });
    assertThat(recordedBadges).containsExactlyInAnyOrder(1, 2, 4);
    assertThat(syncBadges).isNotEmpty().doesNotContain(3);

    Collecting replayed = new Collecting();
    replay(session.info(), session.recordingDirectory(), replayed);
    Set<String> dyads = new HashSet<>();
    replayed.dyads.forEach(m -> dyads.add(m.badgeA() + "/" + m.badgeB()));
    assertThat(dyads).containsExactlyInAnyOrder("0001/0002", "0001/0004", "0002/0004");
  }

  @Test
  void shouldPaceAReplayToTheRecordedTimesAtRealtimeSpeed() throws Exception {
    SessionInfo info = new SessionInfo("paced", "lab", "gw1", 1L, null, List.of(), null, "test");
    Path dir = tmp.resolve("paced");
    try (RecordingSink sink =
        new RecordingSink(new RecordingWriter(dir, 1 << 20, 0, Long.MAX_VALUE), b -> true)) {
      for (int i = 0; i <= 10; i++) {
        sink.write(EngineEvent.watermark(5_000_000_000L + i * 40_000_000L, 1_000 + i * 40));
      }
    }
    GatewayEngine engine =
        Replayer.engineFor(
            info,
            SessionParameters.settings(info.parameters(), SessionParameters.Overrides.NONE)
                .settings(),
            new Collecting());

    long startNs = System.nanoTime();
    Replayer.Result paced =
        new Replayer(engine).replay(dir, Replayer.realtime(System::nanoTime), (d, t) -> {});
    long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;

    assertThat(paced.watermarks()).isEqualTo(11);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(400); // 10 gaps of 40 ms of recorded time
  }
}
