package io.signet.observe;

/** How a client's call of a hub method ended. */
public enum InvocationOutcome {
  /** The method returned (or its stage completed, or its stream ended) without an error. */
  SUCCESS("success"),
  /** The method threw, or its stage or stream failed. */
  ERROR("error"),
  /** No hub method has the name the client called. */
  UNKNOWN_METHOD("unknown_method"),
  /**
   * The call did not fit the method: its arguments did not bind, it came as a stream invocation
   * for a method that does not stream (or the reverse), or with the wrong number of streams.
   */
  BINDING_FAILURE("binding_failure"),
  /** The method requires a user, or a role, the connection does not have. */
  UNAUTHORIZED("unauthorized"),
  /** A limit refused it, such as {@code maximumOpenStreams}. */
  REFUSED("refused");

  private final String tagValue;

  InvocationOutcome(String tagValue) {
    this.tagValue = tagValue;
  }

  /**
   * {@return the outcome as a metric tag or span attribute value, such as {@code unknown_method}}
   */
  public String tagValue() {
    return tagValue;
  }
}
