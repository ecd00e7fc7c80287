package dev.rapport.badge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridCsvWriterTest {

  @TempDir Path dir;

  @Test
  void shouldAverageSamplesPerTickAndRoundHalvesUp() throws IOException {
    StringWriter out = new StringWriter();
    GridCsvWriter grid = new GridCsvWriter(out, 2, 40, 40);
    grid.writeHeader();
    // Tick 0 = [0, 40 ms): two accel samples per badge at 50 Hz.
    grid.onAccel(1, 0, 10, -3, 1000);
    grid.onAccel(1, 20_000, 11, -4, 1001); // means 10.5 -> 11, -3.5 -> -3, 1000.5 -> 1001
    grid.onAccel(2, 0, -7, 0, 5);
    grid.onAccel(2, 39_999, -8, 0, 6);
    grid.onMicLevel(1, 0, 2000); // 20 dB re 1 LSB²: RMS 10 LSB
    grid.onMicLevel(2, 0, 9031); // clipping: RMS 32772 LSB
    grid.onAccel(1, 40_000, 1, 2, 3); // tick 1, not yet complete

    grid.writeTicksBefore(40_000);

    assertThat(out.toString())
        .isEqualTo(
            "time_ms,badge,ax_mg,ay_mg,az_mg,mic\n0,0001,11,-3,1001,10\n0,0002,-7,0,6,32772\n");
    assertThat(grid.rowsWritten()).isEqualTo(2);
  }

  @Test
  void shouldLeaveCellEmptyWhenTickHasNoSample() throws IOException {
    StringWriter out = new StringWriter();
    GridCsvWriter grid = new GridCsvWriter(out, 1, 40, 100);
    grid.onAccel(1, 0, 1, 2, 3);
    grid.onAccel(1, 40_000, 4, 5, 6);
    grid.onMicLevel(1, 0, 3400);

    grid.writeTicksBefore(80_000);

    assertThat(out.toString()).isEqualTo("0,0001,1,2,3,50\n40,0001,4,5,6,\n");
  }

  @Test
  void shouldRefuseSampleForTickAlreadyWritten() throws IOException {
    GridCsvWriter grid = new GridCsvWriter(new StringWriter(), 1, 40, 40);
    grid.writeTicksBefore(80_000);

    assertThatThrownBy(() -> grid.onAccel(1, 39_000, 0, 0, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("trueTimeUs=39000");
    assertThatThrownBy(() -> grid.onMicLevel(3, 90_000, 1)).hasMessageContaining("badgeId=3");
    assertThatThrownBy(() -> grid.onMicLevel(1, 90_000, 0xFFFF))
        .hasMessageContaining("levelCentiDb=65535");
  }

  @Test
  void shouldWriteOneRowPerBadgePerTickWithTruthBeside() throws IOException {
    Path csv = dir.resolve("room.csv");
    SimConfig config = SimConfig.builder().badgeCount(3).build();

    SimulationCsv.Summary summary = SimulationCsv.write(config, 10_020, csv);

    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    assertThat(lines.get(0)).isEqualTo("time_ms,badge,ax_mg,ay_mg,az_mg,mic");
    // 10.02 s of 40 ms ticks: 250 whole ticks, the partial one is left out.
    assertThat(lines).hasSize(1 + 250 * 3);
    assertThat(summary.rows()).isEqualTo(750);
    assertThat(summary.droppedEvents()).isZero();
    assertThat(lines.get(1)).startsWith("0,0001,");
    assertThat(lines.get(3)).startsWith("0,0003,");
    assertThat(lines.get(750)).startsWith("9960,0003,");
    for (String line : lines.subList(1, lines.size())) {
      assertThat(line).matches("\\d+,000[1-3],-?\\d+,-?\\d+,-?\\d+,\\d+");
    }
    assertThat(summary.truthPath()).isEqualTo(dir.resolve("room.truth.csv"));
    assertThat(GroundTruth.read(summary.truthPath()))
        .isEqualTo(GroundTruth.clip(config.couplings(), 10_020));
  }

  @Test
  void shouldMatchGridAveragesOfTheRawStream() throws IOException {
    SimConfig config = SimConfig.builder().badgeCount(2).build();
    SampleRecorder raw = new SampleRecorder(2);
    SimulatedRoom.create(config).advanceTo(2_100_000, raw);
    StringWriter out = new StringWriter();

    SimulationCsv.writeSamples(SimulatedRoom.create(config), 2_000, out);

    String[] row = out.toString().lines().skip(1 + 2 * 7 + 1).findFirst().orElseThrow().split(",");
    // Row for tick 7 (280 ms), badge 2: accel samples 14 and 15, mic sample 7.
    assertThat(row[0]).isEqualTo("280");
    assertThat(row[1]).isEqualTo("0002");
    assertThat(Integer.parseInt(row[2]))
        .isEqualTo(Math.floorDiv(raw.ax[1][14] + raw.ax[1][15] + 1, 2));
    assertThat(Integer.parseInt(row[5])).isEqualTo(MicScale.amplitudeFromCentiDb(raw.mic[1][7]));
  }

  @Test
  void shouldClipTruthToSessionAndRoundTripIt() throws IOException {
    List<CouplingEpisode> episodes =
        List.of(
            CouplingEpisode.whole(1, 2, Modality.MOVEMENT, 400, 0.8),
            new CouplingEpisode(0x00a1, 3, Modality.POSTURE, 1500, 0.125, 5_000, 20_000),
            new CouplingEpisode(4, 3, Modality.VOCAL, 0, 1.0, 90_000, 100_000));
    StringWriter out = new StringWriter();

    GroundTruth.write(episodes, 60_000, out);

    assertThat(out.toString())
        .isEqualTo(
            "leader,follower,modality,lag_ms,strength,start_ms,end_ms\n"
                + "0001,0002,MOVEMENT,400,0.8,0,60000\n"
                + "00a1,0003,POSTURE,1500,0.125,5000,20000\n");
    Path file = dir.resolve("x.truth.csv");
    Files.writeString(file, out.toString());
    assertThat(GroundTruth.read(file)).isEqualTo(GroundTruth.clip(episodes, 60_000));
  }

  @Test
  void shouldNameLineAndColumnOfBadTruth() throws IOException {
    Path file = dir.resolve("bad.truth.csv");
    Files.writeString(
        file,
        GroundTruth.HEADER + "\n0001,0002,MOVEMENT,400,0.8,0,100\n0001,0002,WAVING,1,1,0,5\n");

    assertThatThrownBy(() -> GroundTruth.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("line=3")
        .hasMessageContaining("column=modality");
  }

  @Test
  void shouldNameTruthFileAfterSamplesFile() {
    assertThat(SimulationCsv.truthPathFor(Path.of("/x/room.csv")))
        .isEqualTo(Path.of("/x/room.truth.csv"));
    assertThat(SimulationCsv.truthPathFor(Path.of("data"))).isEqualTo(Path.of("data.truth.csv"));
  }
}
