package io.signet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.HubException;
import io.signet.jetty.SignetServer;
import io.signet.protocol.msgpack.MessagePackHubProtocol;
import io.signet.server.Signet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client speaking MessagePack to Signet on the transports that carry binary: records,
 * generic collections, dates and nulls both ways, the server's calls, errors; and negotiate's
 * Server-Sent Events passed over, as the official clients do, since SSE carries text only.
 */
class MessagePackClientTest {
  private static final long TIMEOUT_SECONDS = 20;

  /** The server's side. */
  @HubEndpoint("/binary")
  public static class BinaryHub extends Hub {
    public record Reading(String sensor, double value, Instant at, List<String> tags) {}

    public Reading echo(Reading reading) {
      return reading;
    }

    public Map<String, List<Integer>> group(List<Integer> numbers) {
      return Map.of("even", numbers.stream().filter(n -> n % 2 == 0).toList(),
          "odd", numbers.stream().filter(n -> n % 2 != 0).toList());
    }

    public CompletionStage<Void> callBack(Reading reading) {
      return clients().caller().send("Reading", reading, null);
    }

    public void refuse() {
      throw new HubException("refused in MessagePack");
    }
  }

  private SignetServer server;
  private HubConnection connection;

  @BeforeEach
  void start() {
    server = SignetServer.builder().host("127.0.0.1").port(0)
        .signet(Signet.builder().hub(BinaryHub.class).build()).start();
  }

  @AfterEach
  void stop() throws Exception {
    if (connection != null) {
      connection.stop().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    server.close();
  }

  private HubConnection connect(TransportType... transports) throws Exception {
    connection = HubConnectionBuilder.create("http://127.0.0.1:" + server.port() + "/binary")
        .withTransports(transports)
        .withHubProtocol(new MessagePackHubProtocol())
        .build();
    connection.start().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return connection;
  }

  @ParameterizedTest
  @EnumSource(value = TransportType.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  void valuesErrorsAndServerCallsTravelInMessagePack(TransportType transport) throws Exception {
    connect(transport);
    BinaryHub.Reading reading = new BinaryHub.Reading("t1", 21.5,
        Instant.parse("2026-11-30T05:00:00.123Z"), List.of("a", "b"));

    assertThat(connection.invoke(BinaryHub.Reading.class, "Echo", reading)
        .toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(reading);
    Map<String, List<Integer>> grouped = connection.<Map<String, List<Integer>>>invoke(
            new TypeReference<Map<String, List<Integer>>>() {}.getType(), "Group",
            List.of(1, 2, 3, 4))
        .toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(grouped).isEqualTo(Map.of("even", List.of(2, 4), "odd", List.of(1, 3)));

    BlockingQueue<List<Object>> received = new LinkedBlockingQueue<>();
    connection.on("Reading", arguments -> received.add(java.util.Arrays.asList(arguments)),
        BinaryHub.Reading.class, String.class);
    connection.invoke("CallBack", reading).toCompletableFuture()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .containsExactly(reading, null);

    assertThatThrownBy(() -> connection.invoke("Refuse").toCompletableFuture()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(io.signet.client.HubException.class)
        .hasMessage("An unexpected error occurred invoking 'Refuse' on the server."
            + " HubException: refused in MessagePack");
  }

  @ParameterizedTest
  @EnumSource(value = TransportType.class, names = {"SERVER_SENT_EVENTS"})
  void serverSentEventsAloneCannotCarryIt(TransportType transport) {
    assertThatThrownBy(() -> connect(transport))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(HubConnectionException.class)
        .hasMessageContaining("'ServerSentEvents' does not support Binary.");
    connection = null;
  }
}
