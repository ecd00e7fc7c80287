package dev.rapport.gateway.mqtt.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's mosquitto, started by the test on a free loopback port with a temporary configuration
 * and persistence in the test's directory. Run as root, mosquitto drops to the {@code mosquitto}
 * user, so the directory is handed to that user. Killing it is {@link Process#destroy()} (SIGTERM:
 * mosquitto saves its sessions, as it would on a service restart).
 */
public final class Mosquitto implements TestBroker {
  public static final Path BINARY = Path.of("/usr/sbin/mosquitto");
  public static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");

  private final Path dir;
  private final int port;
  private final List<String> listenerOptions;
  private final List<String> globalOptions;
  private final StringBuffer output = new StringBuffer();
  private Process process;

  /**
   * @param listenerOptions lines placed under the listener (cafile, certfile, ...)
   * @param globalOptions lines such as {@code allow_anonymous false}, {@code password_file ...}
   */
  public Mosquitto(Path dir, List<String> listenerOptions, List<String> globalOptions) {
    requireInstalled();
    this.dir = dir;
    this.port = FreePort.find();
    this.listenerOptions = List.copyOf(listenerOptions);
    this.globalOptions = List.copyOf(globalOptions);
  }

  public Mosquitto(Path dir) {
    this(dir, List.of(), List.of("allow_anonymous true"));
  }

  /** A missing broker fails the test: skipping would hide that nothing was tested. */
  public static void requireInstalled() {
    if (!Files.isExecutable(BINARY)) {
      fail(
          BINARY
              + " is missing: install it with 'apt-get install mosquitto mosquitto-clients'"
              + " (scripts/install-deps does)");
    }
  }

  @Override
  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void start() throws Exception {
    assertThat(process == null || !process.isAlive()).as("mosquitto already running").isTrue();
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    List<String> conf = new ArrayList<>();
    conf.add("per_listener_settings false");
    conf.addAll(globalOptions);
    // mosquitto drops QoS 1 messages for a client beyond 1000 queued (its default); a lab
    // subscriber that is away during a gateway backlog needs more, as docs/mqtt.md says.
    conf.add("max_queued_messages 100000");
    conf.add("persistence true");
    conf.add("persistence_location " + data + "/");
    conf.add("log_dest stderr");
    conf.add("log_type error");
    conf.add("log_type warning");
    conf.add("log_type notice");
    conf.add("log_type information");
    conf.add("listener " + port + " 127.0.0.1");
    conf.addAll(listenerOptions);
    Path confFile = dir.resolve("mosquitto.conf");
    Files.write(confFile, conf, StandardCharsets.UTF_8);
    handToMosquittoUser(dir);

    output.setLength(0);
    process =
        new ProcessBuilder(BINARY.toString(), "-c", confFile.toString())
            .redirectErrorStream(true)
            .start();
    CountDownLatch running = new CountDownLatch(1);
    Process p = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  output.append(line).append('\n');
                  if (line.contains(" running")) {
                    running.countDown();
                  }
                }
              } catch (IOException e) {
                output.append("[reader] ").append(e).append('\n');
              }
              running.countDown(); // it exited: stop waiting, the check below says so
            },
            "mosquitto-" + port + "-output");
    reader.setDaemon(true);
    reader.start();
    if (!running.await(10, TimeUnit.SECONDS)
        || !process.isAlive()
        || !output.toString().contains(" running")) {
      String out = output.toString();
      process.destroyForcibly();
      fail("mosquitto did not start on port " + port + ":\n" + out);
    }
  }

  @Override
  public void kill() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  public String output() {
    return output.toString();
  }

  /** Writes a password file with one user, as {@code mosquitto_passwd -c -b} does. */
  public static Path passwordFile(Path dir, String user, String password) throws Exception {
    assertThat(Files.isExecutable(PASSWD))
        .as(PASSWD + " is missing (apt-get install mosquitto)")
        .isTrue();
    Path file = dir.resolve("passwd");
    Process p =
        new ProcessBuilder(PASSWD.toString(), "-c", "-b", file.toString(), user, password)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0)
        .as("mosquitto_passwd failed: %s", out)
        .isTrue();
    return file;
  }

  /** mosquitto reads its files and writes persistence as the unprivileged mosquitto user. */
  static void handToMosquittoUser(Path root) throws IOException {
    UserPrincipalLookupService users = root.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal user = users.lookupPrincipalByName("mosquitto");
    GroupPrincipal group = users.lookupPrincipalByGroupName("mosquitto");
    // JUnit's temp directories are 0700; mosquitto must get in (their parent, /tmp, is open).
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path parent = root.getParent();
    if (parent != null
        && parent.getFileName() != null
        && parent.getFileName().toString().startsWith("junit")) {
      Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
        if (Files.isDirectory(p)) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
    }
  }
}
