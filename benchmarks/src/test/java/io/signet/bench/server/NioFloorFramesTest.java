package io.signet.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NioFloorFramesTest {
  private static final int MASK = 0x37FA213D;

  @Test
  void computesTheAcceptKeyOfRfc6455sExample() {
    assertThat(Rfc6455.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="))
        .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }

  @Test
  void unmasksAFrameWithANonZeroMask() {
    // RFC 6455, section 5.7: a masked "Hello" from a client.
    ByteBuffer data = ByteBuffer.wrap(new byte[] {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa,
        0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58});
    ClientFrame frame = new ClientFrame();

    assertThat(frame.read(data, 1024)).isEqualTo(ClientFrame.COMPLETE);
    frame.unmask(data);

    assertThat(frame.opcode).isEqualTo(Rfc6455.OP_TEXT);
    assertThat(frame.fin).isTrue();
    assertThat(text(data, frame.payloadStart, frame.end())).isEqualTo("Hello");
    assertThat(data.position()).as("reading does not consume").isZero();
  }

  @Test
  void unmasksEveryLengthWhateverItsRemainderModuloFour() {
    for (int length = 0; length < 12; length++) {
      byte[] payload = "abcdefghijkl".substring(0, length).getBytes(StandardCharsets.US_ASCII);
      ByteBuffer data = ByteBuffer.wrap(RawWebSocket.frame(0x82, payload, MASK));
      ClientFrame frame = new ClientFrame();

      assertThat(frame.read(data, 1024)).isEqualTo(ClientFrame.COMPLETE);
      frame.unmask(data);

      assertThat(text(data, frame.payloadStart, frame.end()))
          .isEqualTo(new String(payload, StandardCharsets.US_ASCII));
    }
  }

  @Test
  void readsTheFragmentsOfAMessageAsSuch() {
    ByteBuffer data = ByteBuffer.allocate(64);
    data.put(RawWebSocket.frame(0x01, ascii("Hel"), MASK)); // text, not final
    data.put(RawWebSocket.frame(0x80, ascii("lo"), 0x01020304)).flip(); // continuation, final
    ClientFrame frame = new ClientFrame();

    assertThat(frame.read(data, 1024)).isEqualTo(ClientFrame.COMPLETE);
    frame.unmask(data);
    assertThat(frame.opcode).isEqualTo(Rfc6455.OP_TEXT);
    assertThat(frame.fin).isFalse();
    assertThat(text(data, frame.payloadStart, frame.end())).isEqualTo("Hel");
    data.position(frame.end());

    assertThat(frame.read(data, 1024)).isEqualTo(ClientFrame.COMPLETE);
    frame.unmask(data);
    assertThat(frame.opcode).isEqualTo(Rfc6455.OP_CONTINUATION);
    assertThat(frame.fin).isTrue();
    assertThat(text(data, frame.payloadStart, frame.end())).isEqualTo("lo");
  }

  @Test
  void waitsForTheWholeFrameWithEveryLengthForm() {
    for (int length : new int[] {125, 126, 65535, 65536}) {
      byte[] frame = RawWebSocket.frame(0x81, new byte[length], MASK);
      ClientFrame reader = new ClientFrame();
      for (int cut : new int[] {0, 1, 2, 3, 9, frame.length - length, frame.length - 1}) {
        assertThat(reader.read(ByteBuffer.wrap(frame, 0, cut), length))
            .as("%d bytes of a %d-byte payload", cut, length).isEqualTo(ClientFrame.INCOMPLETE);
      }
      assertThat(reader.read(ByteBuffer.wrap(frame), length)).isEqualTo(ClientFrame.COMPLETE);
      assertThat(reader.length).isEqualTo(length);
      assertThat(reader.end()).isEqualTo(frame.length);
    }
  }

  @Test
  void refusesALengthPastTheLimitFromTheHeaderAlone() {
    ByteBuffer header = ByteBuffer.allocate(10).put((byte) 0x81).put((byte) 0xFF)
        .putLong(1L << 40).flip();
    assertThat(new ClientFrame().read(header, 1024)).isEqualTo(Rfc6455.CLOSE_TOO_BIG);

    ByteBuffer negative = ByteBuffer.allocate(10).put((byte) 0x81).put((byte) 0xFF)
        .putLong(-1).flip();
    assertThat(new ClientFrame().read(negative, 1024)).isEqualTo(Rfc6455.CLOSE_TOO_BIG);

    ByteBuffer justOver = ByteBuffer.wrap(RawWebSocket.frame(0x81, new byte[1025], MASK), 0, 4);
    assertThat(new ClientFrame().read(justOver, 1024)).isEqualTo(Rfc6455.CLOSE_TOO_BIG);
  }

  @Test
  void refusesWhatAServerMust() {
    byte[] unmasked = {(byte) 0x81, 0x01, 'x'};
    byte[] reserved = RawWebSocket.frame(0xC1, ascii("x"), MASK); // RSV1 without an extension
    byte[] longPing = RawWebSocket.frame(0x89, new byte[126], MASK);
    byte[] fragmentedClose = RawWebSocket.frame(0x08, new byte[2], MASK);
    for (byte[] frame : new byte[][] {unmasked, reserved, longPing, fragmentedClose}) {
      assertThat(new ClientFrame().read(ByteBuffer.wrap(frame), 1024))
          .isEqualTo(Rfc6455.CLOSE_PROTOCOL_ERROR);
    }
  }

  @Test
  void buildsUnmaskedServerFramesWithTheShortestLengthForm() {
    assertThat(ServerFrames.text(ascii("hi"))).containsExactly(0x81, 2, 'h', 'i');
    byte[] medium = ServerFrames.text(new byte[300]);
    assertThat(medium).hasSize(304);
    assertThat(medium[1]).isEqualTo((byte) 126);
    assertThat(ByteBuffer.wrap(medium).getShort(2)).isEqualTo((short) 300);
    byte[] large = ServerFrames.text(new byte[70_000]);
    assertThat(large).hasSize(70_010);
    assertThat(large[1]).isEqualTo((byte) 127);
    assertThat(ByteBuffer.wrap(large).getLong(2)).isEqualTo(70_000);
    assertThat(ServerFrames.close(1009)).containsExactly(0x88, 2, 0x03, 0xF1);
  }

  @Test
  void encodesEachFloorMessageFrameOnce() {
    FloorMessage message = new FloorMessage(ascii("{}\u001e"));
    assertThat(message.webSocketFrame()).containsExactly(0x81, 3, '{', '}', 0x1E);
    assertThat(message.webSocketFrame()).isSameAs(message.webSocketFrame());
  }

  private static String text(ByteBuffer data, int start, int end) {
    byte[] bytes = new byte[end - start];
    data.get(start, bytes);
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
