package io.signet.connection.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionHandler;
import io.signet.connection.ConnectionListener;
import io.signet.connection.ConnectionOptions;
import io.signet.connection.OutboundPayload;
import io.signet.connection.RequestAuthenticator;
import io.signet.connection.ServerTransport;
import io.signet.connection.TransportSink;
import io.signet.connection.TransportType;
import io.signet.protocol.TransferFormat;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A long poll that arrives while its connection is ending is told the connection ended (204), as
 * one arriving after the end is, never that there is no such connection (404): the official
 * clients take a 404 for an error and report a clean stop as a failure.
 *
 * <p>A connection is ending from the moment its state turns closed until it leaves the registry;
 * closing its transport happens in between. The transport here holds that moment open.
 */
class PollAfterEndTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void aPollWhileTheConnectionEndsIsAnswered204() throws Exception {
    ConnectionRegistry registry = new ConnectionRegistry(ConnectionOptions.DEFAULTS, timer);
    HttpConnectionDispatcher dispatcher = new HttpConnectionDispatcher(registry,
        List.of(new LongPolling()), connection -> new Ignoring(), RequestAuthenticator.CONTAINER,
        false);
    Connection connection = registry.create(1);
    assertThat(connection.claim(TransportType.LongPolling, null))
        .isEqualTo(Connection.ClaimResult.CLAIMED);
    HeldClose sink = new HeldClose();
    connection.attach(sink, c -> new Ignoring());

    Thread ending = new Thread(() -> connection.transportClosed(null), "ending");
    ending.start();
    assertThat(sink.closing.await(10, TimeUnit.SECONDS)).isTrue();
    try {
      assertThat(registry.find(connection.token())).as("still registered").isSameAs(connection);
      assertThat(poll(dispatcher, connection.token())).isEqualTo(204);
    } finally {
      sink.release.countDown();
      ending.join(10_000);
    }
    // And after the end, as before.
    assertThat(registry.find(connection.token())).isNull();
    assertThat(poll(dispatcher, connection.token())).isEqualTo(204);
  }

  @Test
  void aPollForAConnectionNeverSeenIsAnswered404() throws Exception {
    ConnectionRegistry registry = new ConnectionRegistry(ConnectionOptions.DEFAULTS, timer);
    HttpConnectionDispatcher dispatcher = new HttpConnectionDispatcher(registry,
        List.of(new LongPolling()), connection -> new Ignoring(), RequestAuthenticator.CONTAINER,
        false);
    assertThat(poll(dispatcher, "no-such-token")).isEqualTo(404);
  }

  /** Sends a long poll ({@code GET ?id=token}) and returns the status it was answered with. */
  private static int poll(HttpConnectionDispatcher dispatcher, String token) throws Exception {
    Map<String, Object> answers = Map.of("getMethod", "GET", "getQueryString", "id=" + token);
    HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
        PollAfterEndTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
        (proxy, method, args) -> answers.get(method.getName()));
    int[] status = {0};
    ServletOutputStream body = new ServletOutputStream() {
      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setWriteListener(WriteListener listener) {}

      @Override
      public void write(int b) {}
    };
    HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
        PollAfterEndTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "setStatus" -> status[0] = (int) args[0];
            case "getOutputStream" -> {
              return body;
            }
            default -> { }
          }
          return null;
        });
    dispatcher.service(request, response, false);
    return status[0];
  }

  /** A long-polling transport whose requests this test never lets reach it. */
  private static final class LongPolling implements ServerTransport {
    @Override
    public TransportType type() {
      return TransportType.LongPolling;
    }

    @Override
    public Set<TransferFormat> transferFormats() {
      return Set.of(TransferFormat.Text);
    }

    @Override
    public boolean isAvailable(ServletContext context) {
      return true;
    }

    @Override
    public boolean servesRepeatedRequests() {
      return true;
    }

    @Override
    public void serve(HttpServletRequest request, HttpServletResponse response,
        Connection connection, ConnectionHandler handler) {
      throw new AssertionError("a poll of an ending connection reached the transport");
    }
  }

  /** A transport sink whose close waits until the test lets it go. */
  private static final class HeldClose implements TransportSink {
    final CountDownLatch closing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public CompletionStage<Void> write(List<OutboundPayload> batch) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(Throwable error) {
      closing.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final class Ignoring implements ConnectionListener {
    @Override
    public void onReceive(ByteBuffer data) {}

    @Override
    public void onClosed(Throwable error) {}
  }
}
