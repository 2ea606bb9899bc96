package io.signet.bench.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A hub message the floor sends, encoded once and shared by every recipient: the record for
 * WebSockets and long polling, and lazily the same wrapped as one SSE event or, for the nio
 * floor, as one whole WebSocket frame.
 */
final class FloorMessage {
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final byte[] record;
  private volatile byte[] sseEvent; // built at most a few times when threads race: equal bytes
  private volatile byte[] webSocketFrame; // likewise

  FloorMessage(byte[] record) {
    this.record = record;
  }

  /** The JSON record with its separator. */
  byte[] record() {
    return record;
  }

  /** A fresh view of the record for one WebSocket frame (Jetty moves its position). */
  ByteBuffer frame() {
    return ByteBuffer.wrap(record);
  }

  /** The record as one SSE event: {@code data: <record>\r\n\r\n}. */
  byte[] sseEvent() {
    byte[] event = sseEvent;
    if (event == null) {
      event = new byte[DATA.length + record.length + END.length];
      System.arraycopy(DATA, 0, event, 0, DATA.length);
      System.arraycopy(record, 0, event, DATA.length, record.length);
      System.arraycopy(END, 0, event, DATA.length + record.length, END.length);
      sseEvent = event;
    }
    return event;
  }

  /**
   * The record as one final text frame, header included. Server frames are unmasked, so these
   * bytes go to every recipient as they are.
   */
  byte[] webSocketFrame() {
    byte[] frame = webSocketFrame;
    if (frame == null) {
      frame = ServerFrames.text(record);
      webSocketFrame = frame;
    }
    return frame;
  }
}
