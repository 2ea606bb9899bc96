package io.signet.interop;

import io.signet.hub.HubContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /api/ask?connectionId=c&question=q}: asks client {@code c} of
 * {@link ClientResultsHub} for {@code GetMessage(q)} through a {@link HubContext}, as an
 * application's REST handler would, and answers {@code 200} with the client's result as the body.
 * A client result that fails is answered {@code 502} with the failure's message.
 */
final class ClientResultServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient HubContext<ClientResultsHub> hub;

  ClientResultServlet(HubContext<ClientResultsHub> hub) {
    this.hub = hub;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String connectionId = request.getParameter("connectionId");
    String question = request.getParameter("question");
    if (connectionId == null || question == null) {
      response.sendError(HttpServletResponse.SC_BAD_REQUEST, "connectionId and question required");
      return;
    }
    String answer;
    try {
      // Blocking a container thread is acceptable in this test servlet; an application would
      // answer asynchronously.
      answer = hub.clients().client(connectionId).invoke("GetMessage", String.class, question)
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (ExecutionException e) {
      reply(response, HttpServletResponse.SC_BAD_GATEWAY, e.getCause().getMessage());
      return;
    } catch (TimeoutException e) {
      throw new IOException("The client did not answer", e);
    }
    reply(response, HttpServletResponse.SC_OK, answer);
  }

  private static void reply(HttpServletResponse response, int status, String body)
      throws IOException {
    response.setStatus(status);
    response.setContentType("text/plain");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(body);
  }
}
