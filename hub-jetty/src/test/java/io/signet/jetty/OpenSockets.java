package io.signet.jetty;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The server's side of the sockets, as Jetty's connector lists them: a probe servlet finds the
 * connector on its first request. A socket leaves the list once the server has closed it.
 */
final class OpenSockets extends HttpServlet {
  static final String PATH = "/sockets";
  private static final long serialVersionUID = 1L;
  private transient volatile Connector connector;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) {
    connector = ServletContextRequest.getServletContextRequest(request)
        .getConnectionMetaData().getConnector();
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
  }

  /** Finds the connector of {@code server}, which must serve this probe at {@link #PATH}. */
  void probe(SignetServer server) throws Exception {
    HttpResponse<Void> answer = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + PATH)).build(),
        HttpResponse.BodyHandlers.discarding());
    if (answer.statusCode() != HttpServletResponse.SC_NO_CONTENT || connector == null) {
      throw new AssertionError("the probe servlet did not answer: " + answer.statusCode());
    }
  }

  /**
   * Gives the sockets the server accepts from now on a kernel send buffer of {@code bytes},
   * smaller than {@link SignetServer#DEFAULT_SEND_BUFFER_SIZE}, so that a trickle of messages
   * fills it within a second or two: no write can stall, and so none can time out, before it is
   * full. (Left to itself, Linux grows the buffer of a socket whose peer stopped reading to
   * megabytes, about 1.7 MB on loopback, which such a trickle takes the better part of a minute
   * to fill; see {@link SendBufferSizeTest}.)
   */
  void capSendBuffers(int bytes) {
    ((ServerConnector) connector).setAcceptedSendBufferSize(bytes);
  }

  /** Whether the server still holds a socket to the client port {@code clientPort}. */
  boolean holds(int clientPort) {
    return connector.getConnectedEndPoints().stream()
        .anyMatch(endPoint -> endPoint.getRemoteSocketAddress() instanceof InetSocketAddress remote
            && remote.getPort() == clientPort);
  }
}
