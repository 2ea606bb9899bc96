package io.signet.transport.jetty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.internal.Generator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The headers the direct writer builds are the bytes Jetty's own generator writes. */
class FrameHeaderTest {

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 125, 126, 127, 1000, 65_535, 65_536, 1 << 20})
  void matchesJettysGenerator(int length) {
    for (byte opcode : new byte[] {OpCode.TEXT, OpCode.BINARY}) {
      ByteBuffer jetty = BufferUtil.allocate(Generator.MAX_HEADER_LENGTH);
      new Generator().generateHeader(new Frame(opcode, true, ByteBuffer.allocate(length)), jetty);
      byte[] expected = BufferUtil.toArray(jetty);

      assertThat(FrameHeader.of(opcode, length))
          .as("opcode %d, %d bytes: %s", opcode, length, Arrays.toString(expected))
          .isEqualTo(expected);
    }
  }
}
