package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.server.Signet;
import io.signet.transport.jetty.JettyWebSocketTransport;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Jetty's native WebSocket transport, which transports found by ServiceLoader pick on Jetty. */
class JettyWebSocketTransportTest extends AbstractWebSocketTransportTest {
  @Override
  Signet.Builder transports(Signet.Builder builder) {
    return builder; // ServiceLoader: both WebSocket transports are on the class path
  }

  @Override
  SignetServer.Builder serverExtras(SignetServer.Builder builder) {
    return builder.servlet("/probe", new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response)
          throws IOException {
        boolean available = new JettyWebSocketTransport().isAvailable(getServletContext());
        response.getWriter().print(available);
      }
    });
  }

  @Test
  void isAvailableInSignetServersContext() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/probe")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).isEqualTo("true");
  }
}
