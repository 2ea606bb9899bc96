package io.signet.connection.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.signet.connection.Connection;
import io.signet.connection.ServerTransport;
import io.signet.protocol.TransferFormat;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Answers {@code POST {path}/negotiate}: picks the negotiate version, creates the connection and
 * lists the transports. Errors are {@code 200} with an {@code error} property, as SignalR clients
 * expect.
 */
final class NegotiateResponder {
  private static final JsonFactory JSON = new JsonFactory();
  static final int MAX_VERSION = 1;

  private final ConnectionRegistry registry;
  private volatile OfferedTransports lastOffered;

  NegotiateResponder(ConnectionRegistry registry) {
    this.registry = registry;
  }

  void negotiate(
      HttpServletRequest request, HttpServletResponse response, List<ServerTransport> offered)
      throws IOException {
    String requested = QueryParameters.get(request, "negotiateVersion");
    int version;
    if (requested == null) {
      version = 0;
    } else {
      try {
        version = Math.min(Integer.parseInt(requested.trim()), MAX_VERSION);
      } catch (NumberFormatException e) {
        writeJson(response, error("The client requested a non-integer protocol version."));
        return;
      }
      if (version < 0) {
        writeJson(response, error("The client requested version '" + requested
            + "', but the server does not support this version."));
        return;
      }
    }
    Connection connection = registry.create(version);
    writeJson(response, success(connection, version, offered));
  }

  /**
   * The answer, written directly: its only parts that change per call are the version and the
   * ids, which are base64url and so need no JSON escaping; the transport list is the same for
   * every negotiate of an endpoint and is written once.
   */
  private byte[] success(Connection connection, int version, List<ServerTransport> offered) {
    String head = "{\"negotiateVersion\":" + version
        + ",\"connectionId\":\"" + connection.id()
        + (version >= 1 ? "\",\"connectionToken\":\"" + connection.token() : "")
        + "\",\"availableTransports\":";
    byte[] start = head.getBytes(StandardCharsets.US_ASCII);
    byte[] transports = transportsJson(offered);
    byte[] body = Arrays.copyOf(start, start.length + transports.length + 1);
    System.arraycopy(transports, 0, body, start.length, transports.length);
    body[body.length - 1] = '}';
    return body;
  }

  /** The {@code availableTransports} array for {@code offered}, from the cache when it matches. */
  private byte[] transportsJson(List<ServerTransport> offered) {
    OfferedTransports cached = lastOffered;
    if (cached == null || !cached.transports().equals(offered)) {
      // Transports are stateless (ServerTransport's contract), so equal lists answer alike.
      cached = new OfferedTransports(List.copyOf(offered), writeTransports(offered));
      lastOffered = cached;
    }
    return cached.json();
  }

  private static byte[] writeTransports(List<ServerTransport> offered) {
    return json(generator -> {
      generator.writeStartArray();
      for (ServerTransport transport : offered) {
        generator.writeStartObject();
        generator.writeStringField("transport", transport.type().name());
        generator.writeArrayFieldStart("transferFormats");
        for (TransferFormat format : TransferFormat.values()) {
          if (transport.transferFormats().contains(format)) {
            generator.writeString(format.name());
          }
        }
        generator.writeEndArray();
        generator.writeEndObject();
      }
      generator.writeEndArray();
    });
  }

  /** The transports last offered and their JSON; replaced as a whole, so racing readers agree. */
  private record OfferedTransports(List<ServerTransport> transports, byte[] json) {}

  static byte[] error(String message) {
    return json(generator -> {
      generator.writeStartObject();
      generator.writeStringField("error", message);
      generator.writeEndObject();
    });
  }

  private interface JsonWriter {
    void write(JsonGenerator generator) throws IOException;
  }

  private static byte[] json(JsonWriter writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      writer.write(generator);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeJson(HttpServletResponse response, byte[] body) throws IOException {
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-cache, no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
