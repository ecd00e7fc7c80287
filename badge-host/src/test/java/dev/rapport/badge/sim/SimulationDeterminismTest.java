package dev.rapport.badge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationDeterminismTest {
  private static final long DURATION_MS = 60_000;

  @TempDir Path dir;

  @Test
  void shouldWriteIdenticalBytesForTheSameSeed() throws IOException {
    SimConfig config = SimConfig.builder().seed(1234).build();

    SimulationCsv.write(config, DURATION_MS, dir.resolve("a.csv"));
    SimulationCsv.write(config, DURATION_MS, dir.resolve("b.csv"));

    assertThat(Files.mismatch(dir.resolve("a.csv"), dir.resolve("b.csv"))).isEqualTo(-1L);
    assertThat(Files.mismatch(dir.resolve("a.truth.csv"), dir.resolve("b.truth.csv")))
        .isEqualTo(-1L);
    assertThat(Files.size(dir.resolve("a.csv"))).isGreaterThan(100_000);
  }

  @Test
  void shouldWriteDifferentDataForAnotherSeed() throws IOException {
    String a = csv(SimConfig.builder().seed(1).build());
    String b = csv(SimConfig.builder().seed(2).build());

    assertThat(a).isNotEqualTo(b);
    assertThat(a.lines().count()).isEqualTo(b.lines().count());
  }

  @Test
  void shouldProduceTheSameSamplesWhateverTheAdvanceSteps() {
    SimConfig config = SimConfig.defaults();
    SampleRecorder oneGo = new SampleRecorder(8);
    SimulatedRoom.create(config).advanceTo(DURATION_MS * 1000, oneGo);

    SampleRecorder smallSteps = new SampleRecorder(8);
    SimulatedRoom stepped = SimulatedRoom.create(config);
    for (long t = 0; t <= DURATION_MS * 1000; t += 7_321) {
      stepped.advanceTo(t, smallSteps);
    }
    stepped.advanceTo(DURATION_MS * 1000, smallSteps);

    for (int b = 0; b < 8; b++) {
      assertThat(smallSteps.accelCount[b]).isEqualTo(oneGo.accelCount[b]).isEqualTo(3000);
      assertThat(smallSteps.micCount[b]).isEqualTo(oneGo.micCount[b]).isEqualTo(1500);
      for (int i = 0; i < oneGo.accelCount[b]; i++) {
        assertThat(smallSteps.ax[b][i]).isEqualTo(oneGo.ax[b][i]);
        assertThat(smallSteps.az[b][i]).isEqualTo(oneGo.az[b][i]);
      }
      for (int i = 0; i < oneGo.micCount[b]; i++) {
        assertThat(smallSteps.mic[b][i]).isEqualTo(oneGo.mic[b][i]);
      }
    }
  }

  @Test
  void shouldKeepUncoupledPeopleUnchangedWhenAnotherPairsCouplingChanges() {
    // Each process owns its random stream, so editing one episode cannot reshuffle the room.
    SimConfig base = SimConfig.builder().noCouplings().build();
    SimConfig coupled =
        base.toBuilder().coupling(CouplingEpisode.whole(1, 2, Modality.MOVEMENT, 300, 0.9)).build();
    SampleRecorder a = new SampleRecorder(8);
    SampleRecorder b = new SampleRecorder(8);

    SimulatedRoom.create(base).advanceTo(30_000_000, a);
    SimulatedRoom.create(coupled).advanceTo(30_000_000, b);

    assertThat(b.x(7)).containsExactly(a.x(7));
    assertThat(b.x(2)).isNotEqualTo(a.x(2));
  }

  /** A fingerprint of the default 60 s room, printed so a change of the model is noticed. */
  @Test
  void shouldReportFingerprintOfDefaultRoom() throws IOException, NoSuchAlgorithmException {
    String text = csv(SimConfig.defaults());
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes());

    System.out.println("default 60 s room sha256=" + HexFormat.of().formatHex(digest));
    assertThat(text).startsWith(GridCsvWriter.HEADER + "\n0,0001,");
  }

  private static String csv(SimConfig config) throws IOException {
    StringWriter out = new StringWriter();
    SimulationCsv.writeSamples(SimulatedRoom.create(config), DURATION_MS, out);
    return out.toString();
  }
}
