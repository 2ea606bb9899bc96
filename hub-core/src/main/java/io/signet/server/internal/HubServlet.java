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
 * path. It hands every request to the connection layer's dispatcher.
 */
public final class HubServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(HubServlet.class);

  private final transient HttpConnectionDispatcher dispatcher;
  private final String negotiatePath;

  public HubServlet(HttpConnectionDispatcher dispatcher, String hubPath) {
    this.dispatcher = dispatcher;
    this.negotiatePath = hubPath + "/negotiate";
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
