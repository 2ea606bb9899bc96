package io.signet.interop;

import io.signet.hub.HubContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /api/broadcast?message=m}: sends {@code Receive(m)} to every {@link TestHub} client
 * through a {@link HubContext}, as an application's REST handler would. Answers {@code 204} once
 * the message is queued for every client, so a caller may rely on it having been sent.
 */
final class BroadcastServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient HubContext<TestHub> hub;

  BroadcastServlet(HubContext<TestHub> hub) {
    this.hub = hub;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String message = request.getParameter("message");
    if (message == null) {
      response.sendError(HttpServletResponse.SC_BAD_REQUEST, "message is required");
      return;
    }
    try {
      // Blocking a container thread is acceptable in this test servlet; an application would
      // answer asynchronously.
      hub.clients().all().send("Receive", message).toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("Broadcasting failed", e);
    }
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
  }
}
