package io.signet.interop.scaleout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signet.hub.HubContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /api/sample-to-group?group=g&label=l} with a JSON body: sends
 * {@code Sample(l, body)} to group {@code g} of {@link ClusterHub} through the node's
 * {@link HubContext}, as an application's REST handler would, with the body read into plain
 * values (maps, lists, strings, numbers, booleans, null). Answers {@code 204} once the send is
 * delivered on this node and published to the others, so that a caller may fence after it.
 */
final class SampleServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final transient HubContext<ClusterHub> hub;

  SampleServlet(HubContext<ClusterHub> hub) {
    this.hub = hub;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String group = request.getParameter("group");
    String label = request.getParameter("label");
    if (group == null || label == null) {
      response.sendError(HttpServletResponse.SC_BAD_REQUEST, "group and label are required");
      return;
    }
    Object sample = JSON.readValue(request.getInputStream(), Object.class);
    try {
      // Blocking a container thread is acceptable in this test servlet; an application would
      // answer asynchronously.
      hub.clients().group(group).send("Sample", label, sample)
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("Sending the sample failed", e);
    }
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
  }
}
