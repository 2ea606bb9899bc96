package io.signet.spring;

import io.signet.hub.Hub;
import io.signet.hub.HubContext;
import io.signet.hub.HubEndpoint;
import io.signet.server.Signet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Finds the beans whose class is annotated {@link HubEndpoint}, makes each a prototype (a hub
 * instance serves one call, as in ASP.NET Core, whatever scope the application declared), and
 * registers a {@code HubContext<ThatHub>} bean per hub class.
 *
 * <p>Runs once, while the context's bean definitions are post-processed, before any hub exists;
 * {@link #hubs()} is read afterwards, when the {@link Signet} bean is built.
 */
final class HubBeanRegistrar implements BeanDefinitionRegistryPostProcessor {
  private static final Logger log = LoggerFactory.getLogger(HubBeanRegistrar.class);

  /** A hub bean: its name and its class, as the {@link HubEndpoint} annotation sits on it. */
  record HubBean(String beanName, Class<? extends Hub> hubClass) {
    HubBean {
      Objects.requireNonNull(beanName, "beanName == null");
      Objects.requireNonNull(hubClass, "hubClass == null");
    }

    /** The path of its {@link HubEndpoint}. */
    String path() {
      return hubClass.getAnnotation(HubEndpoint.class).value();
    }

    @Override
    public String toString() {
      return path() + " (bean " + beanName + ", " + hubClass.getSimpleName() + ")";
    }
  }

  private final List<HubBean> hubs = new ArrayList<>(); // written once, before the Signet bean

  @Override
  public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
    if (!(registry instanceof ConfigurableListableBeanFactory beanFactory)) {
      throw new IllegalStateException("Signet needs a ConfigurableListableBeanFactory, not "
          + registry.getClass().getName());
    }
    Set<Class<?>> withContext = new HashSet<>();
    for (String name : registry.getBeanDefinitionNames()) {
      BeanDefinition definition = registry.getBeanDefinition(name);
      Class<? extends Hub> hubClass = definition.isAbstract() ? null : hubClass(beanFactory, name);
      if (hubClass == null) {
        continue;
      }
      if (!BeanDefinition.SCOPE_PROTOTYPE.equals(definition.getScope())) {
        // A singleton (or request-, session-scoped) hub would serve calls of many connections
        // at once, each seeing another's context(): only a fresh instance per call is correct.
        log.debug("Hub bean {} ({}) is served as a prototype: one instance per call",
            name, hubClass.getName());
        definition.setScope(BeanDefinition.SCOPE_PROTOTYPE);
      }
      hubs.add(new HubBean(name, hubClass));
      if (withContext.add(hubClass)) {
        registry.registerBeanDefinition(
            "signet.hubContext." + name, hubContextDefinition(beanFactory, hubClass));
      }
    }
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    // Everything happens on the registry, above.
  }

  /** The hub beans found, in the order of their definitions. */
  List<HubBean> hubs() {
    return List.copyOf(hubs);
  }

  /** The hub class of a bean, or {@code null} if it is no hub. */
  private static Class<? extends Hub> hubClass(ConfigurableListableBeanFactory beanFactory,
      String name) {
    // Not allowed to initialise FactoryBeans: this runs before any application bean exists.
    Class<?> type = beanFactory.getType(name, false);
    if (type == null) {
      return null;
    }
    Class<?> userClass = ClassUtils.getUserClass(type);
    if (!userClass.isAnnotationPresent(HubEndpoint.class)) { // as Signet reads it: not inherited
      return null;
    }
    if (!Hub.class.isAssignableFrom(userClass)) {
      throw new IllegalStateException("Bean " + name + " (" + userClass.getName()
          + ") is annotated @HubEndpoint but does not extend " + Hub.class.getName());
    }
    return userClass.asSubclass(Hub.class);
  }

  private static RootBeanDefinition hubContextDefinition(
      ConfigurableListableBeanFactory beanFactory, Class<? extends Hub> hubClass) {
    RootBeanDefinition definition = new RootBeanDefinition(HubContext.class);
    // The generic type lets Spring inject it where HubContext<ThatHub> is asked for.
    definition.setTargetType(ResolvableType.forClassWithGenerics(HubContext.class, hubClass));
    definition.setInstanceSupplier(() -> beanFactory.getBean(Signet.class).hubContext(hubClass));
    return definition;
  }
}
