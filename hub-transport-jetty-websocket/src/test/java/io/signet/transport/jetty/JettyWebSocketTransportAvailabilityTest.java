package io.signet.transport.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * Outside Jetty the transport must step aside for the portable one. (On Jetty it is exercised by
 * hub-jetty's and the interop tests.)
 */
class JettyWebSocketTransportAvailabilityTest {

  @Test
  void isUnavailableInAnotherContainersContext() {
    // Stands for Tomcat's or Undertow's context: any ServletContext that is not Jetty's.
    ServletContext foreign = (ServletContext) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {ServletContext.class},
        (proxy, method, args) -> {
          throw new UnsupportedOperationException(method.getName());
        });

    assertThat(new JettyWebSocketTransport().isAvailable(foreign)).isFalse();
  }

  @Test
  void ranksAboveThePortableTransport() {
    assertThat(new JettyWebSocketTransport().priority()).isGreaterThan(0);
  }
}
