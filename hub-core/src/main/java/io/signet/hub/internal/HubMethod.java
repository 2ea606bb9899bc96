package io.signet.hub.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.List;

/**
 * One hub method as clients see it, discovered and validated once at registration.
 *
 * @param name the name clients call (matched case-insensitively)
 * @param method the Java method
 * @param parameterTypes the generic parameter types arguments are bound to
 * @param returnsStage whether the method returns a {@code CompletionStage} completed later
 */
record HubMethod(String name, Method method, List<Type> parameterTypes, boolean returnsStage) {
  HubMethod {
    parameterTypes = List.copyOf(parameterTypes);
  }
}
