package io.signet.protocol;

import java.lang.reflect.Type;

/**
 * A payload value read off the wire and kept in its encoded form until the receiver knows which
 * Java type it wants (the argument types of the target method, the result type of a pending call).
 *
 * <p>Instances are immutable and may be bound more than once, from any thread.
 */
public interface UnboundValue {

  /**
   * Binds this value to {@code type}.
   *
   * @param type the Java type wanted, possibly generic
   * @return the value as an instance of {@code type}, possibly {@code null}
   * @throws InvalidMessageException when the value cannot be converted to {@code type}
   */
  Object bind(Type type) throws InvalidMessageException;
}
