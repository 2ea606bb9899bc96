package io.signet.containers;

import io.signet.server.Signet;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.time.Duration;

/**
 * Signet in a web application, the way its {@code web.xml} (or {@code @WebListener}) would
 * register it: built and installed when the context starts, closed when it stops. The container
 * creates it with its public no-argument constructor. The context attribute named after
 * {@link Signet} holds the instance, for the application's own servlets (and the tests).
 *
 * <p>A poll waits {@link #LONG_POLL_TIMEOUT}, longer than Tomcat's {@code unloadDelay} (2 s): a
 * stopping context, no longer routed to, waits that long for requests in progress before it
 * destroys the hub servlet, whose {@code destroy} answers a parked poll with the {@code Close}.
 * A poll that expired in the meantime would be sent again into Tomcat's {@code 404}.
 */
public class SignetListener implements ServletContextListener {
  /** Longer than Tomcat's default {@code unloadDelay}; see the class comment. */
  static final Duration LONG_POLL_TIMEOUT = Duration.ofSeconds(5);

  private Signet signet; // set and read on the container's deployment thread

  /** For the container. */
  public SignetListener() {}

  @Override
  public void contextInitialized(ServletContextEvent event) {
    signet = Host.signetBuilder().options(o -> o.longPollTimeout(LONG_POLL_TIMEOUT)).build();
    signet.install(event.getServletContext());
    event.getServletContext().setAttribute(Signet.class.getName(), signet);
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    signet.close();
  }
}
