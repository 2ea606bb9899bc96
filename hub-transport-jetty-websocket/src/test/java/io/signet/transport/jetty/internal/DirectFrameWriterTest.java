package io.signet.transport.jetty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.ByteArrayEndPoint;
import org.eclipse.jetty.websocket.core.OpCode;
import org.junit.jupiter.api.Test;

/**
 * Direct writes on Jetty's in-memory endpoint, whose output can be made to fill up: a frame is
 * written whole, a frame the socket takes only in part completes once the rest is out, and the
 * socket is handed to Jetty only when no direct write is in flight.
 */
class DirectFrameWriterTest {

  @Test
  void writesAWholeFrameAtOnce() {
    ByteArrayEndPoint socket = new ByteArrayEndPoint(new byte[0], 1024);
    DirectFrameWriter writer = new DirectFrameWriter(socket);

    CompletableFuture<Void> written = writer.write(OpCode.TEXT, bytes("hello")).toCompletableFuture();

    assertThat(written).isCompleted();
    assertThat(socket.takeOutputString(StandardCharsets.ISO_8859_1)).isEqualTo("\u0081\u0005hello");
  }

  @Test
  void aFrameTheSocketTakesInPartCompletesWhenTheRestIsOut() throws Exception {
    ByteArrayEndPoint socket = new ByteArrayEndPoint(new byte[0], 8, false);
    DirectFrameWriter writer = new DirectFrameWriter(socket);
    byte[] payload = bytes("0123456789abcdef");

    CompletableFuture<Void> written = writer.write(OpCode.BINARY, payload).toCompletableFuture();

    assertThat(written).isNotDone();
    ByteBuffer out = ByteBuffer.allocate(18);
    while (!written.isDone()) {
      out.put(socket.takeOutput()); // taking the output makes room, and Jetty writes the rest
    }
    out.put(socket.takeOutput());
    assertThat(written).isCompleted();
    out.flip();
    assertThat(out.get()).isEqualTo((byte) 0x82);
    assertThat(out.get()).isEqualTo((byte) 16);
    byte[] rest = new byte[out.remaining()];
    out.get(rest);
    assertThat(rest).isEqualTo(payload);
  }

  @Test
  void handsTheSocketOverAtOnceWhenNoWriteIsInFlight() {
    ByteArrayEndPoint socket = new ByteArrayEndPoint(new byte[0], 1024);
    DirectFrameWriter writer = new DirectFrameWriter(socket);
    AtomicInteger ran = new AtomicInteger();

    writer.handOver(ran::incrementAndGet);

    assertThat(ran).hasValue(1);
    assertThat(writer.isDirect()).isFalse();
    assertThat(writer.write(OpCode.TEXT, bytes("late"))).as("frames go through Jetty now").isNull();
    assertThat(socket.takeOutputString()).isEmpty();
    writer.handOver(ran::incrementAndGet);
    assertThat(ran).hasValue(2);
  }

  @Test
  void handsTheSocketOverOnlyOnceTheWriteInFlightIsDone() throws Exception {
    ByteArrayEndPoint socket = new ByteArrayEndPoint(new byte[0], 4, false);
    DirectFrameWriter writer = new DirectFrameWriter(socket);
    AtomicInteger ran = new AtomicInteger();

    CompletableFuture<Void> written =
        writer.write(OpCode.TEXT, bytes("a frame larger than the socket's room"))
            .toCompletableFuture();
    writer.handOver(ran::incrementAndGet);
    writer.handOver(ran::incrementAndGet);

    assertThat(written).isNotDone();
    assertThat(ran).as("Jetty waits for the frame in flight").hasValue(0);
    assertThat(writer.isDirect()).isFalse();
    while (!written.isDone()) {
      socket.takeOutput();
    }
    assertThat(written).isCompleted();
    assertThat(ran).hasValue(2);
    assertThat(writer.write(OpCode.TEXT, bytes("late"))).isNull();
  }

  @Test
  void aWriteToAClosedSocketFailsAndStillHandsOver() {
    ByteArrayEndPoint socket = new ByteArrayEndPoint(new byte[0], 4, false);
    DirectFrameWriter writer = new DirectFrameWriter(socket);
    AtomicInteger ran = new AtomicInteger();

    CompletableFuture<Void> written =
        writer.write(OpCode.TEXT, bytes("more than four bytes")).toCompletableFuture();
    writer.handOver(ran::incrementAndGet);
    socket.close();

    assertThat(written).isCompletedExceptionally();
    assertThat(ran).hasValue(1);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
