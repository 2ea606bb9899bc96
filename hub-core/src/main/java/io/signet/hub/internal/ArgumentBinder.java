package io.signet.hub.internal;

import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.UnboundValue;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Binds the raw arguments of an invocation to a hub method's parameter types, and puts upload
 * streams in the places of the stream parameters. Stateless.
 */
final class ArgumentBinder {
  private ArgumentBinder() {}

  /**
   * The Java arguments for {@code method}.
   *
   * @param streams one publisher per stream parameter, in order
   * @throws InvalidMessageException with the ASP.NET text when the count differs, or a {@link
   *     BindingFailure} when a value does not bind
   */
  static Object[] bind(HubMethod method, List<Object> arguments, List<?> streams)
      throws InvalidMessageException {
    if (arguments.size() != method.argumentCount()) {
      throw new InvalidMessageException(
          ErrorMessages.argumentCount(arguments.size(), method.argumentCount()));
    }
    List<Type> types = method.parameterTypes();
    Object[] bound = new Object[types.size()];
    int nextArgument = 0;
    int nextStream = 0;
    for (int i = 0; i < bound.length; i++) {
      if (method.streamParameters().contains(i)) {
        bound[i] = streams.get(nextStream++);
        continue;
      }
      try {
        bound[i] = bindOne(arguments.get(nextArgument), types.get(i));
      } catch (InvalidMessageException e) {
        throw new BindingFailure(nextArgument, types.get(i), e);
      }
      nextArgument++;
    }
    return bound;
  }

  /** Binds one raw value (an {@link UnboundValue} from the wire, or a Java value) to {@code type}. */
  static Object bindOne(Object raw, Type type) throws InvalidMessageException {
    Object value;
    try {
      value = raw instanceof UnboundValue unbound ? unbound.bind(type) : raw;
    } catch (InvalidMessageException e) {
      throw new InvalidMessageException(ErrorMessages.BINDING_FAILED, e);
    }
    if (value == null && type instanceof Class<?> c && c.isPrimitive()) {
      throw new InvalidMessageException(ErrorMessages.BINDING_FAILED);
    }
    return value;
  }

  /**
   * An argument that did not bind, with ASP.NET's text for the client and, for the log, which
   * argument and which type: what an operator needs, where the cause quotes the value.
   */
  static final class BindingFailure extends InvalidMessageException {
    private static final long serialVersionUID = 1L;
    private final int argument;
    private final transient Type type;

    BindingFailure(int argument, Type type, InvalidMessageException cause) {
      super(ErrorMessages.BINDING_FAILED, cause.getCause()); // the value's own, unwrapped
      this.argument = argument;
      this.type = type;
    }

    /** Where it was in the invocation's {@code arguments}, from 0. */
    int argument() {
      return argument;
    }

    /** The parameter type it did not bind to. */
    Type type() {
      return type;
    }
  }
}
