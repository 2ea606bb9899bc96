package io.signet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signet.connection.TransportType;
import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.HubOptions;
import io.signet.server.Authenticator;
import io.signet.server.Signet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** When the auto-configuration applies, what it takes from the application, and its properties. */
class SignetAutoConfigurationTest {
  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SignetAutoConfiguration.class));

  /** A hub for these tests. */
  @HubEndpoint("/echo")
  public static class EchoHub extends Hub {
    /** Answers with its argument. */
    public String echo(String text) {
      return text;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class WithHub {
    @Bean
    EchoHub echoHub() {
      return new EchoHub();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class WithAuthenticator {
    @Bean
    Authenticator authenticator() {
      return (token, request) -> null;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class WithOwnSignet {
    @Bean
    Signet signet() {
      return Signet.builder().hub("/own", EchoHub.class).build();
    }
  }

  @Test
  void installsAndClosesTheApplicationsOwnSignet() {
    web.withUserConfiguration(WithHub.class, WithOwnSignet.class).run(context -> {
      assertThat(context).hasSingleBean(Signet.class).hasSingleBean(SignetLifecycle.class);
      assertThat(context.getBean(Signet.class).paths()).containsExactly("/own");
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class WithMeterRegistry {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  @Test
  void measuresHubsIntoTheApplicationsMeterRegistry() {
    web.withUserConfiguration(WithHub.class, WithMeterRegistry.class).run(context -> {
      assertThat(context).hasSingleBean(Signet.class);
      assertThat(context.getBean(MeterRegistry.class).find("signalr.server.active_connections")
          .tag("signalr.hub", "EchoHub").gauges()).hasSize(3); // one per transport
    });
  }

  @Test
  void metricsCanBeTurnedOff() {
    web.withUserConfiguration(WithHub.class, WithMeterRegistry.class)
        .withPropertyValues("signet.metrics.enabled=false").run(context -> {
          assertThat(context).hasSingleBean(Signet.class);
          assertThat(context.getBean(MeterRegistry.class)
              .find("signalr.server.active_connections").gauges()).isEmpty();
        });
  }

  @Test
  void servesNothingWithoutHubBeans() {
    web.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Signet.class)
        .doesNotHaveBean(SignetLifecycle.class));
  }

  @Test
  void servesNothingOutsideServletWebApplications() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SignetAutoConfiguration.class))
        .withUserConfiguration(WithHub.class)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Signet.class));
  }

  @Test
  void servesHubBeansAndClosesSignetWithTheContext() {
    web.withUserConfiguration(WithHub.class).run(context -> {
      assertThat(context).hasSingleBean(Signet.class).hasSingleBean(SignetLifecycle.class);
      assertThat(context.getBean(Signet.class).paths()).containsExactly("/echo");
      assertThat(context.getBean(SignetLifecycle.class).getPhase())
          .as("stops before the web server's graceful shutdown (DEFAULT_PHASE - 1024)")
          .isGreaterThan(Integer.MAX_VALUE - 1024);
    });
  }

  @Test
  void takesTheUserFromSpringSecurityUnlessTheApplicationHasAnAuthenticator() {
    web.withUserConfiguration(WithHub.class).run(context ->
        assertThat(context.getBean(Authenticator.class))
            .isInstanceOf(SpringSecurityAuthenticator.class));
    web.withUserConfiguration(WithHub.class, WithAuthenticator.class).run(context ->
        assertThat(context).getBean(Authenticator.class)
            .isNotInstanceOf(SpringSecurityAuthenticator.class));
  }

  @Test
  void failsOnOptionsForAHubThatIsNotThere() {
    web.withUserConfiguration(WithHub.class)
        .withPropertyValues("signet.hubs.ehco.keep-alive-interval=5s")
        .run(context -> assertThat(context).getFailure()
            .rootCause().hasMessageContaining("signet.hubs.ehco: no hub with that path"));
  }

  @Test
  void acceptsEachNameOfAHubForItsOptions() {
    for (String key : new String[] {"[/echo]", "echo", "echoHub", "EchoHub"}) {
      web.withUserConfiguration(WithHub.class)
          .withPropertyValues("signet.hubs." + key + ".keep-alive-interval=5s")
          .run(context -> assertThat(context).as(key).hasNotFailed().hasSingleBean(Signet.class));
    }
  }

  @Test
  void bindsEveryHubOptionFromProperties() {
    Map<String, String> values = Map.ofEntries(
        Map.entry("signet.keep-alive-interval", "5s"),
        Map.entry("signet.client-timeout-interval", "20s"),
        Map.entry("signet.handshake-timeout", "3s"),
        Map.entry("signet.maximum-receive-message-size", "64KB"),
        Map.entry("signet.maximum-nesting-depth", "16"),
        Map.entry("signet.maximum-argument-count", "8"),
        Map.entry("signet.enable-detailed-errors", "true"),
        Map.entry("signet.maximum-outbound-buffer-size", "2MB"),
        Map.entry("signet.maximum-inbound-buffer-size", "3MB"),
        Map.entry("signet.transport-send-timeout", "4s"),
        Map.entry("signet.disconnect-timeout", "6s"),
        Map.entry("signet.long-poll-timeout", "60s"),
        Map.entry("signet.long-poll-pacing", "0ms"),
        Map.entry("signet.transports", "web-sockets,long-polling"),
        Map.entry("signet.allowed-origins", "https://app.example.com"),
        Map.entry("signet.allow-stateful-reconnects", "true"),
        Map.entry("signet.stateful-reconnect-buffer-size", "200000"),
        Map.entry("signet.maximum-post-body-size", "1MB"),
        Map.entry("signet.maximum-parallel-invocations-per-client", "2"),
        Map.entry("signet.stream-buffer-capacity", "20"),
        Map.entry("signet.client-result-timeout", "7s"),
        Map.entry("signet.maximum-pending-client-results", "9"),
        Map.entry("signet.maximum-open-streams", "11"),
        Map.entry("signet.hubs.[/echo].keep-alive-interval", "1s"));
    SignetProperties properties = new Binder(new MapConfigurationPropertySource(values))
        .bind("signet", SignetProperties.class).get();
    HubOptions.Builder builder = HubOptions.builder();
    properties.applyTo(builder);
    HubOptions options = builder.build();

    assertThat(options.toString()).isEqualTo(HubOptions.builder()
        .keepAliveInterval(Duration.ofSeconds(5))
        .clientTimeoutInterval(Duration.ofSeconds(20))
        .handshakeTimeout(Duration.ofSeconds(3))
        .maximumReceiveMessageSize(64 * 1024)
        .maximumNestingDepth(16)
        .maximumArgumentCount(8)
        .enableDetailedErrors(true)
        .maximumOutboundBufferSize(2 * 1024 * 1024)
        .maximumInboundBufferSize(3 * 1024 * 1024)
        .transportSendTimeout(Duration.ofSeconds(4))
        .disconnectTimeout(Duration.ofSeconds(6))
        .longPollTimeout(Duration.ofSeconds(60))
        .longPollPacing(Duration.ZERO)
        .transports(TransportType.WebSockets,
            TransportType.LongPolling)
        .allowedOrigins("https://app.example.com")
        .allowStatefulReconnects(true)
        .statefulReconnectBufferSize(200_000)
        .maximumPostBodySize(1024 * 1024)
        .maximumParallelInvocationsPerClient(2)
        .streamBufferCapacity(20)
        .clientResultTimeout(Duration.ofSeconds(7))
        .maximumPendingClientResults(9)
        .maximumOpenStreams(11)
        .userIdProvider(options.userIdProvider())
        .build().toString());
    assertThat(properties.getHubs().get("/echo").getKeepAliveInterval())
        .isEqualTo(Duration.ofSeconds(1));
  }
}
