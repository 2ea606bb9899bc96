package io.signet.interop.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.signalr.HttpHubConnectionBuilder;
import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.HubConnectionState;
import com.microsoft.signalr.TransportEnum;
import io.reactivex.rxjava3.core.Single;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One started connection of the official Java client to {@link ClusterHub}, with what it
 * received: every {@code Message(kind, text)} as {@code "kind:text"} in arrival order, except
 * numbered ones ({@code text} = {@code "n:<number>"}), which a traffic stream sends by the
 * thousand and which are kept apart as numbers. Calls block, bounded by {@link #WAIT}.
 */
final class JavaClusterClient implements AutoCloseable {
  /** The longest any single step may take before the test fails: generous, for a loaded CI. */
  static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NUMBERED = "n:";

  private final HubConnection connection;
  private final String name;
  private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
  private final List<Integer> numbers = Collections.synchronizedList(new ArrayList<>());
  private final CompletableFuture<Exception> closed = new CompletableFuture<>();
  /** Kept from the start: the client forgets its connection id once disconnected. */
  private volatile String id;

  private JavaClusterClient(HubConnection connection, String name) {
    this.connection = connection;
    this.name = name;
  }

  /** A builder for {@code baseUrl/cluster} over {@code transport}, as {@code user} if not null. */
  static HttpHubConnectionBuilder builder(String baseUrl, TransportEnum transport, String user) {
    HttpHubConnectionBuilder builder = HubConnectionBuilder.create(baseUrl + "/cluster")
        .withTransport(transport);
    if (user != null) {
      builder.withAccessTokenProvider(Single.just("token-" + user));
    }
    return builder;
  }

  /** Connects to {@code baseUrl} over {@code transport} as {@code user} (null: anonymous). */
  static JavaClusterClient connect(String baseUrl, TransportEnum transport, String user) {
    return connect(builder(baseUrl, transport, user), user, connection -> { });
  }

  /**
   * Builds and starts a connection; {@code beforeStart} registers handlers of its own (client
   * results) first.
   */
  static JavaClusterClient connect(HttpHubConnectionBuilder builder, String name,
      Consumer<HubConnection> beforeStart) {
    JavaClusterClient client = new JavaClusterClient(builder.build(), name);
    client.connection.on("Message", client::received, String.class, String.class);
    client.connection.onClosed(client.closed::complete);
    beforeStart.accept(client.connection);
    boolean started = client.connection.start().blockingAwait(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(started).as("%s started within %s", name, WAIT).isTrue();
    assertThat(client.connection.getConnectionState()).isEqualTo(HubConnectionState.CONNECTED);
    client.id = client.connection.getConnectionId();
    return client;
  }

  private void received(String kind, String text) {
    if (text.startsWith(NUMBERED)) {
      numbers.add(Integer.parseInt(text.substring(NUMBERED.length())));
    } else {
      inbox.add(kind + ":" + text);
    }
  }

  /** The connection id, as the server knows this connection (in presence, for sends). */
  String id() {
    return id;
  }

  HubConnection connection() {
    return connection;
  }

  /** Invokes a hub method without a result and waits for its completion. */
  void invoke(String method, Object... arguments) {
    boolean completed = connection.invoke(method, arguments)
        .blockingAwait(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(completed).as("%s: %s completed within %s", name, method, WAIT).isTrue();
  }

  /** Invokes a hub method and returns its result. */
  <T> T call(Class<T> type, String method, Object... arguments) {
    return connection.invoke(type, method, arguments)
        .timeout(WAIT.toSeconds(), TimeUnit.SECONDS)
        .blockingGet();
  }

  /** Invokes a presence method ({@code groupConnections}, ...) and returns its answer as a set. */
  Set<String> set(String method, Object... arguments) {
    return new HashSet<>(Arrays.asList(call(String[].class, method, arguments)));
  }

  /** The next message (not numbered) this connection received, waiting for it. */
  String next() throws InterruptedException {
    String message = inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError(name + " received nothing within " + WAIT.toSeconds() + " s");
    }
    return message;
  }

  /** The numbered messages received so far, in arrival order. */
  List<Integer> numbers() {
    synchronized (numbers) {
      return List.copyOf(numbers);
    }
  }

  /** Whether any numbered message above {@code number} arrived. */
  boolean receivedAbove(int number) {
    synchronized (numbers) {
      return numbers.stream().anyMatch(n -> n > number);
    }
  }

  int numberCount() {
    return numbers.size();
  }

  /** Completes when the connection closed, with its error or {@code null}. */
  CompletableFuture<Exception> closed() {
    return closed;
  }

  @Override
  public String toString() {
    return name + "(" + id + ")";
  }

  /** Stops the connection if it is still up; a connection to a killed node is already down. */
  @Override
  public void close() {
    if (connection.getConnectionState() == HubConnectionState.DISCONNECTED) {
      return;
    }
    try {
      connection.stop().blockingAwait(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      // Its server may be gone (a killed node): nothing is left to stop.
    }
  }
}
