package dev.rapport.gateway.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the {@link SSLSocketFactory} Paho uses from PEM files as Mosquitto users have them ({@code
 * ca.crt}, {@code client.crt}, {@code client.key}) or from a key store. Any problem is reported as
 * an {@link IllegalArgumentException} naming the setting and the file: it is a configuration error,
 * found once at start-up.
 */
final class SslSocketFactories {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+?)-----END \\1-----");

  /** DER of AlgorithmIdentifier {rsaEncryption, NULL}, to wrap a PKCS#1 key into PKCS#8. */
  private static final byte[] RSA_ALGORITHM_ID = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  private static final char[] IN_MEMORY_PASSWORD = "rapport".toCharArray();

  private SslSocketFactories() {}

  static SSLSocketFactory create(TlsSettings tls) {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(tls.caFile() == null ? null : trustStore(tls.caFile()));
      KeyManagerFactory kmf = null;
      if (tls.certFile() != null) {
        kmf = keyManagers(pemKeyStore(tls.certFile(), tls.keyFile()), IN_MEMORY_PASSWORD);
      } else if (tls.keyStoreFile() != null) {
        char[] password =
            tls.keyStorePassword() == null ? new char[0] : tls.keyStorePassword().toCharArray();
        KeyStore ks =
            KeyStore.getInstance(tls.keyStoreType() == null ? "PKCS12" : tls.keyStoreType());
        try (InputStream in = Files.newInputStream(tls.keyStoreFile())) {
          ks.load(in, password);
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "tls.keystore_file cannot be opened (wrong password or type?), tls.keystore_file="
                  + tls.keyStoreFile()
                  + ": "
                  + e.getMessage(),
              e);
        }
        kmf = keyManagers(ks, password);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return ctx.getSocketFactory();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("TLS settings cannot be used, tls=" + tls + ": " + e, e);
    }
  }

  private static KeyManagerFactory keyManagers(KeyStore ks, char[] password)
      throws GeneralSecurityException {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password);
    return kmf;
  }

  private static KeyStore trustStore(Path caFile) throws GeneralSecurityException, IOException {
    Collection<? extends Certificate> certs = certificates("tls.ca_file", caFile);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    int i = 0;
    for (Certificate c : certs) {
      ks.setCertificateEntry("ca-" + i++, c);
    }
    return ks;
  }

  private static KeyStore pemKeyStore(Path certFile, Path keyFile)
      throws GeneralSecurityException, IOException {
    Certificate[] chain = certificates("tls.cert_file", certFile).toArray(new Certificate[0]);
    PrivateKey key = privateKey(keyFile);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("client", key, IN_MEMORY_PASSWORD, chain);
    return ks;
  }

  private static Collection<? extends Certificate> certificates(String field, Path file)
      throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IllegalArgumentException(
            field
                + " holds no certificate (allowed: PEM, -----BEGIN CERTIFICATE-----), "
                + field
                + "="
                + file);
      }
      return certs;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          field
              + " is not a PEM or DER certificate file, "
              + field
              + "="
              + file
              + ": "
              + e.getMessage(),
          e);
    }
  }

  static PrivateKey privateKey(Path keyFile) throws IOException {
    String text = Files.readString(keyFile, StandardCharsets.US_ASCII);
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      if (!type.endsWith("PRIVATE KEY")) {
        continue;
      }
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      switch (type) {
        case "PRIVATE KEY":
          return pkcs8(keyFile, der);
        case "RSA PRIVATE KEY":
          return pkcs8(keyFile, wrapPkcs1(der));
        default:
          throw new IllegalArgumentException(
              "tls.key_file holds a '"
                  + type
                  + "' key, which is not supported (allowed: an"
                  + " unencrypted PKCS#8 or PKCS#1 RSA key; convert with: openssl pkcs8 -topk8"
                  + " -nocrypt -in KEY -out KEY.pk8), tls.key_file="
                  + keyFile);
      }
    }
    throw new IllegalArgumentException(
        "tls.key_file holds no PEM private key (allowed: -----BEGIN PRIVATE KEY-----),"
            + " tls.key_file="
            + keyFile);
  }

  private static PrivateKey pkcs8(Path keyFile, byte[] der) {
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Not this algorithm: PKCS#8 names it inside, but KeyFactory wants it up front.
        continue;
      }
    }
    throw new IllegalArgumentException(
        "tls.key_file is not an RSA, EC or EdDSA private key, tls.key_file=" + keyFile);
  }

  /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING pkcs1 }. */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(RSA_ALGORITHM_ID);
    body.write(0x04);
    writeLength(body, pkcs1.length);
    body.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    writeLength(out, body.size());
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static void writeLength(ByteArrayOutputStream out, int length) {
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else if (length < 0x10000) {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length & 0xFF);
    } else {
      out.write(0x83);
      out.write(length >> 16);
      out.write((length >> 8) & 0xFF);
      out.write(length & 0xFF);
    }
  }
}
