package io.signet.hub.internal;

/**
 * What the log says about a failure that a client's bytes caused. Parser and binder exceptions
 * quote what they read (Jackson's {@code Unrecognized token 'secret'}, {@code from String
 * "secret"}), and what a client sends is its users' data: so the log names the exceptions'
 * classes, which tell an operator what kind of failure it was, and never their texts.
 */
final class LoggedFailures {
  /** Deep enough for a wrapper, its parser's exception and what that wraps. */
  private static final int MAXIMUM_CAUSES = 4;

  private LoggedFailures() {}

  /**
   * The classes of {@code failure} and its causes, outermost first, e.g. {@code
   * InvalidMessageException < JsonParseException}; no message text.
   */
  static String classes(Throwable failure) {
    StringBuilder text = new StringBuilder(failure.getClass().getSimpleName());
    Throwable cause = failure.getCause();
    for (int i = 0; cause != null && cause != failure && i < MAXIMUM_CAUSES; i++) {
      text.append(" < ").append(cause.getClass().getSimpleName());
      failure = cause;
      cause = cause.getCause();
    }
    return text.toString();
  }
}
