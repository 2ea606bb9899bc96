package io.signet.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A hub's methods as a Java interface ({@link HubConnection#proxy}): each method calls the hub
 * method of the same name (servers match names ignoring case), and its return type says how.
 *
 * <ul>
 *   <li>{@code void}: {@code send}, without waiting;
 *   <li>{@code CompletionStage<T>} or {@code CompletableFuture<T>}: {@code invoke}, the result
 *       bound to {@code T} ({@code Void} for none);
 *   <li>{@code Flow.Publisher<T>}: {@code stream}, the items bound to {@code T}.
 * </ul>
 *
 * <p>Arguments that are {@link Flow.Publisher}s are streamed to the server, as with the
 * connection's own methods. Default methods run as written.
 */
final class HubProxy {
  private HubProxy() {}

  /** How one interface method calls the hub. */
  private record Call(Kind kind, Type valueType, boolean future) {}

  private enum Kind { SEND, INVOKE, STREAM, DEFAULT }

  /**
   * A proxy of {@code type} calling through {@code connection}.
   *
   * @throws IllegalArgumentException naming the method, when {@code type} is not an interface or
   *     has a method whose return type fits none of the kinds above
   */
  static <T> T create(Class<T> type, HubConnection connection) {
    if (!type.isInterface() || type.isAnnotation()) {
      throw new IllegalArgumentException(type.getName() + " is not an interface: proxy(...) "
          + "takes an interface whose methods are the hub's methods");
    }
    Map<Method, Call> calls = new HashMap<>();
    for (Method method : type.getMethods()) {
      if (!Modifier.isStatic(method.getModifiers())) {
        calls.put(method, classify(type, method));
      }
    }
    InvocationHandler handler = (proxy, method, arguments) -> {
      Object[] args = arguments == null ? new Object[0] : arguments;
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> "HubProxy[" + type.getName() + "]";
        };
      }
      Call call = calls.get(method);
      return switch (call.kind()) {
        case DEFAULT -> InvocationHandler.invokeDefault(proxy, method, args);
        case SEND -> {
          connection.send(method.getName(), args);
          yield null;
        }
        case STREAM -> connection.stream(call.valueType(), method.getName(), args);
        case INVOKE -> {
          CompletionStage<Object> result =
              connection.invoke(call.valueType(), method.getName(), args);
          yield call.future() ? result.toCompletableFuture() : result;
        }
      };
    };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        handler));
  }

  private static Call classify(Class<?> type, Method method) {
    if (method.isDefault()) {
      return new Call(Kind.DEFAULT, null, false);
    }
    Class<?> raw = method.getReturnType();
    if (raw == void.class) {
      return new Call(Kind.SEND, null, false);
    }
    if (method.getGenericReturnType() instanceof ParameterizedType parameterized) {
      Type value = parameterized.getActualTypeArguments()[0];
      if (raw == CompletionStage.class || raw == CompletableFuture.class) {
        return new Call(Kind.INVOKE, value, raw == CompletableFuture.class);
      }
      if (raw == Flow.Publisher.class) {
        return new Call(Kind.STREAM, value, false);
      }
    }
    throw new IllegalArgumentException("Hub method " + type.getName() + "." + method.getName()
        + " returns " + method.getGenericReturnType().getTypeName() + ": a hub method returns "
        + "void (a send), CompletionStage<T> or CompletableFuture<T> (an invoke; T is Void for"
        + " none) or Flow.Publisher<T> (a stream)");
  }
}
