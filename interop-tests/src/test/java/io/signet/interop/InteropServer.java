package io.signet.interop;

import io.signet.examples.chat.ChatHub;
import io.signet.connection.TransportType;
import io.signet.hub.HubOptions;
import io.signet.jetty.SignetServer;
import io.signet.server.Signet;
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
     * Default options (32 KB message limit, generic errors). Hosts {@link TestHub} at
     * {@code /testhub}, the example {@link ChatHub} at {@code /chatHub}, {@link RejectingHub} at
     * {@code /rejecting}, and {@link BroadcastServlet} at {@code /api/broadcast}; for fallback,
     * {@link TestHub} again at {@code /no-websockets} (SSE and long polling only) and at
     * {@code /long-polling-only}.
     */
    STANDARD(o -> {}),
    /** {@link TestHub} with exception types and messages sent to clients. */
    DETAILED_ERRORS(o -> o.enableDetailedErrors(true)),
    /** {@link TestHub} pinging every second, so a client with a 4 s server timeout stays up. */
    FAST_KEEP_ALIVE(o -> o.keepAliveInterval(Duration.ofSeconds(1))),
    /** {@link TestHub} closing a connection after 2 s without a message from its client. */
    SHORT_CLIENT_TIMEOUT(o -> o.keepAliveInterval(Duration.ofSeconds(1))
        .clientTimeoutInterval(Duration.ofSeconds(2)));

    private final Consumer<HubOptions.Builder> options;

    Variant(Consumer<HubOptions.Builder> options) {
      this.options = options;
    }
  }

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
    if (variant == Variant.STANDARD) {
      builder.hub(ChatHub.class).hub(RejectingHub.class)
          .hub("/no-websockets", TestHub.class)
          .configure("/no-websockets", o -> o.transports(
              TransportType.ServerSentEvents, TransportType.LongPolling))
          .hub("/long-polling-only", TestHub.class)
          .configure("/long-polling-only", o -> o.transports(TransportType.LongPolling));
    }
    Signet signet = builder.build();
    SignetServer.Builder server = SignetServer.builder().port(0).host("127.0.0.1").signet(signet);
    if (variant == Variant.STANDARD) {
      server.servlet("/api/broadcast", new BroadcastServlet(signet.hubContext(TestHub.class)));
    }
    try {
      return server.start();
    } catch (RuntimeException e) {
      signet.close();
      throw e;
    }
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
