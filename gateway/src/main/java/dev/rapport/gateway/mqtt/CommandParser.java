package dev.rapport.gateway.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rapport.badge.protocol.BadgeId;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a message from the command topic into a {@link GatewayCommand} or a {@link
 * CommandOutcome.Rejected} that names the field and value. Anyone on the broker can publish here,
 * so nothing is trusted: size, encoding, field names, types and ranges are all checked, and unknown
 * fields are rejected rather than ignored (a typo like {@code sesion_id} must not silently start an
 * unnamed session). Stateless and thread-safe.
 */
public final class CommandParser {
  /** Far above any valid command; keeps a hostile publisher from making us parse megabytes. */
  public static final int MAX_PAYLOAD_BYTES = 8 * 1024;

  public static final int MAX_PARTICIPANTS = 256;

  static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern BADGE_TEXT = Pattern.compile("(0[xX])?[0-9A-Fa-f]{1,4}");

  private static final Map<String, Set<String>> FIELDS =
      Map.of(
          GatewayCommand.START_SESSION,
              Set.of("command", "request_id", "session_id", "participants"),
          GatewayCommand.STOP_SESSION, Set.of("command", "request_id"),
          GatewayCommand.MARKER, Set.of("command", "request_id", "label"),
          GatewayCommand.IDENTIFY, Set.of("command", "request_id", "badge"));

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Thrown inside the parser only; becomes a {@link CommandOutcome.Rejected}. */
  private static final class Rejection extends Exception {
    final String field;
    final String value;

    Rejection(String field, String value, String reason) {
      super(reason, null, false, false);
      this.field = field;
      this.value = value;
    }
  }

  public CommandOutcome parse(byte[] payload, boolean retained) {
    String requestId = null;
    String command = null;
    try {
      JsonNode root = readObject(payload);
      JsonNode rid = root.get("request_id");
      if (rid != null) {
        requestId = pattern(rid, "request_id", REQUEST_ID, "1 to 64 of A-Z a-z 0-9 _ . : -");
      }
      JsonNode cmd = root.get("command");
      if (cmd == null || cmd.isNull()) {
        throw new Rejection("command", null, "is required (allowed: " + allowedCommands() + ")");
      }
      if (!cmd.isTextual() || !FIELDS.containsKey(cmd.asText())) {
        throw new Rejection(
            "command", text(cmd), "is not a command (allowed: " + allowedCommands() + ")");
      }
      command = cmd.asText();
      if (retained) {
        throw new Rejection(
            "retain",
            "true",
            "commands must be published with retain=false, a"
                + " retained command would run again on every reconnect");
      }
      rejectUnknownFields(root, FIELDS.get(command));
      return new CommandOutcome.Accepted(build(command, requestId, root));
    } catch (Rejection r) {
      return new CommandOutcome.Rejected(requestId, command, r.field, r.value, r.getMessage());
    }
  }

  private static GatewayCommand build(String command, String requestId, JsonNode root)
      throws Rejection {
    switch (command) {
      case GatewayCommand.START_SESSION:
        JsonNode sid = root.get("session_id");
        String sessionId =
            sid == null || sid.isNull()
                ? null
                : pattern(sid, "session_id", SESSION_ID, "1 to 64 of A-Z a-z 0-9 _ . -");
        return new GatewayCommand.StartSession(requestId, sessionId, participants(root));
      case GatewayCommand.STOP_SESSION:
        return new GatewayCommand.StopSession(requestId);
      case GatewayCommand.MARKER:
        return new GatewayCommand.Marker(requestId, label(root.get("label")));
      case GatewayCommand.IDENTIFY:
        JsonNode badge = root.get("badge");
        if (badge == null || badge.isNull()) {
          throw new Rejection("badge", null, "is required (allowed: a badge id, 4 hex digits)");
        }
        return new GatewayCommand.Identify(requestId, badgeId("badge", badge));
      default:
        throw new IllegalStateException("command list and switch disagree, command=" + command);
    }
  }

  private static JsonNode readObject(byte[] payload) throws Rejection {
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw new Rejection(
          "payload",
          String.valueOf(payload.length),
          "is too large in bytes" + " (allowed: at most " + MAX_PAYLOAD_BYTES + ")");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(payload))
              .toString();
    } catch (CharacterCodingException e) {
      throw new Rejection("payload", null, "is not UTF-8 text (allowed: a JSON object)");
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new Rejection(
          "payload",
          quote(abbreviate(text)),
          "is not JSON (" + e.getOriginalMessage() + "; allowed: a JSON object)");
    }
    if (root == null || !root.isObject()) {
      throw new Rejection(
          "payload",
          quote(abbreviate(text)),
          "is not a JSON object (allowed: " + "{\"command\": \"...\", ...})");
    }
    return root;
  }

  private static void rejectUnknownFields(JsonNode root, Set<String> allowed) throws Rejection {
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new Rejection(
            name,
            text(root.get(name)),
            "is not a field of this command"
                + " (allowed: "
                + String.join(", ", new java.util.TreeSet<>(allowed))
                + ")");
      }
    }
  }

  private static List<String> participants(JsonNode root) throws Rejection {
    JsonNode node = root.get("participants");
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new Rejection(
          "participants",
          text(node),
          "is not a list (allowed: a list of badge" + " ids, e.g. [\"00a1\", \"00a2\"])");
    }
    if (node.size() < 2 || node.size() > MAX_PARTICIPANTS) {
      throw new Rejection(
          "participants",
          text(node),
          "has "
              + node.size()
              + " badges (allowed: 2"
              + " to "
              + MAX_PARTICIPANTS
              + ", or leave it out for every badge)");
    }
    List<String> ids = new ArrayList<>(node.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String id = badgeId("participants[" + i + "]", node.get(i));
      if (!seen.add(id)) {
        throw new Rejection("participants[" + i + "]", text(node.get(i)), "names a badge twice");
      }
      ids.add(id);
    }
    return ids;
  }

  /** Accepts the forms {@link BadgeId#parse} does and answers the canonical four-digit form. */
  private static String badgeId(String field, JsonNode node) throws Rejection {
    if (!node.isTextual() || !BADGE_TEXT.matcher(node.asText()).matches()) {
      throw new Rejection(
          field,
          text(node),
          "is not a badge id (allowed: 1 to 4 hex digits as a" + " string, e.g. \"00a1\")");
    }
    int id = BadgeId.parse(node.asText());
    if (id < BadgeId.MIN || id > BadgeId.MAX) {
      throw new Rejection(
          field,
          text(node),
          "is a reserved badge id (allowed: "
              + BadgeId.format(BadgeId.MIN)
              + " to "
              + BadgeId.format(BadgeId.MAX)
              + ")");
    }
    return BadgeId.format(id);
  }

  private static String label(JsonNode node) throws Rejection {
    if (node == null || node.isNull()) {
      throw new Rejection(
          "label",
          null,
          "is required (allowed: text of 1 to " + EventMessage.MAX_LABEL_CHARS + " characters)");
    }
    if (!node.isTextual()) {
      throw new Rejection(
          "label",
          text(node),
          "is not text (allowed: text of 1 to " + EventMessage.MAX_LABEL_CHARS + " characters)");
    }
    String label = node.asText();
    if (label.isBlank() || label.length() > EventMessage.MAX_LABEL_CHARS) {
      throw new Rejection(
          "label",
          text(node),
          "has "
              + label.length()
              + " characters (allowed: 1"
              + " to "
              + EventMessage.MAX_LABEL_CHARS
              + ", not only spaces)");
    }
    for (int i = 0; i < label.length(); i++) {
      if (Character.isISOControl(label.charAt(i))) {
        throw new Rejection(
            "label", text(node), "contains a control character (allowed:" + " printable text)");
      }
    }
    return label;
  }

  private static String pattern(JsonNode node, String field, Pattern pattern, String allowed)
      throws Rejection {
    if (!node.isTextual() || !pattern.matcher(node.asText()).matches()) {
      throw new Rejection(field, text(node), "is not allowed (allowed: " + allowed + ")");
    }
    return node.asText();
  }

  private static String allowedCommands() {
    return String.join(", ", new java.util.TreeSet<>(FIELDS.keySet()));
  }

  /**
   * The value as JSON text for the result; a long one is cut and sent as a string, so the answer
   * stays valid JSON and a hostile 8 KB value is not echoed whole.
   */
  private static String text(JsonNode node) {
    if (node == null) {
      return null;
    }
    String json = node.toString();
    return json.length() <= 100 ? json : quote(abbreviate(json));
  }

  private static String quote(String text) {
    return JsonNodeFactory.instance.textNode(text).toString();
  }

  private static String abbreviate(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "...";
  }
}
