package io.signet.hub.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Borrowing the transport's buffer, and keeping exactly what was not parsed. */
class InboundBufferTest {

  private static String unread(InboundBuffer buffer) {
    ByteBuffer readable = buffer.readable().duplicate();
    byte[] bytes = new byte[readable.remaining()];
    readable.get(bytes);
    return new String(bytes, UTF_8);
  }

  @Test
  void whatALoanLeavesUnparsedSurvivesTheTransportReusingItsBuffer() {
    byte[] transport = "first|second".getBytes(UTF_8);
    InboundBuffer buffer = new InboundBuffer();

    buffer.lend(ByteBuffer.wrap(transport));
    buffer.readable().position(6); // a parser consumed "first|"
    buffer.compact();
    buffer.endLoan();
    Arrays.fill(transport, (byte) 'x'); // the transport reuses its buffer

    assertThat(unread(buffer)).isEqualTo("second");
    buffer.append(ByteBuffer.wrap(" third".getBytes(UTF_8)));
    assertThat(unread(buffer)).isEqualTo("second third");
  }

  @Test
  void aLoanParsedToTheEndLeavesNothingBehind() {
    InboundBuffer buffer = new InboundBuffer();

    buffer.lend(ByteBuffer.wrap("all".getBytes(UTF_8)));
    buffer.readable().position(3);
    buffer.compact();
    buffer.endLoan();

    assertThat(buffer.size()).isZero();
  }

  @Test
  void appendingDuringALoanCopiesInsteadOfWritingIntoTheTransportsBuffer() {
    byte[] transport = "abc".getBytes(UTF_8);
    InboundBuffer buffer = new InboundBuffer();

    buffer.lend(ByteBuffer.wrap(transport));
    buffer.append(ByteBuffer.wrap("def".getBytes(UTF_8)));
    Arrays.fill(transport, (byte) 'x');

    assertThat(unread(buffer)).isEqualTo("abcdef");
    assertThat(new String(transport, UTF_8)).isEqualTo("xxx");
  }

  @Test
  void bytesArrivingWhilePendingAreAppendedNotBorrowed() {
    byte[] second = "456".getBytes(UTF_8);
    InboundBuffer buffer = new InboundBuffer();
    buffer.append(ByteBuffer.wrap("123".getBytes(UTF_8)));

    buffer.lend(ByteBuffer.wrap(second));
    buffer.endLoan();
    Arrays.fill(second, (byte) 'x');

    assertThat(unread(buffer)).isEqualTo("123456");
  }
}
