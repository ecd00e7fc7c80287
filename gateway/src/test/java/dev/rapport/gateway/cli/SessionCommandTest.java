package dev.rapport.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.protocol.Frame;
import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.config.GatewayConfig;
import dev.rapport.gateway.runtime.GatewayRuntime;
import dev.rapport.gateway.runtime.RuntimeOptions;
import dev.rapport.gateway.runtime.Subscriber;
import dev.rapport.gateway.session.EventRecords;
import dev.rapport.gateway.session.Participant;
import dev.rapport.gateway.session.RecordType;
import dev.rapport.gateway.session.RecordingReader;
import dev.rapport.gateway.session.SessionInfo;
import dev.rapport.gateway.session.SessionStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code rapport session start|stop|mark} against a running gateway (simulated badges, the embedded
 * broker), through its command topic, as a facilitator would type it; and what the command says
 * when nothing answers.
 */
@Timeout(120)
class SessionCommandTest {
  @TempDir static Path dataDir;
  private static GatewayRuntime runtime;
  private static Subscriber lab;

  record Run(int exitCode, String out, String err) {}

  @BeforeAll
  static void startGateway() throws Exception {
    GatewayConfig config =
        ConfigLoader.parse(
            "site: lab\ngateway: gwc\ndata_dir: '"
                + dataDir
                + "'\nbadges:\n  simulated:\n    count: 4\n    seed: 11\n"
                + "engine:\n  window: 4s\n  max_lag: 1s\n"
                + "mqtt:\n  embedded:\n    port: 0\ndashboard:\n  enabled: false\n",
            name -> null);
    runtime = new GatewayRuntime(config, RuntimeOptions.defaults("test"));
    runtime.start();
    lab = new Subscriber(runtime.brokerUrl(), "lab-watcher", "rapport/lab/gwc/#");
  }

  @AfterAll
  static void stopGateway() throws Exception {
    if (lab != null) {
      lab.close();
    }
    if (runtime != null) {
      runtime.close();
    }
  }

  private static Run rapport(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = RapportCli.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** `rapport session SUB ARGS... --broker ... --site lab --gateway gwc`. */
  private static Run session(String... args) {
    List<String> all = new ArrayList<>(List.of("session"));
    all.addAll(List.of(args));
    all.addAll(List.of("--broker", runtime.brokerUrl(), "--site", "lab"));
    if (!all.contains("--gateway")) {
      all.addAll(List.of("--gateway", "gwc"));
    }
    if (!all.contains("--timeout")) {
      all.addAll(List.of("--timeout", "10s"));
    }
    return rapport(all.toArray(String[]::new));
  }

  @Test
  void shouldStartMarkAndStopASessionOnARunningGateway() throws Exception {
    int before = lab.received().size();

    Run start = session("start", "--id", "cli-1", "--badges", "1,0002,0x0003");

    assertThat(start.exitCode()).as(start.err()).isEqualTo(ExitCodes.OK);
    assertThat(start.out().strip())
        .isEqualTo("session cli-1 started for badges 1,0002,0x0003 on gateway lab/gwc");
    assertThat(start.err()).isEmpty();
    assertThat(runtime.sessionId()).isEqualTo("cli-1");
    int scored =
        lab.await(
            "dyad of cli-1",
            before,
            r ->
                r.topic().endsWith("/dyad/0001/0002")
                    && "cli-1".equals(r.body().path("session").asText()),
            30_000);

    Run mark = session("mark", "phase 2");

    assertThat(mark.exitCode()).as(mark.err()).isEqualTo(ExitCodes.OK);
    assertThat(mark.out().strip()).isEqualTo("marker \"phase 2\" added on gateway lab/gwc");
    int marked =
        lab.await(
            "marker event",
            scored,
            r -> r.topic().endsWith("/event") && "marker".equals(r.body().path("type").asText()),
            10_000);
    assertThat(lab.received().get(marked).body().path("label").asText()).isEqualTo("phase 2");
    assertThat(lab.received().get(marked).body().path("session").asText()).isEqualTo("cli-1");
    // One more hop after the marker, so the recording holds events on both sides of it.
    lab.await("dyad after the marker", marked, r -> r.topic().contains("/dyad/"), 10_000);

    Run stop = session("stop");

    assertThat(stop.exitCode()).as(stop.err()).isEqualTo(ExitCodes.OK);
    assertThat(stop.out().strip()).isEqualTo("session stopped on gateway lab/gwc");
    assertThat(runtime.sessionId()).isNull();

    SessionInfo info = new SessionStore(dataDir).load("cli-1");
    assertThat(info.stoppedMs()).isNotNull().isGreaterThanOrEqualTo(info.startedMs());
    assertThat(info.participants())
        .extracting(Participant::badge)
        .containsExactly("0001", "0002", "0003");
    assertThat(info.participants()).allSatisfy(p -> assertThat(p.consent()).isTrue());

    // Started on a gateway already running: the replay says it may differ, and why.
    assertThat(info.engineStartedMs()).isNotNull().isLessThanOrEqualTo(info.startedMs());
    Run replay = rapport("replay", "cli-1", "--data-dir", dataDir.toString());
    assertThat(replay.exitCode()).as(replay.err()).isEqualTo(ExitCodes.OK);
    assertThat((replay.out() + replay.err()).contains("note: this session started"))
        .as(replay.out() + replay.err())
        .isEqualTo(!info.startedWithEngine());

    Run sessions = rapport("sessions", "--data-dir", dataDir.toString());
    assertThat(sessions.exitCode()).as(sessions.err()).isEqualTo(ExitCodes.OK);
    String row =
        sessions.out().lines().filter(l -> l.startsWith("cli-1 ")).findFirst().orElseThrow();
    assertThat(row).doesNotContain("running?").matches(".* 0:00:\\d\\d +3 +[0-9.]+ (B|KiB|MiB)$");

    List<String> markers = new ArrayList<>();
    Set<Integer> recordedBadges = new HashSet<>();
    RecordingReader.Report report =
        new RecordingReader()
            .read(
                new SessionStore(dataDir).recordingDirectory("cli-1"),
                (type, timeNs, buffer, offset, length) -> {
                  if (type == RecordType.MARKER) {
                    markers.add(new String(buffer, offset, length, StandardCharsets.UTF_8));
                  } else if (type == RecordType.FRAME) {
                    int at = offset + EventRecords.FRAME_LINK_BYTES + Frame.BADGE_ID_OFFSET;
                    recordedBadges.add((buffer[at] & 0xFF) | (buffer[at + 1] & 0xFF) << 8);
                  }
                });
    assertThat(report.damage()).isEmpty();
    assertThat(markers).containsExactly("phase 2");
    // Badge 4's wearer is not a participant: never recorded.
    assertThat(recordedBadges).containsExactlyInAnyOrder(1, 2, 3);
  }

  @Test
  void shouldRefuseToStopWhenNoSessionIsInProgress() {
    assertThat(runtime.sessionId()).isNull();

    Run stop = session("stop");

    assertThat(stop.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(stop.out()).isEmpty();
    assertThat(stop.err().strip())
        .isEqualTo(
            "gateway lab/gwc rejected stop_session: command=\"stop_session\": refused by the"
                + " gateway: no session in progress");
  }

  @Test
  void shouldSayClearlyWhenNoGatewayAnswers() throws Exception {
    Run nobody = session("mark", "hello", "--gateway", "nobody", "--timeout", "300ms");

    assertThat(nobody.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(nobody.out()).isEmpty();
    assertThat(nobody.err().strip())
        .isEqualTo(
            "no answer from gateway lab/nobody at "
                + runtime.brokerUrl()
                + " within 300 ms (is it running, with this --site and --gateway?)");

    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Run noBroker =
        rapport("session", "start", "--broker", "tcp://127.0.0.1:" + closedPort, "--timeout", "1s");

    assertThat(noBroker.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(noBroker.err())
        .startsWith("session start: cannot reach the broker at tcp://127.0.0.1:" + closedPort)
        .doesNotContain("\tat ");
  }

  @Test
  void shouldRejectABadBadgeIdBeforeSendingAnything() {
    Run bad = session("start", "--badges", "1,zz");

    assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(bad.err()).contains("--badges").contains("zz").doesNotContain("\tat ");
    assertThat(runtime.sessionId()).isNull();
  }
}
