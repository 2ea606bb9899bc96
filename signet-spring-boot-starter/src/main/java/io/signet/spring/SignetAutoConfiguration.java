package io.signet.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.signet.micrometer.SignetMetrics;
import io.signet.opentelemetry.SignetTracing;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.HubFilter;
import io.signet.hub.UserIdProvider;
import io.signet.protocol.JsonHubProtocol;
import io.signet.server.Authenticator;
import io.signet.server.Signet;
import io.signet.spring.HubBeanRegistrar.HubBean;
import jakarta.servlet.ServletContext;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves the application's hubs: every bean whose class is annotated {@link HubEndpoint} is
 * registered with a {@link Signet} bean at the annotation's path, created by Spring anew for each
 * call (so constructor and field injection work, and no instance serves two calls). Signet is
 * installed into the embedded container's {@link ServletContext}, configured from the
 * {@code signet.*} {@linkplain SignetProperties properties}, and closed before the web server's
 * graceful shutdown.
 *
 * <p>Beans of the application it uses when present: an {@link Authenticator} (else, with Spring
 * Security on the class path, a {@link SpringSecurityAuthenticator}; else the container's user),
 * a {@link UserIdProvider}, {@link HubFilter}s (outermost first, in their {@code @Order}), the
 * Jackson {@link ObjectMapper} for payloads, and {@link SignetBuilderCustomizer}s. Each hub class
 * also gets a {@code HubContext<ThatHub>} bean.
 *
 * <p>Active in servlet web applications with at least one hub bean, unless the application
 * declares its own {@link Signet} bean.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Signet.class, ServletContext.class})
@EnableConfigurationProperties(SignetProperties.class)
public class SignetAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(SignetAutoConfiguration.class);

  /** Static: a post-processor must exist before the configuration class is instantiated. */
  @Bean
  static HubBeanRegistrar signetHubBeanRegistrar() {
    return new HubBeanRegistrar();
  }

  /** The server of every hub bean. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(annotation = HubEndpoint.class)
  Signet signet(HubBeanRegistrar registrar, ConfigurableListableBeanFactory beanFactory,
      SignetProperties properties, ObjectProvider<Authenticator> authenticator,
      ObjectProvider<UserIdProvider> userIdProvider, ObjectProvider<HubFilter> filters,
      ObjectProvider<ObjectMapper> objectMapper,
      ObjectProvider<SignetBuilderCustomizer> customizers) {
    Signet.Builder builder = Signet.builder();
    Map<String, HubBean> byKey = new HashMap<>();
    for (HubBean hub : registrar.hubs()) {
      register(builder, hub.path(), hub.hubClass(), beanFactory, hub.beanName());
      for (String key : keys(hub)) {
        byKey.put(key, hub);
      }
    }
    builder.options(o -> {
      properties.applyTo(o);
      userIdProvider.ifAvailable(o::userIdProvider);
      filters.orderedStream().forEach(o::addFilter);
    });
    properties.getHubs().forEach((key, overrides) -> {
      HubBean hub = byKey.get(key.toLowerCase(Locale.ROOT));
      if (hub == null) {
        throw new IllegalStateException("signet.hubs." + key + ": no hub with that path, bean "
            + "name or class name; hubs: " + registrar.hubs());
      }
      builder.configure(hub.path(), overrides::applyTo);
    });
    applyServerProperties(builder, properties);
    authenticator.ifAvailable(builder::authenticator);
    if (properties.isUseApplicationObjectMapper()) {
      objectMapper.ifAvailable(mapper -> useObjectMapper(builder, mapper));
    }
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /** Each call gets a new instance of the (prototype) bean, made by Spring: injection works. */
  private static <H extends Hub> void register(Signet.Builder builder, String path,
      Class<H> hubClass, BeanFactory beanFactory, String beanName) {
    builder.hub(path, hubClass, HubBeanRegistrar.instances(beanFactory, beanName, hubClass));
  }

  /** The keys {@code signet.hubs.<key>} may name a hub by, in lower case. */
  private static List<String> keys(HubBean hub) {
    String path = hub.path();
    return Stream.of(path, path.substring(1), hub.name(),
            hub.hubClass().getSimpleName())
        .map(key -> key.toLowerCase(Locale.ROOT))
        .toList();
  }

  private static void applyServerProperties(Signet.Builder builder, SignetProperties properties) {
    if (properties.getMaximumConnections() != null) {
      builder.maximumConnections(properties.getMaximumConnections());
    }
    if (properties.getMaximumConnectionsPerUser() != null) {
      builder.maximumConnectionsPerUser(properties.getMaximumConnectionsPerUser());
    }
    if (properties.getThreads() != null) {
      builder.threads(properties.getThreads());
    }
  }

  /**
   * Binds payloads with a copy of the application's mapper (a copy, so that later changes to the
   * bean cannot reach a protocol in use). Only a JSON mapper can: one for another format (a
   * Smile or CBOR mapper declared as the application's) is passed over.
   */
  private static void useObjectMapper(Signet.Builder builder, ObjectMapper mapper) {
    if (!JsonFactory.FORMAT_NAME_JSON.equals(mapper.getFactory().getFormatName())) {
      log.warn("The ObjectMapper bean writes {}, not JSON: hub payloads use Signet's own mapper",
          mapper.getFactory().getFormatName());
      return;
    }
    builder.protocol(new JsonHubProtocol(mapper.copy()));
  }

  /**
   * Installs Signet into the embedded container's servlet context (in a war, the container's).
   * On Spring Boot's embedded Tomcat this runs before Tomcat's WebSocket initializer
   * ({@code WsSci}, which Boot adds after its own): the {@code ServerContainer} attribute is not
   * there yet. That is fine, because Signet's WebSocket transport looks it up per request, once
   * the context has started, not at installation.
   */
  @Bean
  @ConditionalOnBean(Signet.class)
  ServletContextInitializer signetServletContextInitializer(Signet signet) {
    return signet::install;
  }

  /** Closes Signet before the web server's graceful shutdown. */
  @Bean
  @ConditionalOnBean(Signet.class)
  SignetLifecycle signetLifecycle(Signet signet) {
    return new SignetLifecycle(signet);
  }

  /**
   * Hub metrics into the application's {@code MeterRegistry} (Spring Boot Actuator's), where
   * {@code hub-micrometer} is on the class path; {@code signet.metrics.enabled=false} turns them
   * off.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"io.signet.micrometer.SignetMetrics",
      "io.micrometer.core.instrument.MeterRegistry"})
  @ConditionalOnProperty(prefix = "signet.metrics", name = "enabled", matchIfMissing = true)
  static class MetricsConfiguration {
    @Bean
    SignetBuilderCustomizer signetMetrics(ObjectProvider<MeterRegistry> registry) {
      return builder -> registry.ifAvailable(each -> builder.observer(new SignetMetrics(each)));
    }
  }

  /**
   * A span per hub call with the application's {@code OpenTelemetry} bean, where
   * {@code hub-opentelemetry} is on the class path; {@code signet.tracing.enabled=false} turns
   * them off.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"io.signet.opentelemetry.SignetTracing",
      "io.opentelemetry.api.OpenTelemetry"})
  @ConditionalOnProperty(prefix = "signet.tracing", name = "enabled", matchIfMissing = true)
  static class TracingConfiguration {
    @Bean
    SignetBuilderCustomizer signetTracing(ObjectProvider<OpenTelemetry> openTelemetry) {
      return builder -> openTelemetry.ifAvailable(
          each -> builder.observer(new SignetTracing(each)));
    }
  }

  /** The user of a hub request, from Spring Security, unless the application has its own. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.security.core.context.SecurityContextHolder")
  static class SpringSecurityConfiguration {
    @Bean
    @ConditionalOnMissingBean(Authenticator.class)
    SpringSecurityAuthenticator signetSpringSecurityAuthenticator() {
      return new SpringSecurityAuthenticator();
    }
  }
}
