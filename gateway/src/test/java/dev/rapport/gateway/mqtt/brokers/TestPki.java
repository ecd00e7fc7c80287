package dev.rapport.gateway.mqtt.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority made with openssl: a CA, a server certificate for 127.0.0.1 (EC
 * P-256, PKCS#8 key) and a client certificate (RSA, PKCS#1 key, the older format many Mosquitto
 * guides produce).
 */
public record TestPki(
    Path caCert,
    Path serverCert,
    Path serverKey,
    Path clientCert,
    Path clientKey,
    Path clientKeyStore) {
  /** Password of {@link #clientKeyStore}, a PKCS#12 file with the client certificate and key. */
  public static final String KEYSTORE_PASSWORD = "changeit";

  static final Path OPENSSL = Path.of("/usr/bin/openssl");

  public static TestPki create(Path dir, String name) throws Exception {
    assertThat(Files.isExecutable(OPENSSL))
        .as(OPENSSL + " is missing (apt-get install openssl)")
        .isTrue();
    Files.createDirectories(dir);
    Path caKey = dir.resolve("ca.key");
    Path caCert = dir.resolve("ca.crt");
    run(
        dir,
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        caKey.toString(),
        "-out",
        caCert.toString(),
        "-days",
        "2",
        "-subj",
        "/CN=Rapport test CA " + name,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
    Path serverKey = dir.resolve("server.key");
    Path serverCsr = dir.resolve("server.csr");
    Path serverCert = dir.resolve("server.crt");
    run(
        dir,
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        serverKey.toString(),
        "-out",
        serverCsr.toString(),
        "-subj",
        "/CN=127.0.0.1");
    Path serverExt = dir.resolve("server.ext");
    Files.writeString(
        serverExt, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    sign(dir, serverCsr, caCert, caKey, serverCert, serverExt);
    Path clientKey = dir.resolve("client.key");
    Path clientCsr = dir.resolve("client.csr");
    Path clientCert = dir.resolve("client.crt");
    run(dir, "genrsa", "-traditional", "-out", clientKey.toString(), "2048");
    run(
        dir,
        "req",
        "-new",
        "-key",
        clientKey.toString(),
        "-out",
        clientCsr.toString(),
        "-subj",
        "/CN=rapport-gw1");
    Path clientExt = dir.resolve("client.ext");
    Files.writeString(clientExt, "extendedKeyUsage=clientAuth\n");
    sign(dir, clientCsr, caCert, caKey, clientCert, clientExt);
    assertThat(Files.readString(clientKey)).contains("BEGIN RSA PRIVATE KEY");
    Path clientKeyStore = dir.resolve("client.p12");
    run(
        dir,
        "pkcs12",
        "-export",
        "-in",
        clientCert.toString(),
        "-inkey",
        clientKey.toString(),
        "-certfile",
        caCert.toString(),
        "-out",
        clientKeyStore.toString(),
        "-passout",
        "pass:" + KEYSTORE_PASSWORD);
    assertThat(Files.readString(serverKey)).contains("BEGIN PRIVATE KEY");
    Mosquitto.handToMosquittoUser(dir); // mosquitto reads its key after dropping privileges
    return new TestPki(caCert, serverCert, serverKey, clientCert, clientKey, clientKeyStore);
  }

  private static void sign(Path dir, Path csr, Path caCert, Path caKey, Path out, Path ext)
      throws Exception {
    run(
        dir,
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        caCert.toString(),
        "-CAkey",
        caKey.toString(),
        "-CAcreateserial",
        "-out",
        out.toString(),
        "-days",
        "2",
        "-extfile",
        ext.toString());
  }

  private static void run(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(OPENSSL.toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0)
        .as("openssl %s failed: %s", String.join(" ", args), out)
        .isTrue();
  }

  /** mosquitto listener lines serving this PKI's server certificate. */
  public List<String> listenerOptions(boolean requireClientCertificate) {
    return List.of(
        "cafile " + caCert,
        "certfile " + serverCert,
        "keyfile " + serverKey,
        "require_certificate " + requireClientCertificate);
  }
}
