package io.signet.client;

import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.UnboundValue;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The client methods the server may call, by name. Names match ignoring case, as in the official
 * JavaScript client, and a name may have several handlers, which all run, in the order added.
 */
final class HandlerRegistry {

  /**
   * One handler with the types its arguments bind to.
   *
   * @param types the argument types, one per argument
   * @param handler a {@link HubMethodHandler} or a {@link ClientResultHandler}
   */
  record Entry(Type[] types, Object handler) {
    boolean returnsResult() {
      return handler instanceof ClientResultHandler;
    }

    /**
     * Binds the arguments to this handler's types.
     *
     * @throws InvalidMessageException when the count differs or a value does not fit its type
     */
    Object[] bind(List<Object> arguments) throws InvalidMessageException {
      if (arguments.size() != types.length) {
        throw new InvalidMessageException("The handler takes " + types.length
            + " argument(s), the server sent " + arguments.size() + ".");
      }
      Object[] bound = new Object[types.length];
      for (int i = 0; i < types.length; i++) {
        Object value = arguments.get(i);
        bound[i] = value instanceof UnboundValue unbound ? unbound.bind(types[i]) : value;
      }
      return bound;
    }
  }

  private final Map<String, List<Entry>> byName = new ConcurrentHashMap<>();

  /** Adds a handler; the registration removes this one only. */
  Registration add(String target, Type[] types, Object handler) {
    if (target == null || target.isEmpty()) {
      throw new IllegalArgumentException("target must not be empty");
    }
    for (Type type : types) {
      if (type == null) {
        throw new IllegalArgumentException("argument types must not be null");
      }
    }
    Entry entry = new Entry(types.clone(), handler);
    String key = key(target);
    byName.computeIfAbsent(key, name -> new CopyOnWriteArrayList<>()).add(entry);
    return () -> byName.computeIfPresent(key, (name, entries) -> {
      entries.remove(entry);
      return entries.isEmpty() ? null : entries;
    });
  }

  /** Removes every handler of {@code target}. */
  void removeAll(String target) {
    byName.remove(key(target));
  }

  /** The handlers of {@code target}, in the order added; empty when there are none. */
  List<Entry> find(String target) {
    List<Entry> entries = byName.get(key(target));
    return entries == null ? List.of() : entries;
  }

  private static String key(String target) {
    return target.toLowerCase(Locale.ROOT);
  }
}
