package io.signet.observe;

/**
 * One running call of a hub method, as its observer follows it: a span in tracing, a timer in
 * metrics. {@link #ended} is called exactly once, when the method returned, its stage completed
 * or its stream ended; possibly on another thread than the one that started it.
 */
public interface InvocationObservation {

  /** Follows nothing. */
  InvocationObservation NONE = new InvocationObservation() {
    @Override
    public void ended(InvocationOutcome outcome, Throwable error) {}
  };

  /**
   * Makes this call the current one on this thread while the hub method runs (a tracer's current
   * span), so that work the method does is recorded within it. Closed when the method returns.
   *
   * @return what to close when the method returns
   */
  default Scope makeCurrent() {
    return Scope.NONE;
  }

  /**
   * The call ended.
   *
   * @param outcome {@link InvocationOutcome#SUCCESS} or {@link InvocationOutcome#ERROR}
   * @param error what the method threw or failed with, or {@code null}
   */
  void ended(InvocationOutcome outcome, Throwable error);

  /** What {@link #makeCurrent()} opened; closing it restores what was current before. */
  @FunctionalInterface
  interface Scope extends AutoCloseable {
    /** Opens and restores nothing. */
    Scope NONE = () -> {};

    @Override
    void close();
  }
}
