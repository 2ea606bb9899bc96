package io.signet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.server.Signet;
import io.signet.spring.proxied.ProxiedApplication;
import io.signet.spring.proxied.ScopedHub;
import io.signet.spring.proxied.TracedHub;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Hub beans behind Spring proxies ({@link ProxiedApplication}): each is registered once, and each
 * call is served by a new hub instance, not by the proxy, whose {@code context()} would be
 * another object's. Over WebSockets only: the proxies are the same whatever the transport.
 */
@SpringBootTest(classes = ProxiedApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProxiedHubsTest {
  @LocalServerPort
  int port;

  @Autowired
  ConfigurableApplicationContext context;

  @Autowired
  Signet signet;

  @Test
  void eachProxiedHubIsRegisteredOnce() {
    assertThat(AopUtils.isAopProxy(context.getBean("scopedHub"))).isTrue();
    assertThat(AopUtils.isAopProxy(context.getBean("tracedHub"))).isTrue();
    assertThat(signet.paths()).containsExactlyInAnyOrder("/scoped", "/traced");
    // The scoped hub's HubContext goes by the name the application gave the hub, not its target's.
    assertThat(context.getBean("signet.hubContext.scopedHub"))
        .isSameAs(signet.hubContext(ScopedHub.class));
    assertThat(context.getBean("signet.hubContext.tracedHub"))
        .isSameAs(signet.hubContext(TracedHub.class));
  }

  @Test
  void everyCallIsServedByANewInstanceWithItsOwnConnection() throws Exception {
    int advised = context.getBean(ProxiedApplication.CallCounter.class).calls();
    NodeScript.run("proxied", "http://127.0.0.1:" + port, "WebSockets");
    // Hub methods run on the target, so the AOP proxy's advice does not apply to them.
    assertThat(context.getBean(ProxiedApplication.CallCounter.class).calls())
        .isEqualTo(advised);
  }
}
