package io.signet.protocol.msgpack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.MessageLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The elements of one message array, read in order. A failure names the element the way ASP.NET
 * Core's {@code MessagePackHubProtocolWorker} does ({@code Reading 'target' as String failed.}),
 * and so does an element the array is too short to hold, which .NET meets as the end of its data.
 *
 * <p>Nesting levels count as in the JSON protocol: the message array is level 1, its headers map
 * and arguments array level 2, a payload value's own arrays and maps from there on. Single use,
 * one thread.
 */
final class MessageElements {
  private final MessagePackReader reader;
  private final ObjectMapper mapper;
  private final MessageLimits limits;
  private long left;

  MessageElements(MessagePackReader reader, long count, ObjectMapper mapper, MessageLimits limits) {
    this.reader = reader;
    this.left = count;
    this.mapper = mapper;
    this.limits = limits;
  }

  /** Whether the array holds another element. */
  boolean hasMore() {
    return left > 0;
  }

  int readInt32(String field) throws InvalidMessageException {
    long value = readInteger(field, "Int32");
    if (value != (int) value) {
      throw asFailed(field, "Int32", null);
    }
    return (int) value;
  }

  long readInt64(String field) throws InvalidMessageException {
    return readInteger(field, "Int64");
  }

  private long readInteger(String field, String type) throws InvalidMessageException {
    take(field, type);
    try {
      return reader.readInteger();
    } catch (InvalidMessageException e) {
      throw asFailed(field, type, e);
    }
  }

  /** A string, or {@code null} for nil. */
  String readString(String field) throws InvalidMessageException {
    take(field, "String");
    try {
      return reader.readString();
    } catch (InvalidMessageException e) {
      throw asFailed(field, "String", e);
    }
  }

  boolean readBoolean(String field) throws InvalidMessageException {
    take(field, "Boolean");
    try {
      return reader.readBoolean();
    } catch (InvalidMessageException e) {
      throw asFailed(field, "Boolean", e);
    }
  }

  /** The headers map: string keys and values, neither nil nor empty, no key twice. */
  Map<String, String> readHeaders() throws InvalidMessageException {
    long count = readLength("map", "headers");
    if (count == 0) {
      return Map.of();
    }
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < count; i++) {
      String key = readHeaderPart(i, "Key", "key in header");
      String value = readHeaderPart(i, "Value", "value in header");
      if (headers.putIfAbsent(key, value) != null) {
        // .NET adds headers with Dictionary.Add, which refuses a key twice with this text.
        throw new InvalidMessageException(
            "An item with the same key has already been added. Key: " + key);
      }
    }
    return headers;
  }

  private String readHeaderPart(int index, String part, String what)
      throws InvalidMessageException {
    String value;
    try {
      value = reader.readString();
    } catch (InvalidMessageException e) {
      throw new InvalidMessageException(
          "Reading 'headers[" + index + "]." + part + "' as String failed.", e);
    }
    return requireNonEmpty(value, what);
  }

  /** The arguments, each kept as its MessagePack bytes until the hub layer binds it. */
  List<Object> readArguments() throws InvalidMessageException {
    long count = readLength("array", "arguments");
    if (count > limits.maximumArgumentCount()) {
      // Refused before any value is copied: a long list never costs more than the limit.
      throw new InvalidMessageException(
          "The message carries more than " + limits.maximumArgumentCount() + " arguments.");
    }
    // Sized by what is there to read, not by what the header claims.
    List<Object> arguments = new ArrayList<>((int) Math.min(count, 16));
    for (int i = 0; i < count; i++) {
      arguments.add(readValue(3));
    }
    return arguments;
  }

  /** The ids of the streams a call uploads; none may be nil or empty. */
  List<String> readStreamIds() throws InvalidMessageException {
    long count = readLength("array", "streamIds");
    List<String> ids = new ArrayList<>((int) Math.min(count, 4));
    for (int i = 0; i < count; i++) {
      String id;
      try {
        id = reader.readString();
      } catch (InvalidMessageException e) {
        throw new InvalidMessageException("Reading 'streamIds[" + i + "]' as String failed.", e);
      }
      ids.add(requireNonEmpty(id, "value in streamIds received"));
    }
    return ids;
  }

  /** A stream item or completion result, kept as its bytes until bound. */
  MessagePackUnboundValue readPayload(String field) throws InvalidMessageException {
    if (left == 0) {
      throw new InvalidMessageException("Reading '" + field + "' failed.");
    }
    left--;
    return readValue(2);
  }

  /** Skips the elements a newer peer may have added after those this version reads. */
  void skipRest() throws InvalidMessageException {
    while (left > 0) {
      left--;
      reader.skipValue(2, limits.maximumNestingDepth());
    }
  }

  private MessagePackUnboundValue readValue(int level) throws InvalidMessageException {
    int start = reader.position();
    reader.skipValue(level, limits.maximumNestingDepth());
    return new MessagePackUnboundValue(reader.copyFrom(start), mapper);
  }

  /** Reads the header of the array or map element {@code field}, at level 2. */
  private long readLength(String kind, String field) throws InvalidMessageException {
    if (left == 0) {
      throw lengthFailed(kind, field, null);
    }
    left--;
    reader.checkDepth(2, limits.maximumNestingDepth());
    try {
      return kind.equals("map") ? reader.readMapHeader() : reader.readArrayHeader();
    } catch (InvalidMessageException e) {
      throw lengthFailed(kind, field, e);
    }
  }

  private static InvalidMessageException lengthFailed(String kind, String field, Exception cause) {
    return new InvalidMessageException(
        "Reading " + kind + " length for '" + field + "' failed.", cause);
  }

  private void take(String field, String type) throws InvalidMessageException {
    if (left == 0) {
      throw asFailed(field, type, null);
    }
    left--;
  }

  private static InvalidMessageException asFailed(String field, String type, Exception cause) {
    return new InvalidMessageException("Reading '" + field + "' as " + type + " failed.", cause);
  }

  /** ASP.NET Core's check of ids, targets and headers: {@code Null or empty <what>.} */
  static String requireNonEmpty(String value, String what) throws InvalidMessageException {
    if (value == null || value.isEmpty()) {
      throw new InvalidMessageException("Null or empty " + what + ".");
    }
    return value;
  }
}
