package dev.rapport.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.sim.CouplingEpisode;
import dev.rapport.badge.sim.Modality;
import dev.rapport.badge.sim.SimConfig;
import dev.rapport.badge.sim.SimulationCsv;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreCommandTest {
  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cli = RapportCli.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Three people: "lead" moves, "follow" copies it 0.4 s later, "other" moves on its own. */
  private Path signals(int ticks) throws IOException {
    SplittableRandom random = new SplittableRandom(3);
    int[] lead = new int[ticks];
    int[] other = new int[ticks];
    for (int t = 0; t < ticks; t++) {
      lead[t] = random.nextInt(20_000);
      other[t] = random.nextInt(20_000);
    }
    StringBuilder csv = new StringBuilder("time_ms,badge,value\n");
    for (int t = 0; t < ticks; t++) {
      long time = 5_000 + t * 40L;
      int follow = t >= 10 ? lead[t - 10] / 2 + random.nextInt(3_000) : 0;
      csv.append(time).append(",lead,").append(lead[t]).append('\n');
      csv.append(time).append(",follow,").append(follow).append('\n');
      csv.append(time).append(",\"other, the\",").append(t % 100 == 0 ? "" : other[t]).append('\n');
    }
    Path file = dir.resolve("signals.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    return file;
  }

  private static List<String[]> rows(String csv) {
    List<String[]> rows = new ArrayList<>();
    for (String line : csv.split("\n")) {
      rows.add(line.split(",", -1));
    }
    return rows;
  }

  @Test
  void shouldScoreEveryPairOncePerHopWithTheLeaderAndLag() throws IOException {
    Path out = dir.resolve("scores.csv");
    Run r = run("score", "--signals", signals(1000).toString(), "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("scored 3 dyads of 3 badges: 1000 ticks, 31 windows, 93 rows");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines.get(0))
        .startsWith("time_ms,badge_a,badge_b,r_peak,lag_ms")
        .isEqualTo(
            "time_ms,badge_a,badge_b,r_peak,lag_ms,leader,n_valid,z,p,surrogates,baseline,r_peak_q30");
    assertThat(lines).hasSize(1 + 93);
    // Dyads in string order; the quoted badge name survives.
    assertThat(lines.get(1)).startsWith("14960,follow,lead,");
    assertThat(lines.get(2)).startsWith("14960,follow,\"other, the\",");
    assertThat(lines.get(3)).startsWith("14960,lead,\"other, the\",");
    for (int i = 1; i < lines.size(); i += 3) {
      String[] f = lines.get(i).split(",", -1);
      assertThat(Long.parseLong(f[0])).isEqualTo(14_960 + (i / 3) * 1000L);
      // follow:lead, lead leads by 10 ticks = 400 ms: negative lag, leader = lead (badge b).
      assertThat(f[4]).isEqualTo("-400");
      assertThat(f[5]).isEqualTo("lead");
      assertThat(Double.parseDouble(f[3])).isGreaterThan(0.8);
      // The decimal is the exact Q30 value rounded to 6 places.
      assertThat(Math.abs(Long.parseLong(f[11]) / (double) (1 << 30) - Double.parseDouble(f[3])))
          .isLessThanOrEqualTo(0.5e-6);
    }
    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("signals.csv", "scores.csv");
  }

  @Test
  void shouldScoreOnlyTheNamedPairsFromTheOptionOrAFile() throws IOException {
    Path input = signals(400);
    Run r = run("score", "--signals", input.toString(), "--pairs", "lead:follow");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String[]> rows = rows(r.out());
    assertThat(rows).hasSize(1 + 7);
    assertThat(rows.subList(1, rows.size()))
        .allSatisfy(
            f -> {
              assertThat(f[1]).isEqualTo("follow");
              assertThat(f[2]).isEqualTo("lead");
            });
    Path pairsFile = dir.resolve("pairs.txt");
    Files.writeString(pairsFile, "# the lab's dyads\nlead,\"other, the\"\n\nfollow,lead\n");
    Run fromFile =
        run("score", "--signals", input.toString(), "--pairs-file", pairsFile.toString());
    assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
    assertThat(rows(fromFile.out())).hasSize(1 + 14);
  }

  @Test
  void shouldLeaveEmptyFieldsWhereThereIsNoValue() throws IOException {
    StringBuilder csv = new StringBuilder("time_ms,badge,value\n");
    for (int t = 0; t < 300; t++) {
      csv.append(t * 40).append(",a,").append(1234).append('\n'); // flat: zero variance
      csv.append(t * 40).append(",b,").append((t * 7919) % 5000).append('\n');
    }
    Path input = dir.resolve("flat.csv");
    Files.writeString(input, csv);
    Run r =
        run(
            "score",
            "--signals",
            input.toString(),
            "--window",
            "4s",
            "--max-lag",
            "1s",
            "--hop",
            "2s");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String[]> rows = rows(r.out());
    assertThat(rows).hasSize(1 + (300 - 100) / 50 + 1);
    for (String[] f : rows.subList(1, rows.size())) {
      assertThat(f).hasSize(12);
      assertThat(f[3]).isEmpty();
      assertThat(f[4]).isEmpty();
      assertThat(f[6]).isEqualTo("100");
      assertThat(Arrays.asList(f).subList(7, 12)).containsOnly("");
    }
  }

  @Test
  void shouldRejectBadInputNamingLineAndColumnAndLeaveNoOutput() throws IOException {
    String[][] cases = {
      {"time_ms,badge,value\n0,a,1\n0,b,x\n", "line 3, column 3 (value): 'x' is not an integer"},
      {
        "time_ms,badge,value\n0,a,1\n0,b,70000\n",
        "line 3, column 3 (value): 70000 is out of range [0, 65535]"
      },
      {"time,badge,value\n0,a,1\n", "line 1: header must be exactly 'time_ms,badge,value'"},
      {
        "time_ms,badge,value\n0,a,1\n41,a,2\n",
        "line 3, column 1 (time_ms): 41 is not on the 25 Hz grid"
      },
      {"time_ms,badge,value\n40,a,1\n0,a,2\n", "line 3, column 1 (time_ms): 0 goes back in time"},
      {
        "time_ms,badge,value\n0,a,1\n0,a,2\n",
        "line 3, column 2 (badge): badge 'a' already has a row at time 0 (line 2)"
      },
      {"time_ms,badge,value\n0,a\n", "line 2: expected 3 fields"},
      {"time_ms,badge,value\n0,\"a,1\n", "line 2: a quoted field is not closed"},
      {"time_ms,badge,value\n", "no data rows"},
    };
    Path out = dir.resolve("out.csv");
    Files.writeString(out, "previous complete result\n");
    for (String[] c : cases) {
      Path input = dir.resolve("bad.csv");
      Files.writeString(input, c[0]);
      Run r = run("score", "--signals", input.toString(), "--out", out.toString());
      assertThat(r.exitCode()).as(c[1]).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(r.err()).contains(input.toString()).contains(c[1]);
      assertThat(Files.readString(out)).isEqualTo("previous complete result\n");
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .noneMatch(n -> n.endsWith(".partial"));
      }
    }
  }

  @Test
  void shouldRejectUnknownPairsAndBadParametersWithTheirNames() throws IOException {
    Path input = signals(300);
    Run unknown = run("score", "--signals", input.toString(), "--pairs", "lead:nobody");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(unknown.err()).contains("pair lead:nobody names badge 'nobody'");

    Run malformed = run("score", "--signals", input.toString(), "--pairs", "lead-follow");
    assertThat(malformed.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(malformed.err()).contains("item='lead-follow'");

    Run lag = run("score", "--signals", input.toString(), "--max-lag", "6s");
    assertThat(lag.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(lag.err()).contains("maxLagSamples=150");

    Run duration = run("score", "--signals", input.toString(), "--window", "ten");
    assertThat(duration.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(duration.err()).contains("'ten'");

    Run both = run("score", "--signals", input.toString(), "--raw", input.toString());
    assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void shouldAcceptMillisecondsAndMinutesAndOtherGridRates() throws IOException {
    StringBuilder csv = new StringBuilder("time_ms,badge,value\n");
    SplittableRandom random = new SplittableRandom(9);
    for (int t = 0; t < 30 * 130; t++) {
      long time = Math.round(t * 1000.0 / 30); // 0, 33, 67, 100, ...
      csv.append(time).append(",x,").append(random.nextInt(1000)).append('\n');
      csv.append(time).append(",y,").append(random.nextInt(1000)).append('\n');
    }
    Path input = dir.resolve("thirty.csv");
    Files.writeString(input, csv);
    Run r =
        run(
            "score",
            "--signals",
            input.toString(),
            "--rate",
            "30",
            "--window",
            "2m",
            "--max-lag",
            "500ms",
            "--hop",
            "10s",
            "--surrogates",
            "0");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String[]> rows = rows(r.out());
    assertThat(rows).hasSize(1 + 2);
    assertThat(rows.get(1)[0]).isEqualTo("119967");
    assertThat(rows.get(2)[0]).isEqualTo("129967");
    assertThat(rows.get(1)[9]).isEmpty();
  }

  @Test
  void shouldRunTheFeaturePipelineOnSimulatedRawDataAndFindTheTrueLeader() throws IOException {
    SimConfig config =
        SimConfig.builder()
            .seed(5)
            .badgeCount(3)
            .coupling(CouplingEpisode.whole(1, 2, Modality.MOVEMENT, 400, 0.9))
            .build();
    Path raw = dir.resolve("room.csv");
    SimulationCsv.write(config, 120_000, raw);
    Path out = dir.resolve("room-scores.csv");
    Run r = run("score", "--raw", raw.toString(), "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(out);
    String[] header = lines.get(0).split(",");
    assertThat(lines.get(0)).startsWith("time_ms,badge_a,badge_b,r_peak,lag_ms,leader");
    assertThat(header)
        .contains(
            "vocal_r_peak",
            "posture",
            "speaking_share_a",
            "transitions_ab",
            "response_latency_ms",
            "turn_taking",
            "score");
    List<String[]> pair = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      assertThat(f).hasSize(header.length);
      if (f[1].equals("0001") && f[2].equals("0002") && !f[3].isEmpty()) {
        pair.add(f);
      }
    }
    assertThat(pair).hasSizeGreaterThan(80);
    long leaderIsOne = pair.stream().filter(f -> f[5].equals("0001")).count();
    long lagNear400 =
        pair.stream().filter(f -> Math.abs(Integer.parseInt(f[4]) - 400) <= 80).count();
    assertThat(leaderIsOne).isGreaterThan(pair.size() * 8L / 10);
    assertThat(lagNear400).isGreaterThan(pair.size() * 7L / 10);
    assertThat(pair.stream().filter(f -> !f[f.length - 1].isEmpty()).count())
        .isEqualTo(pair.size());
  }
}
