package io.signet.containers;

import io.signet.server.Signet;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A started servlet container with Signet installed, on a free loopback port.
 *
 * <p>{@link #shutdown} is the host's orderly stop, in the order README documents: an application
 * that owns its {@link Signet} closes it (so the {@code Close} messages still reach clients) and
 * then stops the container; a web application's {@code ServletContextListener} closes it from
 * {@code contextDestroyed} while the container stops.
 */
final class Host {
  /** Stops a container. */
  interface Stopper {
    void stop() throws Exception;
  }

  private final URI baseUri;
  private final Supplier<Signet> signet;
  private final Stopper container;
  private final boolean containerClosesSignet;
  private boolean stopped; // test thread only

  /**
   * @param signet the installed Signet, looked up when needed (a listener builds its own)
   * @param containerClosesSignet whether stopping the container closes Signet (a listener's
   *     {@code contextDestroyed}) instead of the host closing it first
   */
  Host(int port, Supplier<Signet> signet, Stopper container, boolean containerClosesSignet) {
    this.baseUri = URI.create("http://127.0.0.1:" + port);
    this.signet = Objects.requireNonNull(signet, "signet == null");
    this.container = Objects.requireNonNull(container, "container == null");
    this.containerClosesSignet = containerClosesSignet;
  }

  /**
   * The builder every host's Signet starts from: the test hub, with keep-alive pings every second
   * and short long-polling timeouts, so that a client that vanished is noticed within seconds
   * (a write to it fails, or it stops polling) and the tests can wait for that.
   */
  static Signet.Builder signetBuilder() {
    return Signet.builder()
        .hub(ContainerHub.class)
        .options(o -> o.keepAliveInterval(Duration.ofSeconds(1))
            .longPollTimeout(Duration.ofSeconds(1))
            .disconnectTimeout(Duration.ofSeconds(2)));
  }

  URI hubUrl() {
    return baseUri.resolve("/containerhub");
  }

  Signet signet() {
    return signet.get();
  }

  /** Stops the host the documented way; see the class comment. */
  void shutdown() throws Exception {
    stopped = true;
    if (!containerClosesSignet) {
      signet.get().close();
    }
    container.stop();
  }

  /** Stops the host unless a test already did. */
  void stopIfRunning() throws Exception {
    if (!stopped) {
      shutdown();
    }
  }
}
