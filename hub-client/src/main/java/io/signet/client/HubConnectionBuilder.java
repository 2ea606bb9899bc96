package io.signet.client;

import io.signet.protocol.HubProtocol;
import io.signet.protocol.JsonHubProtocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Builds a {@link HubConnection}. Only the URL is required:
 *
 * <pre>{@code
 * HubConnection connection = HubConnectionBuilder.create("https://example.com/chat")
 *     .withAutomaticReconnect()
 *     .build();
 * connection.on("ReceiveMessage", (user, text) -> print(user, text), String.class, String.class);
 * connection.start().toCompletableFuture().join();
 * connection.send("SendMessage", "ana", "hello");
 * }</pre>
 *
 * <p>Defaults are the official clients': every transport, JSON, a server timeout of 30 s,
 * keep-alive pings after 15 s of quiet, a handshake timeout of 15 s, no automatic or stateful
 * reconnect. A builder is not thread-safe; the connections it builds are independent.
 */
public final class HubConnectionBuilder {
  /** The largest message accepted from the server unless set: 10 MiB. */
  public static final long DEFAULT_MAXIMUM_MESSAGE_SIZE = 10L * 1024 * 1024;

  private final URI url;
  private final Set<TransportType> transports = EnumSet.allOf(TransportType.class);
  private final Map<String, String> headers = new LinkedHashMap<>();
  private boolean skipNegotiation;
  private HubProtocol protocol;
  private Supplier<? extends CompletionStage<String>> accessTokenProvider;
  private Duration serverTimeout = Duration.ofSeconds(30);
  private Duration keepAliveInterval = Duration.ofSeconds(15);
  private Duration handshakeTimeout = Duration.ofSeconds(15);
  private RetryPolicy retryPolicy;
  private boolean statefulReconnect;
  private int statefulReconnectBufferSize = 100_000;
  private long maximumMessageSize = DEFAULT_MAXIMUM_MESSAGE_SIZE;
  private int streamBufferCapacity = 10_000;
  private Executor executor;
  private HttpClient httpClient;

  private HubConnectionBuilder(URI url) {
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")
        || scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))) {
      throw new IllegalArgumentException(
          "The hub URL must be absolute, with http, https, ws or wss: " + url);
    }
    this.url = url;
  }

  /**
   * A builder for the hub at {@code url}.
   *
   * @param url the hub's absolute URL, for example {@code http://localhost:8080/chat}
   * @return a new builder
   */
  public static HubConnectionBuilder create(String url) {
    Objects.requireNonNull(url, "url == null");
    return new HubConnectionBuilder(URI.create(url));
  }

  /**
   * A builder for the hub at {@code url}; see {@link #create(String)}.
   *
   * @param url the hub's absolute URL
   * @return a new builder
   */
  public static HubConnectionBuilder create(URI url) {
    Objects.requireNonNull(url, "url == null");
    return new HubConnectionBuilder(url);
  }

  /**
   * The transports the client may use (all by default); negotiate's order decides among them.
   *
   * @param allowed at least one transport
   * @return this builder
   */
  public HubConnectionBuilder withTransports(TransportType... allowed) {
    if (allowed.length == 0) {
      throw new IllegalArgumentException("At least one transport is needed");
    }
    transports.clear();
    for (TransportType type : allowed) {
      transports.add(Objects.requireNonNull(type, "transport == null"));
    }
    return this;
  }

  /**
   * Opens a WebSocket to the hub URL at once, without negotiate; only with the WebSockets
   * transport alone. The connection then has no connection id.
   *
   * @param skip whether to skip negotiate
   * @return this builder
   */
  public HubConnectionBuilder skipNegotiation(boolean skip) {
    this.skipNegotiation = skip;
    return this;
  }

  /**
   * Where the bearer token sent with every request comes from. It is asked for a token before each
   * connection attempt, and again when the server answers {@code 401}, as the JS client does.
   *
   * @param provider gives the token asynchronously; it may complete with {@code null} for none
   * @return this builder
   */
  public HubConnectionBuilder withAccessTokenProvider(
      Supplier<? extends CompletionStage<String>> provider) {
    this.accessTokenProvider = Objects.requireNonNull(provider, "provider == null");
    return this;
  }

  /**
   * A header sent with every HTTP request and the WebSocket upgrade.
   *
   * @param name the header's name
   * @param value its value
   * @return this builder
   */
  public HubConnectionBuilder withHeader(String name, String value) {
    headers.put(Objects.requireNonNull(name, "name == null"),
        Objects.requireNonNull(value, "value == null"));
    return this;
  }

  /**
   * The hub protocol: JSON by default; {@code new MessagePackHubProtocol()} from {@code
   * hub-protocol-msgpack} for MessagePack, which rules out Server-Sent Events.
   *
   * @param protocol the protocol
   * @return this builder
   */
  public HubConnectionBuilder withHubProtocol(HubProtocol protocol) {
    this.protocol = Objects.requireNonNull(protocol, "protocol == null");
    return this;
  }

  /**
   * How long the server may send nothing before the connection counts as lost (30 s); keep it
   * above twice the server's keep-alive interval.
   *
   * @param timeout the timeout, positive
   * @return this builder
   */
  public HubConnectionBuilder withServerTimeout(Duration timeout) {
    this.serverTimeout = positive(timeout, "serverTimeout");
    return this;
  }

  /**
   * How long this side may send nothing before it sends a ping (15 s).
   *
   * @param interval the interval, positive
   * @return this builder
   */
  public HubConnectionBuilder withKeepAliveInterval(Duration interval) {
    this.keepAliveInterval = positive(interval, "keepAliveInterval");
    return this;
  }

  /**
   * How long the server may take to answer the handshake (15 s).
   *
   * @param timeout the timeout, positive
   * @return this builder
   */
  public HubConnectionBuilder withHandshakeTimeout(Duration timeout) {
    this.handshakeTimeout = positive(timeout, "handshakeTimeout");
    return this;
  }

  /**
   * Reconnects after the connection was lost: after 0, 2, 10 and 30 seconds, then gives up.
   *
   * @return this builder
   */
  public HubConnectionBuilder withAutomaticReconnect() {
    return withAutomaticReconnect(RetryPolicy.defaultPolicy());
  }

  /**
   * Reconnects after the connection was lost, once after each delay, then gives up.
   *
   * @param delays the delays before each attempt, none negative
   * @return this builder
   */
  public HubConnectionBuilder withAutomaticReconnect(Duration... delays) {
    return withAutomaticReconnect(RetryPolicy.delays(delays));
  }

  /**
   * Reconnects after the connection was lost, as {@code policy} decides.
   *
   * @param policy says when to try again, and when to give up
   * @return this builder
   */
  public HubConnectionBuilder withAutomaticReconnect(RetryPolicy policy) {
    this.retryPolicy = Objects.requireNonNull(policy, "policy == null");
    return this;
  }

  /**
   * Asks for stateful reconnect: when the server allows it and the connection runs on
   * WebSockets, a WebSocket that drops is replaced by a new one on the same connection, and
   * every message either side may have missed is sent again, so nothing is lost or repeated and
   * the server sees no disconnect. Up to 100,000 bytes of unacknowledged messages are kept.
   *
   * @return this builder
   */
  public HubConnectionBuilder withStatefulReconnect() {
    return withStatefulReconnect(100_000);
  }

  /**
   * Asks for stateful reconnect, keeping up to {@code bufferSize} bytes of messages the server has
   * not acknowledged; a send past that completes only once acknowledgements make room.
   *
   * @param bufferSize the bytes kept, positive
   * @return this builder
   * @see #withStatefulReconnect()
   */
  public HubConnectionBuilder withStatefulReconnect(int bufferSize) {
    if (bufferSize <= 0) {
      throw new IllegalArgumentException("bufferSize must be positive: " + bufferSize);
    }
    this.statefulReconnect = true;
    this.statefulReconnectBufferSize = bufferSize;
    return this;
  }

  /**
   * The largest message accepted from the server, in bytes (10 MiB); a larger one ends the
   * connection. Over WebSockets one frame, which may hold several hub messages, is also bounded,
   * at 64 MiB.
   *
   * @param bytes the size, positive
   * @return this builder
   */
  public HubConnectionBuilder withMaximumMessageSize(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maximumMessageSize must be positive: " + bytes);
    }
    this.maximumMessageSize = bytes;
    return this;
  }

  /**
   * How many items of a server-to-client stream may wait for a subscriber that has not requested
   * them (10,000); past that the stream is cancelled and the subscriber gets an error.
   *
   * @param items the number of items, positive
   * @return this builder
   */
  public HubConnectionBuilder withStreamBufferCapacity(int items) {
    if (items <= 0) {
      throw new IllegalArgumentException("streamBufferCapacity must be positive: " + items);
    }
    this.streamBufferCapacity = items;
    return this;
  }

  /**
   * Where handlers, listeners and the completions of calls run: a shared pool of daemon threads
   * unless set. Handlers of one connection still run one at a time.
   *
   * @param executor the executor
   * @return this builder
   */
  public HubConnectionBuilder withCallbackExecutor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor == null");
    return this;
  }

  /**
   * The HTTP client for negotiate, Server-Sent Events and long polling, for example one with a
   * proxy or TLS settings of the application's; one of its own unless set.
   *
   * @param client the HTTP client
   * @return this builder
   */
  public HubConnectionBuilder withHttpClient(HttpClient client) {
    this.httpClient = Objects.requireNonNull(client, "client == null");
    return this;
  }

  /**
   * Builds the connection; it is {@link HubConnectionState#DISCONNECTED} until started.
   *
   * @return the connection
   * @throws IllegalStateException when negotiate is skipped with other transports than
   *     WebSockets allowed
   */
  public HubConnection build() {
    if (skipNegotiation && !transports.equals(EnumSet.of(TransportType.WEBSOCKETS))) {
      throw new IllegalStateException(
          "Negotiation can only be skipped when using the WebSocket transport directly.");
    }
    HttpClient client = httpClient != null ? httpClient : HttpAccess.newDefaultClient();
    return new HubConnection(new ConnectionOptions(httpUrl(), Set.copyOf(transports),
        skipNegotiation, protocol != null ? protocol : new JsonHubProtocol(), serverTimeout,
        keepAliveInterval, handshakeTimeout, retryPolicy, statefulReconnect,
        statefulReconnectBufferSize, maximumMessageSize, streamBufferCapacity,
        executor != null ? executor : ClientThreads.CALLBACKS,
        new HttpAccess(client, Map.copyOf(headers), accessTokenProvider)));
  }

  /** The hub URL with an HTTP scheme; a WebSocket URL is accepted as the official clients do. */
  private URI httpUrl() {
    String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (scheme.startsWith("ws")) {
      return URI.create((scheme.equals("wss") ? "https" : "http")
          + url.toString().substring(scheme.length()));
    }
    return url;
  }

  private static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }
}
