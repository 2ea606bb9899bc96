package io.signet.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signet.protocol.TransferFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of one negotiate answer, read field by field as the JavaScript client reads it: every
 * field is optional and unknown fields are ignored.
 *
 * @param error the server's refusal, or {@code null}
 * @param hasProtocolVersion whether the answer has {@code ProtocolVersion}, the mark of the old
 *     ASP.NET (non-Core) SignalR
 * @param url a redirect's hub URL, or {@code null}
 * @param accessToken a redirect's bearer token, or {@code null}
 * @param negotiateVersion the version of the answer; {@code 0} when absent
 * @param connectionId the connection's id, or {@code null}
 * @param connectionToken the connection's token, or {@code null} (always absent in version 0)
 * @param transports the offered transports this client knows, in the server's order
 * @param useStatefulReconnect whether the server agreed to stateful reconnect
 */
record NegotiateResponse(String error, boolean hasProtocolVersion, String url,
    String accessToken, int negotiateVersion, String connectionId, String connectionToken,
    List<AvailableTransport> transports, boolean useStatefulReconnect) {
  private static final Logger log = LoggerFactory.getLogger(NegotiateResponse.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies the transports. */
  NegotiateResponse {
    transports = List.copyOf(transports);
  }

  /**
   * Reads a negotiate answer.
   *
   * @throws IOException if {@code body} is not a JSON object
   */
  static NegotiateResponse parse(byte[] body) throws IOException {
    JsonNode root = JSON.readTree(body);
    if (root == null || !root.isObject()) {
      throw new IOException("The negotiate answer is not a JSON object");
    }
    JsonNode protocolVersion = root.get("ProtocolVersion");
    return new NegotiateResponse(
        text(root, "error"),
        protocolVersion != null && !protocolVersion.isNull(),
        text(root, "url"),
        text(root, "accessToken"),
        root.path("negotiateVersion").asInt(0),
        text(root, "connectionId"),
        text(root, "connectionToken"),
        transports(root.path("availableTransports")),
        root.path("useStatefulReconnect").asBoolean(false));
  }

  /**
   * The offered transports. A name this client does not know is skipped, as the JavaScript
   * client skips it; so is a format name other than {@code Text} and {@code Binary}.
   */
  private static List<AvailableTransport> transports(JsonNode array) {
    List<AvailableTransport> known = new ArrayList<>();
    for (JsonNode entry : array) {
      String name = entry.path("transport").asText(null);
      TransportType type = name == null ? null : TransportType.fromWireName(name);
      if (type == null) {
        log.debug("Skipping transport '{}' because it is not supported by this client.", name);
        continue;
      }
      Set<TransferFormat> formats = EnumSet.noneOf(TransferFormat.class);
      for (JsonNode format : entry.path("transferFormats")) {
        for (TransferFormat candidate : TransferFormat.values()) {
          if (candidate.name().equals(format.asText())) {
            formats.add(candidate);
          }
        }
      }
      known.add(new AvailableTransport(type, formats));
    }
    return known;
  }

  /** The field's text, {@code null} when it is absent, {@code null} or empty. */
  private static String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    String value = node.asText();
    return value.isEmpty() ? null : value;
  }
}
