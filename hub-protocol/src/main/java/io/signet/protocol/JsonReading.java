package io.signet.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;

/** Checks shared by the JSON readers of the handshake and of hub messages. */
final class JsonReading {
  private JsonReading() {}

  /** Reads the first token and requires it to open an object, as every record is one object. */
  static void requireObjectStart(JsonParser parser) throws IOException, InvalidMessageException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      throw new InvalidMessageException("Error reading JSON.");
    }
    if (token != JsonToken.START_OBJECT) {
      throw new InvalidMessageException(
          "Unexpected JSON Token Type '" + token + "'. Expected a JSON Object.");
    }
  }

  /**
   * The error for a record the parser failed on. Parsing bytes in memory does no real I/O, so every
   * {@link IOException} is malformed input; a record nested deeper than the parser's limit gets a
   * text that says so, for the peer's developer.
   */
  static InvalidMessageException invalid(IOException e, JsonParser parser) {
    if (e instanceof StreamConstraintsException) {
      int maximumDepth = parser.streamReadConstraints().getMaxNestingDepth();
      if (parser.getParsingContext().getNestingDepth() > maximumDepth) {
        return new InvalidMessageException(
            "The message nests arrays and objects more than " + maximumDepth + " levels deep.", e);
      }
    }
    return new InvalidMessageException("Error reading JSON.", e);
  }

  /**
   * Requires that nothing but whitespace follows the object just closed, so that a record holding
   * two objects is not half read.
   */
  static void requireEnd(JsonParser parser) throws IOException, InvalidMessageException {
    if (parser.nextToken() != null) {
      throw new InvalidMessageException("Unexpected content after the JSON object.");
    }
  }
}
