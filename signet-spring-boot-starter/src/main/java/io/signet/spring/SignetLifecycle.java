package io.signet.spring;

import io.signet.server.Signet;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Closes {@link Signet} when the application context stops, before the web server's graceful
 * shutdown begins: each client gets a {@code Close} that allows it to reconnect (elsewhere, behind
 * a load balancer), and its SSE stream or pending long poll ends. Left open, those requests are
 * "in flight" to the web server, which then waits its whole graceful-shutdown timeout (30 s by
 * default) for them and cuts the clients without a word.
 *
 * <p>Stopped from the thread that closes the context.
 */
final class SignetLifecycle implements SmartLifecycle {

  /**
   * After the beans of the default phase (schedulers, message listeners: they may still send
   * through hubs while they stop), before the web server's graceful shutdown
   * ({@code SmartLifecycle.DEFAULT_PHASE - 1024}, Spring Boot's
   * {@code WebServerGracefulShutdownLifecycle}). Lifecycles of a higher phase stop earlier.
   */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private final Signet signet;
  private volatile boolean running; // written by the threads that start and stop the context

  SignetLifecycle(Signet signet) {
    this.signet = Objects.requireNonNull(signet, "signet == null");
  }

  @Override
  public void start() {
    running = true; // Signet serves from its installation on; nothing else to start
  }

  @Override
  public void stop() {
    running = false;
    signet.close(); // waits up to Signet.CLOSE_WAIT for the connections to end
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
