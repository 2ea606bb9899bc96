package io.signet.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class WebSocketFramesTest {

  @Test
  void masksWithTheZeroKeySoThePayloadGoesAsItIs() {
    ByteBuffer frame = WebSocketFrames.text(new byte[] {'h', 'i'});
    assertThat(frame.remaining()).isEqualTo(8);
    assertThat(frame.get(0) & 0xFF).isEqualTo(0x81);
    assertThat(frame.get(1) & 0xFF).isEqualTo(0x82);
    assertThat(frame.getInt(2)).isZero();
    assertThat(frame.get(6)).isEqualTo((byte) 'h');
  }

  @Test
  void readsOnlyWholeServerFrames() {
    ByteBuffer data = ByteBuffer.allocate(300);
    data.put((byte) 0x81).put((byte) 126).putShort((short) 200).put(new byte[200]);
    data.put((byte) 0x81).put((byte) 5).put(new byte[3]).flip();
    WebSocketFrames.Frame frame = new WebSocketFrames.Frame();

    assertThat(WebSocketFrames.next(data, frame)).isTrue();
    assertThat(frame.length).isEqualTo(200);
    assertThat(frame.payloadStart).isEqualTo(4);
    assertThat(frame.opcode).isEqualTo(WebSocketFrames.OP_TEXT);
    assertThat(WebSocketFrames.next(data, frame)).isFalse();
    assertThat(data.position()).isEqualTo(204);
  }
}
