package io.signet.client;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads a {@code text/event-stream} as the HTML standard's event stream interpretation does, as
 * far as SignalR needs: lines end with {@code \r\n}, {@code \n} or {@code \r} (also when a
 * {@code \r\n} is split between two chunks); lines starting with {@code :} are comments; the
 * values of an event's {@code data} fields are joined with {@code \n}; an empty line ends the
 * event, which is handed over if it has data. Other fields ({@code event}, {@code id},
 * {@code retry}) are ignored: SignalR servers send none.
 *
 * <p>The work is on bytes, not characters: every byte the format cares about is ASCII, and UTF-8
 * never uses ASCII values inside a multi-byte character, so the data reaches the receiver exactly
 * as the server encoded it.
 *
 * <p>Not thread-safe: one stream, fed by one thread at a time.
 */
final class EventStreamParser {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final Consumer<ByteBuffer> events;

  private byte[] line = new byte[256];
  private int lineLength;
  private byte[] data = new byte[256];
  private int dataLength;
  private boolean hasData; // a data field came, even an empty one
  private boolean lastWasCr; // a \n right after it ends nothing: it belongs to that \r
  private int bomChecked; // bytes of the stream's start compared with the BOM so far; 3: done

  /** @param events gets each event's data; the buffer is valid only during the call */
  EventStreamParser(Consumer<ByteBuffer> events) {
    this.events = Objects.requireNonNull(events, "events == null");
  }

  /** Reads the next bytes of the stream, handing over each event they complete. */
  void feed(ByteBuffer chunk) {
    while (chunk.hasRemaining()) {
      byte b = chunk.get();
      if (bomChecked < BOM.length) {
        // A UTF-8 byte order mark at the very start is not part of the first line.
        if (b == BOM[bomChecked] && lineLength == bomChecked) {
          bomChecked++;
          if (bomChecked == BOM.length) {
            lineLength = 0;
          } else {
            append(b);
          }
          continue;
        }
        bomChecked = BOM.length;
      }
      if (b == '\n' && lastWasCr) {
        lastWasCr = false;
        continue;
      }
      lastWasCr = b == '\r';
      if (b == '\r' || b == '\n') {
        endLine();
      } else {
        append(b);
      }
    }
  }

  private void append(byte b) {
    if (lineLength == line.length) {
      line = Arrays.copyOf(line, line.length * 2);
    }
    line[lineLength++] = b;
  }

  private void endLine() {
    int length = lineLength;
    lineLength = 0;
    if (length == 0) {
      dispatch();
      return;
    }
    if (line[0] == ':') {
      return; // a comment, such as the ":" the server writes first to open the stream
    }
    int colon = indexOf(line, length, (byte) ':');
    int nameEnd = colon < 0 ? length : colon;
    if (nameEnd != 4 || line[0] != 'd' || line[1] != 'a' || line[2] != 't' || line[3] != 'a') {
      return;
    }
    int valueStart = colon < 0 ? length : colon + 1;
    if (valueStart < length && line[valueStart] == ' ') {
      valueStart++; // one space after the colon is not part of the value
    }
    if (hasData) {
      appendData(new byte[] {'\n'}, 0, 1);
    }
    hasData = true;
    appendData(line, valueStart, length - valueStart);
  }

  private void dispatch() {
    if (!hasData) {
      return;
    }
    ByteBuffer event = ByteBuffer.wrap(data, 0, dataLength).asReadOnlyBuffer();
    hasData = false;
    dataLength = 0;
    events.accept(event);
  }

  private void appendData(byte[] source, int offset, int length) {
    if (dataLength + length > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, dataLength + length));
    }
    System.arraycopy(source, offset, data, dataLength, length);
    dataLength += length;
  }

  private static int indexOf(byte[] bytes, int length, byte value) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
