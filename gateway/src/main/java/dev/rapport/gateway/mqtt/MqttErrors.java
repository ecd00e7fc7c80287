package dev.rapport.gateway.mqtt;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Turns Paho's exceptions into one sentence an operator can act on: which broker, what went wrong,
 * which setting to look at. Paho reports most connect failures as a reason code with a cause
 * several levels deep; the cause chain is searched for the meaningful part.
 */
final class MqttErrors {
  private MqttErrors() {}

  static String describe(Throwable error, MqttSettings settings) {
    String at = settings.address();
    if (error instanceof MqttException) {
      int code = ((MqttException) error).getReasonCode();
      switch (code) {
        case MqttException.REASON_CODE_FAILED_AUTHENTICATION:
        case MqttException.REASON_CODE_NOT_AUTHORIZED:
          return "broker refused credentials (user=" + settings.username() + ") at " + at;
        case MqttException.REASON_CODE_INVALID_CLIENT_ID:
          return "broker rejected the client id (clientId=" + settings.clientId() + ") at " + at;
        case MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION:
          return "broker at " + at + " does not accept MQTT 3.1.1";
        case MqttException.REASON_CODE_BROKER_UNAVAILABLE:
          return "broker at " + at + " says it is unavailable";
        case MqttException.REASON_CODE_CLIENT_TIMEOUT:
          if (error.getCause() == null) {
            return "no answer from broker at "
                + at
                + " within "
                + settings.connectTimeoutMs()
                + " ms";
          }
          break;
        default:
          break;
      }
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
        return "broker certificate at "
            + at
            + " is not trusted (check tls.ca_file="
            + settings.tls().caFile()
            + "): "
            + t.getMessage();
      }
      if (t instanceof CertificateException
          && t.getMessage() != null
          && (t.getMessage().contains("No subject alternative")
              || t.getMessage().contains("No name matching"))) {
        return "broker certificate at " + at + " does not name this host: " + t.getMessage();
      }
      if (t instanceof ConnectException) {
        return "broker unreachable at " + at + " (connection refused: is it running?)";
      }
      if (t instanceof UnknownHostException) {
        return "broker host not found: " + t.getMessage() + " (check the server URI)";
      }
      if (t instanceof NoRouteToHostException) {
        return "broker unreachable at " + at + " (no route to host)";
      }
      if (t instanceof SocketTimeoutException) {
        return "broker unreachable at " + at + " (connect timed out)";
      }
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SSLHandshakeException || t instanceof SSLException) {
        String hint =
            settings.tls().hasClientIdentity()
                ? ""
                : " (does the broker require a client certificate? tls.cert_file is not set)";
        return "TLS handshake with broker at " + at + " failed: " + t.getMessage() + hint;
      }
    }
    if (error instanceof MqttException
        && ((MqttException) error).getReasonCode() == MqttException.REASON_CODE_CONNECTION_LOST) {
      Throwable cause = error.getCause();
      return "connection to broker at "
          + at
          + " lost"
          + (cause == null ? "" : " (" + cause.getMessage() + ")");
    }
    String message = error.getMessage();
    Throwable root = error;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String detail = root == error ? "" : " (" + root + ")";
    return "MQTT error with broker at "
        + at
        + ": "
        + message
        + detail
        + (error instanceof MqttException
            ? " [Paho reason " + ((MqttException) error).getReasonCode() + "]"
            : "");
  }
}
