package io.signet.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every container must do with Signet installed, with the official JavaScript client over
 * each transport the container offers: serve a whole session, let clients vanish, and close
 * every client with a {@code Close} that allows reconnecting on the host's orderly shutdown
 * (clients with automatic reconnect start to reconnect), all without one ERROR in any
 * log or one 5xx response in the container's request log. Subclasses start the container.
 */
abstract class ContainerContractTest {
  static final List<String> EVERY_TRANSPORT =
      List.of("WebSockets", "ServerSentEvents", "LongPolling");
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);
  /** Abrupt clients are noticed within a few seconds with {@link Host#signetBuilder}'s options. */
  private static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(20);
  /** What an orderly shutdown may take, all clients closed and the container stopped. */
  private static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(15);
  /** The logger of Signet's endpoint report. */
  private static final String ENDPOINT_REPORT = "io.signet.server.internal.EndpointReport";

  private final ResponseLog responses = new ResponseLog();
  private Host host;

  /** Starts the container with Signet installed; {@code responses} gets every response. */
  abstract Host start(ResponseLog responses) throws Exception;

  /** The transports negotiate offers in this container, in order. */
  List<String> transports() {
    return EVERY_TRANSPORT;
  }

  /** The transports whose clients must get a {@code Close} on the host's orderly shutdown. */
  List<String> transportsClosedOnShutdown() {
    return transports();
  }

  @BeforeEach
  void startHost() throws Exception {
    LogCapture.instance().clear();
    host = start(responses);
  }

  @AfterEach
  void stopHost() throws Exception {
    if (host != null) {
      host.stopIfRunning();
    }
  }

  @Test
  void negotiateOffersTheContainersTransports() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(host.hubUrl() + "/negotiate?negotiateVersion=1"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> offered = new ArrayList<>();
    for (JsonNode transport : new ObjectMapper().readTree(response.body())
        .path("availableTransports")) {
      offered.add(transport.path("transport").asText());
    }
    assertThat(offered).isEqualTo(transports());
  }

  /**
   * Signet says once per endpoint what it serves, and warns of nothing (the WARN that a container
   * lacks WebSocket support, where the hub enables WebSockets, is {@link #assertStartupWarnings}'s
   * to expect).
   */
  @Test
  void startupReportsTheEndpoint() {
    assertThat(LogCapture.instance().infos(ENDPOINT_REPORT))
        .as("INFO lines of the endpoint report")
        .containsExactly("Hub ContainerHub at /containerhub: transports "
            + String.join(", ", transports()) + "; protocols json");
    // Tomcat times the seeding of its session-ID generator and warns when it is slow: a measure of
    // the machine's entropy at that moment, not of the application.
    assertStartupWarnings(LogCapture.instance().warnings().stream()
        .filter(warning -> !warning.contains("Creation of SecureRandom instance for session ID"))
        .toList());
  }

  /** Asserts what the container and Signet warned of while starting: nothing, by default. */
  void assertStartupWarnings(List<String> warnings) {
    assertThat(warnings).as("records logged at WARN while starting").isEmpty();
  }

  @Test
  void sessionLogsNoErrors() throws Exception {
    try (NodeClient client = NodeClient.start("session", host.hubUrl(), transports())) {
      client.assertSucceeds(CLIENT_TIMEOUT);
      for (String transport : transports()) {
        assertThat(client.output()).contains("ok " + transport);
      }
    }
    await("every connection to end", () -> host.signet().connectionCount() == 0,
        CLEANUP_TIMEOUT);
    assertNothingWentWrong(Ending.SESSION);
  }

  @Test
  void vanishingClientsLogNoErrors() throws Exception {
    try (NodeClient client = NodeClient.start("vanish", host.hubUrl(), transports())) {
      client.awaitReady(CLIENT_TIMEOUT);
      client.kill();
    }
    // Messages for the vanished clients: writes to sockets their peer closed (the first may
    // still be taken by the kernel, the next fail), and a long poll answered with data.
    for (int i = 0; i < 3; i++) {
      host.signet().hubContext(ContainerHub.class).clients().all().send("Broadcast", "to nobody")
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    // Their connections end once a write to them fails or they stop polling.
    await("every connection to end", () -> host.signet().connectionCount() == 0,
        CLEANUP_TIMEOUT);
    assertNothingWentWrong(Ending.VANISHED);
  }

  @Test
  void shutdownClosesEveryClient() throws Exception {
    List<String> transports = transportsClosedOnShutdown();
    try (NodeClient client = NodeClient.start("hold", host.hubUrl(), transports)) {
      client.awaitReady(CLIENT_TIMEOUT);
      if (shutsDownWhilePolling() && transports.contains("LongPolling")) {
        await("the long-polling client's poll to be parked", () -> responses.openPolls() > 0,
            CLIENT_TIMEOUT);
      }
      long start = System.nanoTime();
      host.shutdown();
      Duration stopped = Duration.ofNanos(System.nanoTime() - start);
      client.assertSucceeds(SHUTDOWN_LIMIT);
      for (String transport : transports) {
        assertThat(client.output()).contains("closed " + transport + " with reconnect allowed");
      }
      assertThat(stopped).as("time to stop the host").isLessThan(SHUTDOWN_LIMIT);
    }
    assertNothingWentWrong(Ending.SHUTDOWN);
  }

  /**
   * Whether {@link #shutdownClosesEveryClient} waits for the long-polling client's poll to reach
   * the application before the host shuts down (the container's {@link ResponseLog} must track
   * polls). Where the web application's own stop tells Signet (a WAR), a poll still on its way,
   * as a client's first poll is just after it connected, can arrive after the container stopped
   * routing to the application and before anything in it hears of the stop; see
   * {@link WarListenerTest}.
   */
  boolean shutsDownWhilePolling() {
    return false;
  }

  /**
   * Whether the container's request log shows an event stream whose client closed it as a 500.
   * Tomcat does, for every asynchronous request whose socket failed: its {@code CoyoteAdapter}
   * logs 500 on any asynchronous I/O error, whatever the application did. An event stream's
   * client is found gone only by a write that fails, and the JavaScript client's {@code stop()}
   * closes its {@code EventSource} at once, without waiting for its {@code Close} message to be
   * sent (often it never reaches the server), so a keep-alive may meet the closed socket. Allowed
   * only where the client left (a vanished client, a client's own stop) and only for a write
   * that found the client's socket closed; never when the server ends the stream.
   */
  boolean logsAbandonedEventStreamsAs500() {
    return false;
  }

  /**
   * Whether the container's request log shows a request whose connection its stop closed while
   * the request's head was still being read as {@code GET /badRequest -> 500}. Jetty 12 does: a
   * connection closed between a request line and the end of its headers gets a placeholder
   * request of that name, failed with 500 ({@code HttpChannelState.onFailure}). A client's
   * {@code DELETE} or next poll, sent when its {@code Close} arrived, can meet the stop that way;
   * no application code saw it. Allowed only after the host's shutdown.
   */
  boolean logsRequestsCutOffByStopAsBadRequest() {
    return false;
  }

  /** How a test's clients went away. */
  private enum Ending {
    /** Each client stopped itself, as an application ends a connection. */
    SESSION,
    /** The clients' process was killed: their sockets closed without a word. */
    VANISHED,
    /** The host shut down while the clients were connected. */
    SHUTDOWN
  }

  private void assertNothingWentWrong(Ending ending) {
    assertThat(responses.count()).as("responses in the container's request log").isPositive();
    assertThat(responses.serverErrors())
        .filteredOn(entry -> !(ending != Ending.SHUTDOWN && entry.eventStream()
            && entry.peerGone() && logsAbandonedEventStreamsAs500()))
        .filteredOn(entry -> !(ending == Ending.SHUTDOWN && logsRequestsCutOffByStopAsBadRequest()
            && entry.method().equals("GET") && entry.uri().equals("/badRequest")))
        .as("responses with a 5xx status").isEmpty();
    assertThat(LogCapture.instance().errors()).as("records logged at ERROR/SEVERE").isEmpty();
  }

  /** Waits for {@code condition}, checking it every 20 ms; fails after {@code timeout}. */
  static void await(String what, BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
