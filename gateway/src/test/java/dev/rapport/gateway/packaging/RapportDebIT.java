package dev.rapport.gateway.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.gateway.config.ConfigLoader;
import dev.rapport.gateway.config.GatewayConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inspects the .deb the build made, with Debian's own dpkg-deb: its files and modes, control
 * fields, the systemd unit, the maintainer scripts (run against recording stand-ins for useradd and
 * friends, since the build machine's users must not change), and the launcher running the jar.
 */
class RapportDebIT {
  private static final String CONFIG = "/etc/rapport/rapport.yaml";

  @TempDir static Path work;
  private static Path buildDir;
  private static Path deb;
  private static Path root;
  private static Path control;

  @BeforeAll
  static void extract() throws Exception {
    buildDir = Path.of(System.getProperty("rapport.buildDir", "target")).toAbsolutePath();
    try (Stream<Path> files = Files.list(buildDir)) {
      List<Path> debs =
          files.filter(p -> p.getFileName().toString().matches("rapport_.*_all\\.deb")).toList();
      assertThat(debs).as("exactly one rapport_*_all.deb in %s", buildDir).hasSize(1);
      deb = debs.get(0);
    }
    root = Files.createDirectory(work.resolve("root"));
    control = Files.createDirectory(work.resolve("control"));
    Command.check(work, "dpkg-deb", "-x", deb.toString(), root.toString());
    Command.check(work, "dpkg-deb", "-e", deb.toString(), control.toString());
  }

  @Test
  void shouldShipTheFilesOwnedByRootWithTheirModes() throws Exception {
    Map<String, String> entries = listing();
    assertThat(entries)
        .containsEntry("./usr/share/rapport/rapport.jar", "-rw-r--r-- root/root")
        .containsEntry("./usr/bin/rapport", "-rwxr-xr-x root/root")
        .containsEntry("./lib/systemd/system/rapport.service", "-rw-r--r-- root/root")
        .containsEntry("./etc/rapport/rapport.yaml", "-rw-r--r-- root/root")
        .containsEntry("./usr/share/doc/rapport/copyright", "-rw-r--r-- root/root")
        .containsEntry("./usr/share/doc/rapport/deploy.md", "-rw-r--r-- root/root");
    assertThat(entries.keySet())
        .as("no stray files outside the package's own paths")
        .allMatch(
            path ->
                path.matches(
                    "\\./(|usr/|usr/bin/.*|usr/share/|usr/share/(rapport|doc/rapport)/.*"
                        + "|usr/share/doc/|lib/|lib/systemd/.*|etc/|etc/rapport/.*)"));
  }

  @Test
  void shouldShipTheBuiltJarUnchanged() throws Exception {
    assertThat(sha256(root.resolve("usr/share/rapport/rapport.jar")))
        .isEqualTo(sha256(buildDir.resolve("rapport.jar")));
  }

  @Test
  void shouldDeclareTheControlFieldsAndTheConfigAsConffile() throws Exception {
    Map<String, String> fields = controlFields();
    assertThat(fields).containsEntry("Package", "rapport").containsEntry("Architecture", "all");
    String projectVersion = System.getProperty("rapport.version", "0.1.0-SNAPSHOT");
    assertThat(fields.get("Version")).startsWith(projectVersion.replace("-SNAPSHOT", ""));
    assertThat(fields.get("Depends")).contains("java17-runtime-headless");
    assertThat(fields.get("Installed-Size")).matches("[0-9]+");
    assertThat(Files.readAllLines(control.resolve("conffiles"))).containsExactly(CONFIG);
    for (String script : List.of("postinst", "prerm", "postrm")) {
      assertThat(
              PosixFilePermissions.toString(Files.getPosixFilePermissions(control.resolve(script))))
          .as(script)
          .isEqualTo("rwxr-xr-x");
      Command.check(work, "sh", "-n", control.resolve(script).toString());
    }
  }

  @Test
  void shouldRunTheServiceUnprivilegedRestartingOnFailureWithDeviceFriendlyHardening()
      throws Exception {
    Map<String, List<String>> unit = unitSettings();
    assertThat(unit.get("User")).containsExactly("rapport");
    assertThat(unit.get("Restart")).containsExactly("on-failure");
    assertThat(unit.get("ExecStart"))
        .containsExactly("/usr/bin/rapport run --config /etc/rapport/rapport.yaml");
    assertThat(unit.get("StateDirectory")).containsExactly("rapport");
    assertThat(unit.get("WorkingDirectory")).containsExactly("/var/lib/rapport");
    assertThat(unit.get("NoNewPrivileges")).containsExactly("yes");
    assertThat(unit.get("ProtectSystem")).containsExactly("strict");
    assertThat(unit.get("CapabilityBoundingSet")).containsExactly("");
    assertThat(unit.get("RestrictAddressFamilies").get(0).split(" "))
        .as("D-Bus to BlueZ needs AF_UNIX, MQTT needs AF_INET")
        .contains("AF_UNIX", "AF_INET", "AF_INET6");
    assertThat(unit.get("WantedBy")).containsExactly("multi-user.target");
    assertThat(unit)
        .as("settings that would hide serial/GPIO devices or break the JVM")
        .doesNotContainKeys(
            "PrivateDevices", "MemoryDenyWriteExecute", "ProcSubset", "DevicePolicy");
  }

  @Test
  void shouldCreateTheUserInItsGroupsAndCreateOnlyMissingGroupsOnFirstInstall() throws Exception {
    Shims shims = new Shims(work.resolve("first-install"));
    // dialout exists, gpio and bluetooth do not (a plain Debian box), no user yet, fresh unit.
    Command result = shims.run(control.resolve("postinst"), "group:dialout", 0, 1, "configure");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    List<String> calls = shims.calls();
    assertThat(calls)
        .contains(
            "groupadd --system gpio",
            "groupadd --system bluetooth",
            "useradd --system --user-group --home-dir /var/lib/rapport --no-create-home"
                + " --shell /usr/sbin/nologin --comment Rapport gateway rapport",
            "usermod --append --groups gpio,dialout,bluetooth rapport",
            "dpkg-statoverride --update --add root rapport 0640 " + CONFIG,
            "install -d -o rapport -g rapport -m 0750 /var/lib/rapport",
            "deb-systemd-helper enable rapport.service")
        .doesNotContain("groupadd --system dialout");
    assertThat(calls.indexOf("groupadd --system gpio"))
        .as("groups exist before the user is put in them")
        .isLessThan(calls.indexOf("usermod --append --groups gpio,dialout,bluetooth rapport"));
  }

  @Test
  void shouldKeepTheUserAndAnAdministratorsDisableOnUpgrade() throws Exception {
    Shims shims = new Shims(work.resolve("upgrade"));
    Command result =
        shims.run(
            control.resolve("postinst"),
            "group:gpio group:dialout group:bluetooth passwd:rapport",
            1, // the admin disabled the unit
            0, // the statoverride is already there
            "configure",
            "0.0.9");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(shims.calls())
        .contains(
            "usermod --append --groups gpio,dialout,bluetooth rapport",
            "deb-systemd-helper update-state rapport.service")
        .noneMatch(call -> call.startsWith("useradd") || call.startsWith("groupadd"))
        .doesNotContain(
            "deb-systemd-helper enable rapport.service",
            "dpkg-statoverride --update --add root rapport 0640 " + CONFIG);
  }

  @Test
  void shouldDropTheStatoverrideButKeepTheDataOnPurge() throws Exception {
    Shims shims = new Shims(work.resolve("purge"));
    Command result = shims.run(control.resolve("postrm"), "", 0, 0, "purge");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(shims.calls())
        .contains(
            "dpkg-statoverride --remove " + CONFIG, "deb-systemd-helper purge rapport.service")
        .noneMatch(call -> call.startsWith("userdel") || call.contains("rm "));
    assertThat(result.stderr()).contains("kept /var/lib/rapport");
  }

  @Test
  void shouldStartTheJarThroughTheLauncher() throws Exception {
    Path launcher = root.resolve("usr/bin/rapport");
    Command help =
        Command.run(
            work,
            Map.of("JAVA_HOME", System.getProperty("java.home")),
            launcher.toString(),
            "--help");
    assertThat(help.exitCode()).as(help.stderr()).isZero();
    assertThat(help.stdout()).contains("Usage: rapport");

    Command noJava = Command.run(work, Map.of("JAVA", "/nonexistent/java"), launcher.toString());
    assertThat(noJava.exitCode()).isEqualTo(127);
    assertThat(noJava.stderr()).contains("no Java runtime found", "openjdk-17");
  }

  @Test
  void shouldShipAnExampleConfigThatTheGatewayAcceptsAsWrittenAndUncommented() throws Exception {
    String yaml = Files.readString(root.resolve("etc/rapport/rapport.yaml"));
    GatewayConfig asShipped = ConfigLoader.parse(yaml, name -> null);
    assertThat(asShipped.site()).isEqualTo("my-lab");
    assertThat(asShipped.gateway()).isEqualTo("pi1");
    assertThat(asShipped.dataDir()).isEqualTo(Path.of("/var/lib/rapport"));

    // Every commented example must be valid too, or users copying it get an error.
    String uncommented =
        Pattern.compile("^# ( *(?:[a-z_]+:(?: |$)|- [a-z_]+:))", Pattern.MULTILINE)
            .matcher(yaml)
            .replaceAll("$1");
    GatewayConfig examples =
        ConfigLoader.parse(
            uncommented, name -> name.equals("RAPPORT_MQTT_PASSWORD") ? "secret" : null);
    assertThat(examples.badges().serial()).hasSize(1);
    assertThat(examples.badges().ble().enabled()).isTrue();
    assertThat(examples.mqtt().url()).isEqualTo("tcp://127.0.0.1:1883");
    assertThat(examples.mqtt().password()).isEqualTo("secret");
    assertThat(examples.hardware().ledPin()).isEqualTo(17);
    assertThat(examples.dashboard().host()).isEqualTo("0.0.0.0");
  }

  /** Path -> "mode owner/group" from dpkg-deb -c. */
  private static Map<String, String> listing() throws Exception {
    Map<String, String> entries = new LinkedHashMap<>();
    Pattern line = Pattern.compile("^(\\S+)\\s+(\\S+)\\s+\\d+\\s+\\S+\\s+\\S+\\s+(\\S+)$");
    for (String row : Command.check(work, "dpkg-deb", "-c", deb.toString()).split("\n")) {
      Matcher m = line.matcher(row);
      assertThat(m.matches()).as("dpkg-deb -c row %s", row).isTrue();
      entries.put(m.group(3), m.group(1) + " " + m.group(2));
    }
    return entries;
  }

  private static Map<String, String> controlFields() throws Exception {
    Map<String, String> fields = new LinkedHashMap<>();
    String info = Command.check(work, "dpkg-deb", "-I", deb.toString());
    Pattern field = Pattern.compile("^ ([A-Z][A-Za-z-]+): (.*)$", Pattern.MULTILINE);
    Matcher m = field.matcher(info);
    while (m.find()) {
      fields.put(m.group(1), m.group(2).trim());
    }
    return fields;
  }

  /** Key -> values of the unit file, ignoring comments and section headers. */
  private static Map<String, List<String>> unitSettings() throws IOException {
    Map<String, List<String>> settings = new LinkedHashMap<>();
    for (String line : Files.readAllLines(root.resolve("lib/systemd/system/rapport.service"))) {
      if (line.isBlank() || line.startsWith("#") || line.startsWith("[")) {
        continue;
      }
      int eq = line.indexOf('=');
      settings
          .computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>())
          .add(line.substring(eq + 1));
    }
    return settings;
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  /**
   * Stand-ins for the system commands the maintainer scripts call: each records its arguments;
   * getent knows only the entries given, deb-systemd-helper's was-enabled and dpkg-statoverride's
   * --list answer with the exit codes given.
   */
  private static final class Shims {
    private final Path bin;
    private final Path log;

    Shims(Path dir) throws IOException {
      bin = Files.createDirectories(dir.resolve("bin"));
      log = dir.resolve("calls.log");
      Files.createFile(log);
      write(
          "getent",
          "for known in $SHIM_KNOWN; do\n"
              + "  if [ \"$known\" = \"$1:$2\" ]; then echo \"$2:x:999:\"; exit 0; fi\n"
              + "done\nexit 2\n");
      write(
          "deb-systemd-helper",
          "if [ \"$1\" = --quiet ] && [ \"$2\" = was-enabled ]; then exit $SHIM_WAS_ENABLED; fi\n");
      write(
          "dpkg-statoverride", "if [ \"$1\" = --list ]; then exit $SHIM_STATOVERRIDE_LISTED; fi\n");
      for (String name :
          List.of("groupadd", "useradd", "usermod", "install", "deb-systemd-invoke", "systemctl")) {
        write(name, "");
      }
    }

    private void write(String name, String behaviour) throws IOException {
      Path shim = bin.resolve(name);
      Files.writeString(
          shim,
          "#!/bin/sh\necho \"" + name + " $*\" >> \"$SHIM_LOG\"\n" + behaviour,
          StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    Command run(
        Path script, String known, int wasEnabledExit, int statoverrideListedExit, String... args)
        throws Exception {
      List<String> command = new ArrayList<>(List.of("sh", script.toString()));
      command.addAll(List.of(args));
      return Command.run(
          work,
          Map.of(
              "PATH", bin + ":/usr/bin:/bin",
              "SHIM_LOG", log.toString(),
              "SHIM_KNOWN", known,
              "SHIM_WAS_ENABLED", Integer.toString(wasEnabledExit),
              "SHIM_STATOVERRIDE_LISTED", Integer.toString(statoverrideListedExit)),
          command.toArray(String[]::new));
    }

    List<String> calls() throws IOException {
      return Files.readAllLines(log).stream()
          .filter(
              call ->
                  !call.startsWith("getent")
                      && !call.contains(" --list ")
                      && !call.contains("--quiet was-enabled"))
          .collect(Collectors.toList());
    }
  }
}
