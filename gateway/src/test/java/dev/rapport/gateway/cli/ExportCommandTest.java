package dev.rapport.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.gateway.mqtt.DyadScoreMessage;
import dev.rapport.gateway.session.DyadCsv;
import dev.rapport.gateway.session.GridCsv;
import dev.rapport.gateway.session.Participant;
import dev.rapport.gateway.session.SessionExporter;
import dev.rapport.gateway.session.SimulatedSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rapport export}: the files read back and checked against what the live run produced. */
class ExportCommandTest {
  @TempDir Path tmp;

  @Test
  void shouldExportFilesThatReadBackAsTheLiveRun() throws IOException {
    SimulatedSessions.Recorded session = SimulatedSessions.standard();
    Path out = tmp.resolve("export");

    ReplayCommandTest.Run run =
        ReplayCommandTest.rapport(
            "export",
            session.info().id(),
            "--data-dir",
            session.dataDir().toString(),
            "--format",
            "csv",
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    // Dyad metrics: parsed back, every value equals the live score exactly.
    List<String> dyadLines = Files.readAllLines(out.resolve(SessionExporter.DYADS_FILE));
    assertThat(dyadLines.get(0)).isEqualTo(DyadCsv.HEADER);
    List<DyadScoreMessage> exported = new ArrayList<>();
    for (String line : dyadLines.subList(1, dyadLines.size())) {
      exported.add(DyadCsv.parse(line, session.info().id()));
    }
    assertThat(exported).isEqualTo(session.live());
    // The grid and the features are the ones the live engine computed, tick by tick.
    assertThat(Files.readString(out.resolve(SessionExporter.SAMPLES_FILE)))
        .isEqualTo(session.liveSamplesCsv());
    assertThat(Files.readString(out.resolve(SessionExporter.FEATURES_FILE)))
        .isEqualTo(session.liveFeaturesCsv());
    checkGridShape(out, session);
    // Markers: the label survives commas and quotes (RFC 4180 quoting).
    List<String> markers = Files.readAllLines(out.resolve(SessionExporter.MARKERS_FILE));
    assertThat(markers).hasSize(2);
    assertThat(markers.get(0)).isEqualTo(SessionExporter.MARKERS_HEADER);
    String liveMarker = session.liveMarkers().get(0);
    String time = liveMarker.substring(0, liveMarker.indexOf(','));
    assertThat(markers.get(1)).isEqualTo(time + ",\"phase 2, \"\"intervention\"\"\"");

    String readme = Files.readString(out.resolve(SessionExporter.README_FILE));
    assertThat(readme)
        .contains("session:        " + session.info().id())
        .contains("window_ms = 10000")
        .contains("max_lag_ms = 2000")
        .contains("recording complete")
        .contains(String.format("%-14s %10d rows", "dyads.csv", session.live().size()));
    for (String badge : List.of("0001", "0002", "0003", "0004")) {
      assertThat(readme).containsPattern("\\n  " + badge + " +- +\\d+ +\\d+");
    }
    assertThat(run.err()).contains("100 %");
    assertThat(run.out()).contains("exported session " + session.info().id() + " (4 badges)");
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "samples.csv", "features.csv", "dyads.csv", "markers.csv", "README.txt");
    }
  }

  /** Every badge on every tick; present rows have all four values, missing rows none. */
  private static void checkGridShape(Path out, SimulatedSessions.Recorded session)
      throws IOException {
    List<String> samples = Files.readAllLines(out.resolve(SessionExporter.SAMPLES_FILE));
    assertThat(samples.get(0)).isEqualTo(GridCsv.SAMPLES_HEADER);
    long present = 0;
    for (String line : samples.subList(1, samples.size())) {
      String[] c = line.split(",", -1);
      assertThat(c).hasSize(7);
      if (c[6].equals("1")) {
        present++;
        for (int i = 2; i < 6; i++) {
          Integer.parseInt(c[i]);
        }
        // Gravity is there: the badge is worn, the magnitude is near 1 g.
        double g =
            Math.sqrt(
                Math.pow(Integer.parseInt(c[2]), 2)
                    + Math.pow(Integer.parseInt(c[3]), 2)
                    + Math.pow(Integer.parseInt(c[4]), 2));
        assertThat(g).isBetween(500.0, 1500.0);
      } else {
        assertThat(c[6]).isEqualTo("0");
        assertThat(String.join("", c[2], c[3], c[4], c[5])).isEmpty();
      }
    }
    // 40 s at 25 Hz for 4 badges, minus the start-up of each badge.
    assertThat(present).isGreaterThan(4 * 25 * 30);
  }

  @Test
  void shouldListParticipantsWithPseudonymsAndLeaveOutBadgesWithoutConsent() throws IOException {
    SimulatedSessions.Recorded session =
        SimulatedSessions.record(
            tmp.resolve("data"),
            "consent-export",
            3,
            5,
            15_000,
            List.of(
                new Participant("0001", "P-01", true),
                new Participant("0002", "P-02", false),
                new Participant("0003", "P-03", true)),
            1 << 20);
    Path out = tmp.resolve("export");

    ReplayCommandTest.Run run =
        ReplayCommandTest.rapport(
            "export",
            session.info().id(),
            "--data-dir",
            session.dataDir().toString(),
            "--out",
            out.toString(),
            "--quiet");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.err()).doesNotContain("%");
    String readme = Files.readString(out.resolve(SessionExporter.README_FILE));
    assertThat(readme)
        .contains("0001  P-01  consent")
        .contains("0002  P-02  NO consent")
        .containsPattern("\\n  0003 +P-03 +\\d+");
    assertThat(readme).doesNotContainPattern("\\n  0002 +P-02 +\\d+");
    assertThat(Files.readString(out.resolve(SessionExporter.SAMPLES_FILE)))
        .contains(",0001,")
        .doesNotContain(",0002,");
  }

  @Test
  void shouldSayWhenTheSessionDoesNotExist() {
    ReplayCommandTest.Run run =
        ReplayCommandTest.rapport(
            "export",
            "missing",
            "--data-dir",
            tmp.toString(),
            "--out",
            tmp.resolve("x").toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(run.err()).contains("no session 'missing'");
    assertThat(Files.exists(tmp.resolve("x"))).isFalse();
  }
}
