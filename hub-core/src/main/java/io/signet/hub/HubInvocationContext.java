package io.signet.hub;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One hub method call, as {@link HubFilter}s see it.
 *
 * @param hub the hub instance serving the call
 * @param context the calling connection
 * @param methodName the hub method's name: its Java name, or its {@link HubMethodName} (a
 *     client's call matches it ignoring case)
 * @param method the Java method
 * @param arguments the bound arguments (upload streams included), unmodifiable; may hold nulls
 */
public record HubInvocationContext(
    Hub hub, HubCallerContext context, String methodName, Method method, List<Object> arguments) {

  /**
   * Checks the call and copies the arguments.
   *
   * @param hub the hub instance serving the call
   * @param context the calling connection
   * @param methodName the hub method's name: its Java name, or its {@link HubMethodName} (a
 *     client's call matches it ignoring case)
   * @param method the Java method
   * @param arguments the bound arguments (upload streams included), unmodifiable
   */
  public HubInvocationContext {
    Objects.requireNonNull(hub, "hub == null");
    Objects.requireNonNull(context, "context == null");
    Objects.requireNonNull(methodName, "methodName == null");
    Objects.requireNonNull(method, "method == null");
    arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
  }
}
