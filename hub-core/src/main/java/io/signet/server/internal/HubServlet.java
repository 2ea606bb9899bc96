package io.signet.server.internal;

import io.signet.connection.internal.HttpConnectionDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlet in front of one hub endpoint, mapped to the hub path and its {@code /negotiate}
 * path. It hands every request to the connection layer's dispatcher. When the container takes
 * it out of service ({@link #destroy}), it closes the endpoint's connections first.
 */
public final class HubServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(HubServlet.class);

  private final transient HttpConnectionDispatcher dispatcher;
  private final String negotiatePath;
  private final transient Runnable closeConnections;

  /**
   * @param closeConnections closes the endpoint's connections, each client receiving a
   *     {@code Close}, and waits briefly for them to end; run once the container takes this
   *     servlet out of service
   */
  public HubServlet(HttpConnectionDispatcher dispatcher, String hubPath,
      Runnable closeConnections) {
    this.dispatcher = dispatcher;
    this.negotiatePath = hubPath + "/negotiate";
    this.closeConnections = closeConnections;
  }

  /**
   * Closes the endpoint's connections while the container can still deliver the {@code Close}
   * messages. A web application's {@code contextDestroyed}, where it closes Signet, comes too
   * late for that in Tomcat: the context is unmapped by then (a long poll's next request gets
   * {@code 404}), and Tomcat's own WebSocket listener, registered after the application's, is
   * destroyed before it and closes every WebSocket with {@code 1001}. Servlets are destroyed
   * before any listener.
   */
  @Override
  public void destroy() {
    try {
      closeConnections.run();
    } catch (RuntimeException e) {
      log.error("Closing the connections of {} failed", negotiatePath, e);
    }
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getServletPath();
    if (path == null || path.isEmpty()) {
      path = request.getRequestURI().substring(request.getContextPath().length());
    }
    boolean negotiate = path.equals(negotiatePath) || path.equals(negotiatePath + "/");
    try {
      dispatcher.service(request, response, negotiate);
    } catch (IOException e) {
      log.debug("I/O failure serving {} {}", request.getMethod(), path, e);
      throw e;
    } catch (RuntimeException e) {
      log.error("Unexpected failure serving {} {}", request.getMethod(), path, e);
      if (!response.isCommitted()) {
        response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
      }
    }
  }
}
