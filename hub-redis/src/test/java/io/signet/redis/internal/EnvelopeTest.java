package io.signet.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Envelopes survive encoding, and anything else on a Signet channel is refused cleanly. */
class EnvelopeTest {

  @Test
  void roundTripsEveryField() throws IOException {
    byte[] payload = "{\"type\":1}\u001e".getBytes(StandardCharsets.UTF_8);
    Envelope sent = Envelope.request(Envelope.Kind.INVOKE, "node-1", 42,
        List.of("a", "héllo 😀", ""), "30000", "json", payload);
    Envelope received = Envelope.decode(sent.encode());
    assertThat(received.kind()).isEqualTo(Envelope.Kind.INVOKE);
    assertThat(received.origin()).isEqualTo("node-1");
    assertThat(received.requestId()).isEqualTo(42);
    assertThat(received.strings()).containsExactly("a", "héllo 😀", "");
    assertThat(received.text()).isEqualTo("30000");
    assertThat(received.protocol()).isEqualTo("json");
    assertThat(received.payload()).isEqualTo(payload);
  }

  @Test
  void answersKeepTheirStatus() throws IOException {
    Envelope answer = Envelope.answer(Envelope.Kind.RESULT, "n", 7,
        Envelope.Status.CLIENT_ERROR, "Boom", "", new byte[0]);
    assertThat(Envelope.decode(answer.encode()).status()).isEqualTo(Envelope.Status.CLIENT_ERROR);
  }

  @Test
  void refusesWhatIsNotAnEnvelope() {
    assertThatThrownBy(() -> Envelope.decode(new byte[0])).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Envelope.decode("hello".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
    byte[] unknownKind = Envelope.ack("n", 1).encode();
    unknownKind[0] = 99;
    assertThatThrownBy(() -> Envelope.decode(unknownKind)).isInstanceOf(IOException.class);
  }

  @Test
  void refusesLengthsBeyondTheMessage() {
    byte[] encoded = Envelope.send("n", List.of(), "json", new byte[] {1, 2, 3}).encode();
    // The payload length is the int before the last three bytes: claim two gigabytes.
    int at = encoded.length - 3 - 4;
    encoded[at] = 0x7f;
    assertThatThrownBy(() -> Envelope.decode(encoded)).isInstanceOf(IOException.class);
    byte[] truncated = Arrays.copyOf(encoded, encoded.length - 5);
    assertThatThrownBy(() -> Envelope.decode(truncated)).isInstanceOf(IOException.class);
  }

  @Test
  void randomBytesNeverEscapeAsAnythingButIoException() {
    Random random = new Random(1234);
    byte[] valid = Envelope.send("node", List.of("x"), "json", new byte[16]).encode();
    for (int i = 0; i < 2000; i++) {
      byte[] mutated = valid.clone();
      mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      byte[] cut = Arrays.copyOf(mutated, random.nextInt(mutated.length + 1));
      try {
        Envelope.decode(cut);
      } catch (IOException expected) {
        // refused cleanly
      }
    }
  }
}
