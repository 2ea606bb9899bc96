package io.signet.hub.internal;

import io.signet.hub.Hub;
import io.signet.hub.HubIgnore;
import io.signet.hub.HubMethodName;
import io.signet.hub.NonBlocking;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.stream.BaseStream;

/**
 * The hub methods of one hub class, found and validated once when the hub is registered. Lookups
 * ignore case, as SignalR does. Immutable and thread-safe.
 */
final class HubMethodTable {
  /** Types that cannot arrive as a JSON argument (upload streams are {@code Flow.Publisher}). */
  private static final List<Class<?>> UNSUPPORTED_PARAMETERS = List.of(
      BaseStream.class, Iterator.class, CompletionStage.class, Future.class,
      InputStream.class, Reader.class, Hub.class, Thread.class);
  /** Return types that cannot be answered: a Future cannot be awaited without blocking. */
  private static final List<Class<?>> UNSUPPORTED_RETURNS = List.of(Future.class);
  /** Return types that make a streaming method. */
  private static final List<Class<?>> STREAM_RETURNS =
      List.of(Flow.Publisher.class, BaseStream.class, Iterator.class);

  private final Class<? extends Hub> hubClass;
  private final Map<String, HubMethod> byLowerCaseName;
  /** For lookups in any case without allocating (a .NET client calls "Echo" for echo). */
  private final TreeMap<String, HubMethod> ignoringCase =
      new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  private HubMethodTable(Class<? extends Hub> hubClass, Map<String, HubMethod> byLowerCaseName) {
    this.hubClass = hubClass;
    this.byLowerCaseName = Collections.unmodifiableMap(byLowerCaseName);
    for (HubMethod method : byLowerCaseName.values()) {
      ignoringCase.put(method.name(), method);
    }
  }

  /**
   * Discovers the hub methods of {@code hubClass}: its public instance methods, except those of
   * {@link Hub} and {@link Object} and those marked {@link HubIgnore}.
   *
   * @throws IllegalArgumentException naming the class and method for an overload, a duplicate
   *     name, or an unsupported parameter or return type
   */
  static HubMethodTable of(Class<? extends Hub> hubClass) {
    requireUsableClass(hubClass);
    Map<String, HubMethod> methods = new LinkedHashMap<>();
    Method[] candidates = hubClass.getMethods();
    // Sorted so that error messages and discovery do not depend on reflection order.
    Arrays.sort(candidates, Comparator.comparing(Method::toGenericString));
    for (Method method : candidates) {
      if (!isHubMethod(method)) {
        continue;
      }
      HubMethod hubMethod = describe(hubClass, method);
      HubMethod previous = methods.putIfAbsent(hubMethod.name().toLowerCase(Locale.ROOT), hubMethod);
      if (previous != null) {
        throw new IllegalArgumentException("Hub " + hubClass.getName() + " has two methods named '"
            + hubMethod.name() + "' (names are case-insensitive; overloads are not supported): "
            + previous.method().toGenericString() + " and " + method.toGenericString());
      }
    }
    return new HubMethodTable(hubClass, methods);
  }

  /** The method clients call {@code name} (any case), or {@code null}. */
  HubMethod find(String name) {
    return ignoringCase.get(name);
  }

  /** Every hub method. */
  Iterable<HubMethod> methods() {
    return byLowerCaseName.values();
  }

  Class<? extends Hub> hubClass() {
    return hubClass;
  }

  private static void requireUsableClass(Class<? extends Hub> hubClass) {
    if (!Hub.class.isAssignableFrom(hubClass)) {
      throw new IllegalArgumentException(hubClass.getName() + " does not extend " + Hub.class.getName());
    }
    int modifiers = hubClass.getModifiers();
    if (Modifier.isAbstract(modifiers) || hubClass.isInterface()) {
      throw new IllegalArgumentException("Hub " + hubClass.getName() + " is abstract");
    }
    if (!Modifier.isPublic(modifiers)) {
      throw new IllegalArgumentException("Hub " + hubClass.getName() + " must be public");
    }
  }

  private static boolean isHubMethod(Method method) {
    Class<?> declaring = method.getDeclaringClass();
    return declaring != Object.class
        && declaring != Hub.class
        && !Modifier.isStatic(method.getModifiers())
        && !method.isBridge()
        && !method.isSynthetic()
        && !method.isAnnotationPresent(HubIgnore.class)
        && !declaresLike(Hub.class, method); // overrides of Hub's lifecycle methods
  }

  /** Whether {@code type} has a public method of {@code method}'s name and parameters. */
  static boolean declaresLike(Class<?> type, Method method) {
    try {
      type.getMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static HubMethod describe(Class<? extends Hub> hubClass, Method method) {
    HubMethodName rename = method.getAnnotation(HubMethodName.class);
    String name = rename != null ? rename.value() : method.getName();
    if (name.isBlank()) {
      throw invalid(hubClass, method, "@HubMethodName is blank");
    }
    if (method.getTypeParameters().length > 0) {
      throw invalid(hubClass, method, "generic methods are not supported");
    }
    List<Integer> streamParameters = new ArrayList<>();
    List<Type> streamItemTypes = new ArrayList<>();
    Type[] parameterTypes = method.getGenericParameterTypes();
    for (int i = 0; i < parameterTypes.length; i++) {
      Type type = parameterTypes[i];
      if (rawType(type) == Flow.Publisher.class) {
        streamParameters.add(i);
        streamItemTypes.add(itemType(hubClass, method, type));
        continue;
      }
      String problem = unsupported(type, UNSUPPORTED_PARAMETERS);
      if (problem != null) {
        throw invalid(hubClass, method, "parameter type " + type.getTypeName() + " " + problem);
      }
    }
    Type returnType = method.getGenericReturnType();
    String problem = unsupported(returnType, UNSUPPORTED_RETURNS);
    if (problem != null) {
      throw invalid(hubClass, method, "return type " + returnType.getTypeName() + " " + problem);
    }
    Class<?> rawReturn = method.getReturnType();
    HubMethod.ResultKind kind = STREAM_RETURNS.stream().anyMatch(c -> c.isAssignableFrom(rawReturn))
        ? HubMethod.ResultKind.STREAM
        : CompletionStage.class.isAssignableFrom(rawReturn)
            ? HubMethod.ResultKind.STAGE
            : HubMethod.ResultKind.VALUE;
    boolean nonBlocking = method.isAnnotationPresent(NonBlocking.class)
        || hubClass.isAnnotationPresent(NonBlocking.class);
    return new HubMethod(name, method, Arrays.asList(parameterTypes), streamParameters,
        streamItemTypes, kind, nonBlocking);
  }

  private static Class<?> rawType(Type type) {
    return type instanceof ParameterizedType p ? (Class<?>) p.getRawType()
        : type instanceof Class<?> c ? c : null;
  }

  /** The {@code T} of a {@code Flow.Publisher<T>} parameter; a raw publisher is refused. */
  private static Type itemType(Class<?> hubClass, Method method, Type publisher) {
    if (publisher instanceof ParameterizedType p
        && !(p.getActualTypeArguments()[0] instanceof TypeVariable<?>)
        && !(p.getActualTypeArguments()[0] instanceof WildcardType)) {
      return p.getActualTypeArguments()[0];
    }
    throw invalid(hubClass, method,
        "an upload stream parameter must name its item type, as in Flow.Publisher<String>");
  }

  private static String unsupported(Type type, List<Class<?>> rejected) {
    if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
      return "is not a concrete type";
    }
    Class<?> raw = rawType(type);
    if (raw == null) {
      return null; // arrays of generic types and the like: Jackson decides at bind time
    }
    for (Class<?> bad : rejected) {
      if (bad.isAssignableFrom(raw)) {
        return "is not supported (" + bad.getSimpleName() + ")";
      }
    }
    return null;
  }

  private static IllegalArgumentException invalid(Class<?> hubClass, Method method, String why) {
    return new IllegalArgumentException(
        "Invalid hub method " + hubClass.getName() + "." + method.getName() + ": " + why);
  }
}
