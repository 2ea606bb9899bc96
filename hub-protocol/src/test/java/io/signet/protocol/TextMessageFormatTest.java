package io.signet.protocol;

import static io.signet.protocol.TestBuffers.RS;
import static io.signet.protocol.TestBuffers.buffer;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TextMessageFormatTest {

  @Test
  void findsTheFirstSeparatorWithoutMovingThePosition() throws Exception {
    ByteBuffer input = buffer("{}" + RS + "{}" + RS);

    assertThat(TextMessageFormat.findRecordEnd(input, 0)).isEqualTo(2);
    assertThat(input.position()).isZero();
    input.position(3);
    assertThat(TextMessageFormat.findRecordEnd(input, 0)).isEqualTo(5);
  }

  @Test
  void incompleteRecordIsNotFound() throws Exception {
    assertThat(TextMessageFormat.findRecordEnd(buffer("{\"type\":"), 100)).isEqualTo(-1);
    assertThat(TextMessageFormat.findRecordEnd(buffer(""), 100)).isEqualTo(-1);
  }

  @Test
  void recordOfExactlyTheMaximumWithItsSeparatorIsAccepted() throws Exception {
    assertThat(TextMessageFormat.findRecordEnd(buffer("1234" + RS), 5)).isEqualTo(4);
    assertThat(TextMessageFormat.findRecordEnd(buffer("12345"), 5)).isEqualTo(-1); // may end yet
  }

  @Test
  void theSeparatorCountsAsASPNETCoreCountsIt() {
    // ASP.NET Core looks for the separator in the first maximum bytes only: 5 bytes of JSON and
    // the separator are 6 bytes, over a maximum of 5.
    assertThatThrownBy(() -> TextMessageFormat.findRecordEnd(buffer("12345" + RS), 5))
        .isInstanceOf(MessageTooLargeException.class);
  }

  @Test
  void completeRecordOverTheMaximumFails() {
    assertThatThrownBy(() -> TextMessageFormat.findRecordEnd(buffer("123456" + RS), 5))
        .isInstanceOf(MessageTooLargeException.class)
        .hasMessageContaining("The maximum message size of 5B was exceeded.");
  }

  @Test
  void incompleteRecordAlreadyOverTheMaximumFails() {
    assertThatThrownBy(() -> TextMessageFormat.findRecordEnd(buffer("123456"), 5))
        .isInstanceOfSatisfying(
            MessageTooLargeException.class, e -> assertThat(e.maximumSize()).isEqualTo(5));
  }

  @Test
  void directBuffersAreReadToo() throws Exception {
    byte[] bytes = ("ab" + RS).getBytes(UTF_8);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();

    assertThat(TextMessageFormat.findRecordEnd(direct, 0)).isEqualTo(2);
  }
}
