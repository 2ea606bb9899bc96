package io.signet.hub.internal;

import io.signet.hub.HubMethodName;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The methods of a client interface, checked and classified once per interface and kept for as
 * long as the interface's class is: every typed proxy of it shares this table. Immutable.
 */
final class ClientInterface {
  private static final ClassValue<ClientInterface> TABLES = new ClassValue<>() {
    @Override
    protected ClientInterface computeValue(Class<?> type) {
      return new ClientInterface(type); // a refusal throws, and is not cached
    }
  };

  private final Class<?> type;
  private final Map<Method, ClientMethod> methods;

  private ClientInterface(Class<?> type) {
    this.type = type;
    Map<Method, ClientMethod> table = new HashMap<>();
    for (Method method : type.getMethods()) {
      // equals, hashCode and toString declared again are Object's: the handler answers them.
      if (!Modifier.isStatic(method.getModifiers())
          && !HubMethodTable.declaresLike(Object.class, method)) {
        table.put(method, classify(type, method));
      }
    }
    this.methods = Map.copyOf(table);
  }

  /**
   * The table of {@code type}.
   *
   * @throws IllegalArgumentException naming the interface, the method and the fix, when
   *     {@code type} is not an interface or has a method that cannot be a client method
   */
  static ClientInterface of(Class<?> type) {
    if (!type.isInterface() || type.isAnnotation()) {
      throw new IllegalArgumentException(type.getName() + " is not an interface: as(...) takes "
          + "an interface whose methods are the client's methods, such as "
          + "interface ChatClient { void receiveMessage(String user, String message); }");
    }
    return TABLES.get(type);
  }

  Class<?> type() {
    return type;
  }

  /** The classification of {@code method}, a method of this interface. */
  ClientMethod method(Method method) {
    return methods.get(method);
  }

  private static ClientMethod classify(Class<?> type, Method method) {
    if (method.isDefault()) {
      return new ClientMethod(method.getName(), ClientMethod.Kind.DEFAULT, null, false);
    }
    HubMethodName renamed = method.getAnnotation(HubMethodName.class);
    String name = renamed != null ? renamed.value() : method.getName();
    if (name.isEmpty()) {
      throw refused(type, method, "has an empty @HubMethodName");
    }
    if (method.getReturnType() == void.class) {
      return new ClientMethod(name, ClientMethod.Kind.SEND, null, false);
    }
    Class<?> raw = method.getReturnType();
    boolean future = raw == CompletableFuture.class;
    if ((raw == CompletionStage.class || future)
        && method.getGenericReturnType() instanceof ParameterizedType stage) {
      Type value = stage.getActualTypeArguments()[0];
      if (value == Void.class) {
        return new ClientMethod(name, ClientMethod.Kind.SEND_STAGE, null, future);
      }
      if (isConcrete(value)) {
        return new ClientMethod(name, ClientMethod.Kind.RESULT, value, future);
      }
    }
    throw refused(type, method, "returns " + method.getGenericReturnType().getTypeName());
  }

  private static IllegalArgumentException refused(Class<?> type, Method method, String why) {
    return new IllegalArgumentException("Client method " + type.getName() + "."
        + method.getName() + " " + why + ": a client method returns void or "
        + "CompletionStage<Void> (a send; CompletableFuture<Void> too) or, called on a single "
        + "client, CompletionStage<T> with a concrete T (the client's result)");
  }

  /** Whether a result can bind to {@code type}: no type variables or wildcards in it. */
  private static boolean isConcrete(Type type) {
    if (type instanceof Class<?>) {
      return true;
    }
    if (type instanceof ParameterizedType parameterized) {
      return Arrays.stream(parameterized.getActualTypeArguments())
          .allMatch(ClientInterface::isConcrete);
    }
    if (type instanceof GenericArrayType array) {
      return isConcrete(array.getGenericComponentType());
    }
    return !(type instanceof TypeVariable<?>) && !(type instanceof WildcardType);
  }
}
