package io.signet.hub.internal;

import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.UnboundValue;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Binds the raw arguments of an invocation to a hub method's parameter types. Stateless.
 */
final class ArgumentBinder {
  private ArgumentBinder() {}

  /**
   * The Java arguments for {@code method}.
   *
   * @throws InvalidMessageException with the ASP.NET text when the count differs or a value does
   *     not bind
   */
  static Object[] bind(HubMethod method, List<Object> arguments) throws InvalidMessageException {
    List<Type> types = method.parameterTypes();
    if (arguments.size() != types.size()) {
      throw new InvalidMessageException(
          ErrorMessages.argumentCount(arguments.size(), types.size()));
    }
    Object[] bound = new Object[types.size()];
    for (int i = 0; i < bound.length; i++) {
      Object raw = arguments.get(i);
      try {
        bound[i] = raw instanceof UnboundValue value ? value.bind(types.get(i)) : raw;
      } catch (InvalidMessageException e) {
        throw new InvalidMessageException(ErrorMessages.BINDING_FAILED, e);
      }
      if (bound[i] == null && types.get(i) instanceof Class<?> c && c.isPrimitive()) {
        throw new InvalidMessageException(ErrorMessages.BINDING_FAILED);
      }
    }
    return bound;
  }
}
