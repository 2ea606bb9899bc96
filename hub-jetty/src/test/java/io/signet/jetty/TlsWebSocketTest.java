package io.signet.jetty;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.signet.server.Signet;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSockets over TLS on an application's own Jetty, with the Jetty-native transport: its data
 * frames go to Jetty's TLS endpoint directly, so a stream of messages, a ping in the middle of it
 * and the close handshake must all arrive whole through the encryption. The certificate is made
 * by the JDK's {@code keytool} for this run.
 */
class TlsWebSocketTest {
  private static final String PASSWORD = "signet-test";

  @Test
  void messagesPingsAndTheCloseHandshakeCrossTls(@TempDir Path directory) throws Exception {
    Path keyStore = selfSignedKeyStore(directory);
    Signet signet = Signet.builder().hub(EchoHub.class).build();
    Server server = new Server();
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStorePath(keyStore.toString());
    tls.setKeyStorePassword(PASSWORD);
    HttpConfiguration https = new HttpConfiguration();
    https.addCustomizer(new SecureRequestCustomizer(false)); // the certificate names an address
    ServerConnector connector = new ServerConnector(server,
        new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    JakartaWebSocketServletContainerInitializer.configure(context,
        (servletContext, container) -> signet.install(servletContext));
    server.setHandler(context);
    server.start();
    try {
      RawWebSocketClient client = RawWebSocketClient.connect(
          "wss://127.0.0.1:" + connector.getLocalPort() + "/echo", Map.of(),
          HttpClient.newBuilder().sslContext(trusting(keyStore)).build());
      client.sendText("{\"protocol\":\"json\",\"version\":1}" + RawWebSocketClient.RS);
      assertThat(client.next()).isEqualTo("{}");

      // Under 1 MiB in all, the outbound buffer's default, so that a slow reader is no failure;
      // more than a loopback socket takes at once, so that some writes complete later.
      int count = 60;
      int size = 16_000;
      client.sendText("{\"type\":1,\"target\":\"burst\",\"arguments\":[0," + count + "," + size
          + "]}" + RawWebSocketClient.RS);
      String payload = "p".repeat(size);
      for (int i = 0; i < count; i++) {
        assertThat(client.next()).isEqualTo("{\"type\":1,\"target\":\"Part\",\"arguments\":[0,"
            + i + ",\"" + payload + "\"]}");
      }
      client.socket.sendPing(ByteBuffer.wrap("over tls".getBytes(UTF_8))).get(5, TimeUnit.SECONDS);
      assertThat(client.pongs.poll(5, TimeUnit.SECONDS)).isEqualTo("over tls");
      client.sendText("{\"type\":1,\"invocationId\":\"1\",\"target\":\"add\",\"arguments\":[2,3]}"
          + RawWebSocketClient.RS);
      assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":5}");
      client.socket.sendClose(1000, "").get(5, TimeUnit.SECONDS);
      assertThat(client.awaitClose()).isEqualTo(1000);
      AbstractWebSocketTransportTest.await("the connection is forgotten",
          () -> signet.registeredConnectionCount() == 0);
    } finally {
      server.stop();
      signet.close();
    }
  }

  private static Path selfSignedKeyStore(Path directory) throws Exception {
    Path keyStore = directory.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server",
        "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=127.0.0.1",
        "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
        "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool ends").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(Files.exists(keyStore)).isTrue();
    return keyStore;
  }

  private static SSLContext trusting(Path keyStorePath) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStorePath)) {
      trusted.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
