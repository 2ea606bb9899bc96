package io.signet.hub.internal;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.HubMethodName;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
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
 * long as the interface's class is: every typed proxy of it shares this table, and is made by
 * the proxy class's constructor found here. Immutable.
 */
final class ClientInterface {
  private static final MethodType PROXY_CONSTRUCTOR =
      MethodType.methodType(Object.class, InvocationHandler.class);

  private static final ClassValue<ClientInterface> TABLES = new ClassValue<>() {
    @Override
    protected ClientInterface computeValue(Class<?> type) {
      return new ClientInterface(type); // a refusal throws, and is not cached
    }
  };

  private final Class<?> type;
  private final Map<Method, ClientMethod> methods;
  /** {@code (InvocationHandler) -> Object}, or {@code null} to make proxies through Proxy. */
  private final MethodHandle constructor;

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
    this.constructor = proxyConstructor(type);
  }

  /**
   * Checks the client interface {@code hubClass} declares ({@link HubEndpoint#client()}), if any,
   * so that a bad one fails registration rather than the first send.
   *
   * @throws IllegalArgumentException naming the hub, the interface and the method
   */
  static void checkDeclared(Class<? extends Hub> hubClass) {
    HubEndpoint endpoint = hubClass.getAnnotation(HubEndpoint.class);
    if (endpoint == null || endpoint.client() == void.class) {
      return;
    }
    try {
      of(endpoint.client());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Hub " + hubClass.getName() + " declares client = "
          + endpoint.client().getName() + ".class: " + e.getMessage(), e);
    }
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

  /** A new proxy of this interface whose calls go to {@code handler}. */
  Object newProxy(InvocationHandler handler) {
    if (constructor == null) {
      return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
    try {
      return (Object) constructor.invokeExact(handler);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) { // a proxy constructor declares nothing checked
      throw new IllegalStateException(e);
    }
  }

  /** Whether proxies come from the cached constructor, not through {@link Proxy}. */
  boolean constructsDirectly() {
    return constructor != null;
  }

  /** The classification of {@code method}, a method of this interface. */
  ClientMethod method(Method method) {
    return methods.get(method);
  }

  /**
   * The constructor of {@code type}'s proxy class, found once so that each proxy costs an
   * allocation rather than {@link Proxy#newProxyInstance}'s checks and cache lookups. Proxy
   * classes of interfaces that are not public, or are in a module that does not open them to
   * Signet, may refuse us; those proxies are made through {@link Proxy}, which may still.
   */
  private static MethodHandle proxyConstructor(Class<?> type) {
    InvocationHandler unused = (proxy, method, args) -> {
      throw new UnsupportedOperationException();
    };
    Class<?> proxyClass =
        Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, unused).getClass();
    try {
      Constructor<?> constructor = proxyClass.getConstructor(InvocationHandler.class);
      constructor.setAccessible(true);
      return MethodHandles.lookup().unreflectConstructor(constructor).asType(PROXY_CONSTRUCTOR);
    } catch (ReflectiveOperationException | InaccessibleObjectException | SecurityException e) {
      return null;
    }
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
