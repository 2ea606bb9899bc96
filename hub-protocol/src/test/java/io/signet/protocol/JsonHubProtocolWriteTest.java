package io.signet.protocol;

import static io.signet.protocol.TestBuffers.RS;
import static io.signet.protocol.TestBuffers.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact bytes written, property order included, as the .NET server writes them. */
class JsonHubProtocolWriteTest {
  private final JsonHubProtocol protocol = new JsonHubProtocol();

  @Test
  void describesItself() {
    assertThat(protocol.name()).isEqualTo("json");
    assertThat(protocol.version()).isEqualTo(2);
    assertThat(protocol.transferFormat()).isEqualTo(TransferFormat.Text);
  }

  @Test
  void invocation() {
    assertWritten(new InvocationMessage("0", "SendMessage", List.of("alice", "hi"), null, null),
        "{\"type\":1,\"invocationId\":\"0\",\"target\":\"SendMessage\","
            + "\"arguments\":[\"alice\",\"hi\"]}");
    assertWritten(InvocationMessage.nonBlocking("Ping", List.of()),
        "{\"type\":1,\"target\":\"Ping\",\"arguments\":[]}");
  }

  @Test
  void invocationWithHeadersNullArgumentAndStreams() {
    InvocationMessage message = new InvocationMessage(
        "1", "Upload", Arrays.asList(null, 2), List.of("0"), Map.of("h", "v"));

    assertWritten(message, "{\"type\":1,\"headers\":{\"h\":\"v\"},\"invocationId\":\"1\","
        + "\"target\":\"Upload\",\"arguments\":[null,2],\"streamIds\":[\"0\"]}");
  }

  @Test
  void streamInvocation() {
    assertWritten(new StreamInvocationMessage("2", "Counter", List.of(10, 500), null, null),
        "{\"type\":4,\"invocationId\":\"2\",\"target\":\"Counter\",\"arguments\":[10,500]}");
  }

  @Test
  void streamItem() {
    assertWritten(new StreamItemMessage("2", 7, null),
        "{\"type\":2,\"invocationId\":\"2\",\"item\":7}");
    assertWritten(new StreamItemMessage("2", null, null),
        "{\"type\":2,\"invocationId\":\"2\",\"item\":null}");
  }

  @Test
  void completion() {
    assertWritten(CompletionMessage.withResult("0", null),
        "{\"type\":3,\"invocationId\":\"0\",\"result\":null}");
    assertWritten(CompletionMessage.withResult("0", 42),
        "{\"type\":3,\"invocationId\":\"0\",\"result\":42}");
    assertWritten(CompletionMessage.empty("2"), "{\"type\":3,\"invocationId\":\"2\"}");
    assertWritten(CompletionMessage.withError("0", "boom"),
        "{\"type\":3,\"invocationId\":\"0\",\"error\":\"boom\"}");
  }

  @Test
  void cancelInvocation() {
    assertWritten(new CancelInvocationMessage("2", null),
        "{\"type\":5,\"invocationId\":\"2\"}");
  }

  @Test
  void ping() {
    assertWritten(PingMessage.INSTANCE, "{\"type\":6}");
  }

  @Test
  void close() {
    assertWritten(CloseMessage.EMPTY, "{\"type\":7}");
    assertWritten(new CloseMessage("Connection closed with an error.", true),
        "{\"type\":7,\"error\":\"Connection closed with an error.\",\"allowReconnect\":true}");
    assertWritten(new CloseMessage(null, true), "{\"type\":7,\"allowReconnect\":true}");
  }

  @Test
  void ackAndSequence() {
    assertWritten(new AckMessage(1394), "{\"type\":8,\"sequenceId\":1394}");
    assertWritten(new SequenceMessage(1395), "{\"type\":9,\"sequenceId\":1395}");
  }

  @Test
  void payloadsUseTheDotNetDefaults() {
    Object[] arguments = {
      new Person("Ann", 3, Color.BLUE), new byte[] {1, 2, 3}, Instant.parse("2024-01-02T03:04:05Z")
    };

    assertWritten(InvocationMessage.nonBlocking("T", List.of(arguments)),
        "{\"type\":1,\"target\":\"T\",\"arguments\":[{\"name\":\"Ann\",\"age\":3,"
            + "\"favourite\":2},\"AQID\",\"2024-01-02T03:04:05Z\"]}");
  }

  @Test
  void nonAsciiIsWrittenAsUtf8() {
    assertWritten(CompletionMessage.withResult("0", "é😀"),
        "{\"type\":3,\"invocationId\":\"0\",\"result\":\"é😀\"}");
  }

  @Test
  void unserializablePayloadFails() {
    CompletionMessage message = CompletionMessage.withResult("0", new Object() {
      public Object getSelf() {
        return this;
      }
    });

    assertThatThrownBy(() -> protocol.writeMessage(message))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void assertWritten(HubMessage message, String json) {
    assertThat(text(protocol.writeMessage(message))).isEqualTo(json + RS);
  }
}
