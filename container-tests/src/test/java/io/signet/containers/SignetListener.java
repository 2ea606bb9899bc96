package io.signet.containers;

import io.signet.server.Signet;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Signet in a web application, the way its {@code web.xml} (or {@code @WebListener}) would
 * register it: built and installed when the context starts, closed when it stops. The container
 * creates it with its public no-argument constructor. The context attribute named after
 * {@link Signet} holds the instance, for the application's own servlets (and the tests).
 */
public class SignetListener implements ServletContextListener {
  private Signet signet; // set and read on the container's deployment thread

  /** For the container. */
  public SignetListener() {}

  @Override
  public void contextInitialized(ServletContextEvent event) {
    signet = Host.signetBuilder().build();
    signet.install(event.getServletContext());
    event.getServletContext().setAttribute(Signet.class.getName(), signet);
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    signet.close();
  }
}
