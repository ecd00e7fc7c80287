package dev.rapport.gateway.mqtt;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS towards the broker ({@code ssl://} URLs). Trust: {@code caFile} (PEM, one or more
 * certificates) or, when null, the JVM's default trust store. Client authentication: either a PEM
 * certificate chain plus an unencrypted PKCS#8 or PKCS#1 RSA key, or a PKCS#12/JKS key store. Files
 * are checked when the settings are built, so a typo fails at start-up with its name, not later as
 * a handshake error.
 */
public record TlsSettings(
    Path caFile,
    Path certFile,
    Path keyFile,
    Path keyStoreFile,
    String keyStorePassword,
    String keyStoreType) {
  public static final TlsSettings NONE = new TlsSettings(null, null, null, null, null, null);

  public TlsSettings {
    readable("tls.ca_file", caFile);
    readable("tls.cert_file", certFile);
    readable("tls.key_file", keyFile);
    readable("tls.keystore_file", keyStoreFile);
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException(
          "tls.cert_file and tls.key_file go together (allowed: both or neither), tls.cert_file="
              + certFile
              + " tls.key_file="
              + keyFile);
    }
    if (certFile != null && keyStoreFile != null) {
      throw new IllegalArgumentException(
          "give the client identity once (allowed: cert_file+key_file or keystore_file),"
              + " tls.cert_file="
              + certFile
              + " tls.keystore_file="
              + keyStoreFile);
    }
    if (keyStoreType != null && !keyStoreType.equals("PKCS12") && !keyStoreType.equals("JKS")) {
      throw new IllegalArgumentException(
          "key store type not known (allowed: PKCS12, JKS), tls.keystore_type=" + keyStoreType);
    }
  }

  /** Trust the CA in {@code caFile}; no client certificate. */
  public static TlsSettings trusting(Path caFile) {
    return new TlsSettings(caFile, null, null, null, null, null);
  }

  /** Trust {@code caFile} and present the PEM certificate and key. */
  public static TlsSettings withClientPem(Path caFile, Path certFile, Path keyFile) {
    return new TlsSettings(caFile, certFile, keyFile, null, null, null);
  }

  public boolean hasClientIdentity() {
    return certFile != null || keyStoreFile != null;
  }

  private static void readable(String field, Path file) {
    if (file != null && !Files.isReadable(file)) {
      throw new IllegalArgumentException(
          field + " not found or not readable, " + field + "=" + file.toAbsolutePath());
    }
  }

  @Override
  public String toString() {
    return "TlsSettings{caFile="
        + caFile
        + ", certFile="
        + certFile
        + ", keyFile="
        + keyFile
        + ", keyStoreFile="
        + keyStoreFile
        + ", keyStorePassword="
        + (keyStorePassword == null ? "null" : "***")
        + ", keyStoreType="
        + keyStoreType
        + "}";
  }
}
