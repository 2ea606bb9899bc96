package io.signet.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The properties of one JSON hub message, collected in whatever order they arrive. Clients write
 * {@code type} last, so nothing can be validated until the whole object is read; payload values are
 * kept unbound until then.
 *
 * <p>Single use, one thread: a new instance per message.
 */
final class JsonMessageFields {
  Integer type;
  String invocationId;
  String target;
  String error;
  List<Object> arguments;
  List<String> streamIds;
  Map<String, String> headers;
  Object item;
  boolean hasItem;
  Object result;
  boolean hasResult;
  Long sequenceId;
  boolean allowReconnect;

  private final ObjectMapper mapper;
  private final int maximumArgumentCount;

  JsonMessageFields(ObjectMapper mapper, int maximumArgumentCount) {
    this.mapper = mapper;
    this.maximumArgumentCount = maximumArgumentCount;
  }

  /**
   * Reads the value of property {@code name}; the parser is on the value's first token and is
   * left on its last. Unknown properties are skipped so that new ones can be added later.
   */
  void read(String name, JsonParser parser) throws IOException, InvalidMessageException {
    switch (name) {
      case "type":
        type = readInt(parser, name);
        break;
      case "invocationId":
        invocationId = readString(parser, name);
        break;
      case "target":
        target = readString(parser, name);
        break;
      case "error":
        error = readString(parser, name);
        break;
      case "arguments":
        arguments = readArguments(parser);
        break;
      case "streamIds":
        streamIds = readStreamIds(parser);
        break;
      case "headers":
        headers = readHeaders(parser);
        break;
      default:
        readOther(name, parser);
    }
  }

  private void readOther(String name, JsonParser parser)
      throws IOException, InvalidMessageException {
    switch (name) {
      case "item":
        item = JacksonUnboundValue.copyOf(parser, mapper);
        hasItem = true;
        break;
      case "result":
        result = JacksonUnboundValue.copyOf(parser, mapper);
        hasResult = true;
        break;
      case "sequenceId":
        sequenceId = readLong(parser, name);
        break;
      case "allowReconnect":
        allowReconnect = readBoolean(parser, name);
        break;
      default:
        parser.skipChildren();
    }
  }

  private List<Object> readArguments(JsonParser parser)
      throws IOException, InvalidMessageException {
    requireToken(parser, JsonToken.START_ARRAY, "arguments", "Array");
    List<Object> values = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (values.size() == maximumArgumentCount) {
        // Refused before the value is copied: a long list never costs more than the limit.
        throw new InvalidMessageException(
            "The message carries more than " + maximumArgumentCount + " arguments.");
      }
      values.add(JacksonUnboundValue.copyOf(parser, mapper));
    }
    return values;
  }

  private static List<String> readStreamIds(JsonParser parser)
      throws IOException, InvalidMessageException {
    requireToken(parser, JsonToken.START_ARRAY, "streamIds", "Array");
    List<String> ids = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      requireToken(parser, JsonToken.VALUE_STRING, "streamIds", "Array of String");
      ids.add(parser.getText());
    }
    return ids;
  }

  private static Map<String, String> readHeaders(JsonParser parser)
      throws IOException, InvalidMessageException {
    requireToken(parser, JsonToken.START_OBJECT, "headers", "Object");
    Map<String, String> values = new HashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      if (parser.nextToken() != JsonToken.VALUE_STRING) {
        throw new InvalidMessageException(
            "Expected header '" + name + "' to be of type String.");
      }
      values.put(name, parser.getText());
    }
    return values;
  }

  /** A string, or {@code null} for JSON {@code null}, which some serializers write for "none". */
  private static String readString(JsonParser parser, String name)
      throws IOException, InvalidMessageException {
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    requireToken(parser, JsonToken.VALUE_STRING, name, "String");
    return parser.getText();
  }

  private static int readInt(JsonParser parser, String name)
      throws IOException, InvalidMessageException {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
        || parser.getNumberType() != JsonParser.NumberType.INT) {
      throw wrongType(name, "Integer");
    }
    return parser.getIntValue();
  }

  private static long readLong(JsonParser parser, String name)
      throws IOException, InvalidMessageException {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
        || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw wrongType(name, "Integer");
    }
    return parser.getLongValue();
  }

  private static boolean readBoolean(JsonParser parser, String name)
      throws InvalidMessageException {
    JsonToken token = parser.currentToken();
    if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
      throw wrongType(name, "Boolean");
    }
    return token == JsonToken.VALUE_TRUE;
  }

  private static void requireToken(JsonParser parser, JsonToken expected, String name, String what)
      throws InvalidMessageException {
    if (parser.currentToken() != expected) {
      throw wrongType(name, what);
    }
  }

  private static InvalidMessageException wrongType(String name, String what) {
    return new InvalidMessageException("Expected '" + name + "' to be of type " + what + ".");
  }
}
