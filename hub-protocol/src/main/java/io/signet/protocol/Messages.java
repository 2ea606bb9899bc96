package io.signet.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Copying helpers shared by the message records. */
final class Messages {
  private Messages() {}

  /** An unmodifiable copy that, unlike {@link List#copyOf}, keeps {@code null} elements. */
  static List<Object> copyArguments(List<?> arguments) {
    if (arguments == null || arguments.isEmpty()) {
      return List.of();
    }
    return Collections.unmodifiableList(new ArrayList<>(arguments));
  }

  static Map<String, String> copyHeaders(Map<String, String> headers) {
    return headers == null || headers.isEmpty() ? Map.of() : Map.copyOf(headers);
  }

  static List<String> copyStreamIds(List<String> streamIds) {
    return streamIds == null || streamIds.isEmpty() ? List.of() : List.copyOf(streamIds);
  }

  static String requireNonEmpty(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " is null or empty");
    }
    return value;
  }
}
