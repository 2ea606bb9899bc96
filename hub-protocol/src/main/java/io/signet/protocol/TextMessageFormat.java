package io.signet.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Record-separator framing of the text protocols: every message (and the handshake) is one JSON
 * text followed by the byte {@code 0x1E}. A record's size is the size of its JSON text, without the
 * separator.
 */
final class TextMessageFormat {

  /** The ASCII record separator that ends every text message. */
  static final byte RECORD_SEPARATOR = 0x1E;

  private TextMessageFormat() {}

  /**
   * Finds the record starting at {@code input}'s position, without moving the position.
   *
   * @param maximumMessageSize the largest record accepted, in bytes, its separator included, as
   *     ASP.NET Core counts (it looks for the separator in the first that many bytes only);
   *     {@code 0} or less for none
   * @return the absolute index of the separator that ends the record, or {@code -1} when the buffer
   *     holds no complete record yet
   * @throws MessageTooLargeException when the first {@code maximumMessageSize} bytes hold no
   *     separator but more bytes have arrived (so a peer cannot make us buffer without bound)
   */
  static int findRecordEnd(ByteBuffer input, long maximumMessageSize)
      throws MessageTooLargeException {
    int start = input.position();
    int limit = input.limit();
    boolean limited = maximumMessageSize > 0;
    // A separator further out than max bytes ends an oversize record anyway, so a large buffer
    // of many small records is still scanned once, and a huge one is not scanned at all.
    int scanEnd = limited ? (int) Math.min(limit, start + maximumMessageSize) : limit;
    for (int i = start; i < scanEnd; i++) {
      if (input.get(i) == RECORD_SEPARATOR) {
        return i;
      }
    }
    if (limited && limit - start > maximumMessageSize) {
      throw new MessageTooLargeException(maximumMessageSize);
    }
    return -1;
  }

  /**
   * A parser over the record's JSON text in {@code input} from {@code start} (inclusive) to
   * {@code end} (exclusive), reading a heap buffer in place rather than copying it.
   */
  static JsonParser createParser(JsonFactory factory, ByteBuffer input, int start, int end)
      throws IOException {
    int length = end - start;
    if (input.hasArray()) {
      return factory.createParser(input.array(), input.arrayOffset() + start, length);
    }
    byte[] copy = new byte[length];
    input.get(start, copy);
    return factory.createParser(copy);
  }
}
