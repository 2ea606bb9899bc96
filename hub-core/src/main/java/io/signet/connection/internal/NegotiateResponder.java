package io.signet.connection.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.signet.connection.AsyncResponseWriter;
import io.signet.connection.Connection;
import io.signet.connection.ConnectionDirectory;
import io.signet.connection.ServerTransport;
import io.signet.protocol.TransferFormat;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code POST {path}/negotiate}: picks the negotiate version, creates the connection and
 * lists the transports. Errors are {@code 200} with an {@code error} property, as SignalR clients
 * expect.
 *
 * <p>A client asking for stateful reconnect ({@code useStatefulReconnect=true}) gets it when the
 * options allow it, as in ASP.NET Core, and the answer then starts with
 * {@code "useStatefulReconnect":true}. With a scale-out too, as ASP.NET Core grants it with a
 * backplane: the grant travels in the directory to the node that claims the connection, which
 * keeps its replay buffer. A resuming WebSocket that reaches another node is refused there (a
 * WebSocket cannot be forwarded), and the client starts a new connection.
 */
final class NegotiateResponder {
  private static final Logger log = LoggerFactory.getLogger(NegotiateResponder.class);
  private static final JsonFactory JSON = new JsonFactory();
  static final int MAX_VERSION = 1;

  private final ConnectionRegistry registry;
  private volatile OfferedTransports lastOffered;

  NegotiateResponder(ConnectionRegistry registry) {
    this.registry = registry;
  }

  /**
   * @param user the name of the authenticated user, or {@code null}
   * @throws ConnectionLimitException if the server or the user holds its maximum of connections
   */
  void negotiate(HttpServletRequest request, HttpServletResponse response,
      List<ServerTransport> offered, String user) throws IOException {
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
    boolean stateful = registry.options().allowStatefulReconnects()
        && asksForStatefulReconnect(request);
    ConnectionDirectory directory = registry.directory();
    if (directory == null) {
      Connection connection = registry.create(version, user);
      if (stateful) {
        connection.statefulReconnect().grant();
      }
      writeJson(response,
          success(connection.id(), connection.token(), version, stateful, offered));
      return;
    }
    // The node that the first transport request reaches counts it; this one refuses if full.
    registry.limits().checkRoom(user);
    registerInCluster(request, directory, new Negotiated(version, stateful), offered, user);
  }

  /** What negotiate agreed with the client, besides the ids. */
  private record Negotiated(int version, boolean statefulReconnect) {}

  /**
   * Negotiate with a scale-out: the connection is only registered in the directory, so that the
   * first transport request claims it on whichever node it reaches. The answer waits for the
   * directory (without a thread); if the directory fails, the connection is created here and
   * works as on a single node.
   */
  private void registerInCluster(HttpServletRequest request, ConnectionDirectory directory,
      Negotiated negotiated, List<ServerTransport> offered, String user) throws IOException {
    int version = negotiated.version();
    boolean stateful = negotiated.statefulReconnect();
    String[] ids = registry.drawIds(version);
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    AsyncResponseWriter writer = new AsyncResponseWriter(async);
    directory.register(ids[1], ids[0], version, stateful).whenComplete((ignored, failure) -> {
      HttpServletResponse response = (HttpServletResponse) async.getResponse();
      if (failure != null) {
        log.debug("Connection {} stays on this node: the directory failed", ids[0], failure);
        try {
          Connection local = registry.adopt(ids[0], ids[1], version, user);
          if (stateful) {
            local.statefulReconnect().grant();
          }
        } catch (ConnectionLimitException refused) {
          HttpConnectionDispatcher.refusal(response, refused);
          writer.write(HttpConnectionDispatcher.refusalBody(refused), true)
              .whenComplete((done, writeFailure) -> writer.complete());
          return;
        }
      }
      byte[] body = success(ids[0], ids[1], version, stateful, offered);
      headers(response, body.length);
      writer.write(body, true).whenComplete((done, writeFailure) -> writer.complete());
    });
  }

  /**
   * The answer, written directly: its only parts that change per call are the version and the
   * ids, which are base64url and so need no JSON escaping; the transport list is the same for
   * every negotiate of an endpoint and is written once.
   */
  private byte[] success(String id, String token, int version, boolean statefulReconnect,
      List<ServerTransport> offered) {
    // First when present, where ASP.NET Core's writer puts it.
    String head = (statefulReconnect ? "{\"useStatefulReconnect\":true," : "{")
        + "\"negotiateVersion\":" + version
        + ",\"connectionId\":\"" + id
        + (version >= 1 ? "\",\"connectionToken\":\"" + token : "")
        + "\",\"availableTransports\":";
    byte[] start = head.getBytes(StandardCharsets.US_ASCII);
    byte[] transports = transportsJson(offered);
    byte[] body = Arrays.copyOf(start, start.length + transports.length + 1);
    System.arraycopy(transports, 0, body, start.length, transports.length);
    body[body.length - 1] = '}';
    return body;
  }

  /**
   * Whether the request has {@code useStatefulReconnect} (any case) set to {@code true} (any
   * case, spaces around it ignored), as .NET's {@code bool.TryParse} reads it.
   */
  private static boolean asksForStatefulReconnect(HttpServletRequest request) {
    String value = QueryParameters.get(request, "useStatefulReconnect");
    return value != null && value.trim().equalsIgnoreCase("true");
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
    headers(response, body.length);
    response.getOutputStream().write(body);
  }

  private static void headers(HttpServletResponse response, int length) {
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-cache, no-store");
    response.setContentLength(length);
  }
}
