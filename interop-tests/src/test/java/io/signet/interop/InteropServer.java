package io.signet.interop;

import io.signet.examples.chat.ChatHub;
import io.signet.connection.TransportType;
import io.signet.hub.HubOptions;
import io.signet.hub.HubUser;
import io.signet.jetty.SignetServer;
import io.signet.server.Signet;
import io.signet.transport.longpoll.LongPollingTransport;
import io.signet.transport.sse.ServerSentEventsTransport;
import io.signet.transport.websocket.WebSocketTransport;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Signet servers the interop scenarios run against, each on 127.0.0.1 and a free port. Options
 * are global to a {@link Signet}, so each option set a scenario needs gets its own server (a
 * {@link Variant}). Start it once per test class and close it afterwards.
 *
 * <p>Scenarios that share a server must not run concurrently: some of them broadcast to every
 * client of a hub and assert exactly what each client received.
 */
final class InteropServer implements AutoCloseable {

  /** One server and the options it runs with. */
  enum Variant {
    /**
     * Default options (32 KB message limit, generic errors), and bearer tokens authenticated as
     * {@link #USERS}. Hosts {@link TestHub} at {@code /testhub}, the example {@link ChatHub} at
     * {@code /chatHub}, {@link RejectingHub} at {@code /rejecting}, {@link StreamingHub} at
     * {@code /streaming}, {@link SecureHub} at {@code /secure}, and {@link BroadcastServlet} at
     * {@code /api/broadcast}; for fallback, {@link TestHub} again at {@code /no-websockets} (SSE
     * and long polling only) and at {@code /long-polling-only}. {@link ClientResultsHub} (two
     * invocation slots per client) is at {@code /results}, with
     * {@link ClientResultServlet} at {@code /api/ask} asking its clients; again at
     * {@code /results-short-timeout} with a 1 s result timeout, and at {@code /results-serial}
     * with one slot per client, the default, where client results work as in ASP.NET Core 8.
     * {@link OnConnectedResultsHub} is at
     * {@code /results-on-connected}.
     */
    STANDARD(o -> {}),
    /**
     * {@link #STANDARD}, but served with the portable Jakarta WebSocket transport, as in Tomcat or
     * Undertow, instead of Jetty's native one.
     */
    PORTABLE_WEBSOCKETS(o -> {}),
    /** {@link TestHub} with exception types and messages sent to clients. */
    DETAILED_ERRORS(o -> o.enableDetailedErrors(true)),
    /** {@link TestHub} pinging every second, so a client with a 4 s server timeout stays up. */
    FAST_KEEP_ALIVE(o -> o.keepAliveInterval(Duration.ofSeconds(1))),
    /** {@link TestHub} closing a connection after 2 s without a message from its client. */
    SHORT_CLIENT_TIMEOUT(o -> o.keepAliveInterval(Duration.ofSeconds(1))
        .clientTimeoutInterval(Duration.ofSeconds(2))),
    /**
     * {@link FilteredHub} at {@code /filtered}: a global {@link TestFilters.Tracing} filter named
     * {@code global}, then that hub's own filters (see {@link FilteredHub}).
     */
    FILTERS(o -> o.addFilter(new TestFilters.Tracing("global")));

    private final Consumer<HubOptions.Builder> options;

    Variant(Consumer<HubOptions.Builder> options) {
      this.options = options;
    }
  }

  /**
   * The users the test authenticator knows, by bearer token; any other token (or none) is
   * anonymous, which {@link SecureHub} refuses.
   */
  static final Map<String, HubUser> USERS = Map.of(
      "token-alice", HubUser.of("alice"),
      "token-bob", HubUser.of("bob"),
      "token-admin-carol", HubUser.of("carol", "admin"));

  private final Map<Variant, SignetServer> servers;

  private InteropServer(Map<Variant, SignetServer> servers) {
    this.servers = servers;
  }

  /** Starts every variant; if one fails to start, closes those already started. */
  static InteropServer start() {
    Map<Variant, SignetServer> started = new EnumMap<>(Variant.class);
    try {
      for (Variant variant : Variant.values()) {
        started.put(variant, start(variant));
      }
    } catch (RuntimeException e) {
      closeAll(started, e);
      throw e;
    }
    return new InteropServer(started);
  }

  private static SignetServer start(Variant variant) {
    Signet.Builder builder = Signet.builder().hub(TestHub.class).options(variant.options);
    if (variant == Variant.STANDARD || variant == Variant.PORTABLE_WEBSOCKETS) {
      addStandardHubs(builder);
    } else if (variant == Variant.FILTERS) {
      // Added after the global filter, so they run inside it.
      builder.hub(FilteredHub.class).configure(FilteredHub.class, o -> o
          .addFilter(new TestFilters.Tracing("hub-first"))
          .addFilter(new TestFilters.Tracing("hub-second"))
          .addFilter(new TestFilters.RejectForbidden())
          .addFilter(new TestFilters.ReportErrors()));
    }
    if (variant == Variant.PORTABLE_WEBSOCKETS) {
      builder.transports(
          new WebSocketTransport(), new ServerSentEventsTransport(), new LongPollingTransport());
    }
    Signet signet = builder.build();
    SignetServer.Builder server = SignetServer.builder().port(0).host("127.0.0.1").signet(signet);
    if (variant == Variant.STANDARD || variant == Variant.PORTABLE_WEBSOCKETS) {
      server.servlet("/api/broadcast", new BroadcastServlet(signet.hubContext(TestHub.class)))
          .servlet("/api/ask", new ClientResultServlet(signet.hubContext(ClientResultsHub.class)));
    }
    try {
      return server.start();
    } catch (RuntimeException e) {
      signet.close();
      throw e;
    }
  }

  private static void addStandardHubs(Signet.Builder builder) {
    builder.hub(ChatHub.class).hub(RejectingHub.class)
        .hub("/no-websockets", TestHub.class)
        .configure("/no-websockets", o -> o.transports(
            TransportType.ServerSentEvents, TransportType.LongPolling))
        .hub("/long-polling-only", TestHub.class)
        .configure("/long-polling-only", o -> o.transports(TransportType.LongPolling))
        .hub(StreamingHub.class)
        .hub(SecureHub.class)
        .authenticator((token, request) -> token == null ? null : USERS.get(token))
        // First at /results: hubContext(ClientResultsHub.class) reaches the clients there.
        .hub(ClientResultsHub.class)
        .configure(ClientResultsHub.class, o -> o.maximumParallelInvocationsPerClient(2))
        .hub("/results-short-timeout", ClientResultsHub.class)
        .configure("/results-short-timeout", o -> o.clientResultTimeout(Duration.ofSeconds(1)))
        .hub("/results-serial", ClientResultsHub.class)
        .configure("/results-serial", o -> o.maximumParallelInvocationsPerClient(1))
        .hub(OnConnectedResultsHub.class)
        .configure(OnConnectedResultsHub.class, o -> o.maximumParallelInvocationsPerClient(2));
  }

  /** {@code http://127.0.0.1:port} of a variant, without a trailing slash. */
  String baseUrl(Variant variant) {
    return "http://127.0.0.1:" + servers.get(variant).port();
  }

  /** Closes every server, reporting the first failure with the others suppressed. */
  @Override
  public void close() {
    RuntimeException failure = closeAll(servers, null);
    if (failure != null) {
      throw failure;
    }
  }

  private static RuntimeException closeAll(
      Map<Variant, SignetServer> servers, RuntimeException failure) {
    for (SignetServer server : servers.values()) {
      try {
        server.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    return failure;
  }
}
