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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
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
 * registers a {@code HubContext<ThatHub>} bean per hub class. Of a scoped proxy, only its target
 * bean is a hub.
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

    /** The name the application gave it: a scoped proxy's target goes by its proxy's name. */
    String name() {
      return ScopedProxyUtils.isScopedTarget(beanName)
          ? ScopedProxyUtils.getOriginalBeanName(beanName) : beanName;
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
      Class<? extends Hub> hubClass = definition.isAbstract() || isScopedProxy(registry, name)
          ? null : hubClass(beanFactory, name);
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
      HubBean hub = new HubBean(name, hubClass);
      hubs.add(hub);
      if (withContext.add(hubClass)) {
        registry.registerBeanDefinition(
            "signet.hubContext." + hub.name(), hubContextDefinition(beanFactory, hubClass));
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

  /**
   * Makes each call's hub from bean {@code beanName}, a prototype. Where Spring wraps the bean in
   * an AOP proxy, the hub is the proxy's target: Signet attaches the call's connection to the
   * instance it is given, through a final method a class proxy cannot pass on, so the target's
   * methods would see no connection through the proxy. The proxy's advice is lost, which is
   * logged once.
   */
  static <H extends Hub> Supplier<H> instances(BeanFactory beanFactory, String beanName,
      Class<H> hubClass) {
    AtomicBoolean warned = new AtomicBoolean();
    return () -> {
      // Untyped: a JDK proxy (of an interface the hub implements) is no hub, but its target is.
      Object bean = beanFactory.getBean(beanName);
      while (AopUtils.isAopProxy(bean)) {
        Object target = AopProxyUtils.getSingletonTarget(bean);
        if (target == null) { // a pooled, prototype or hot-swappable target source
          throw new IllegalStateException("Hub bean " + beanName + " (" + hubClass.getName()
              + ") is an AOP proxy without a single target; a hub must be a plain instance "
              + "per call: move the proxy's advice to a service the hub calls");
        }
        if (warned.compareAndSet(false, true)) {
          log.warn("Hub bean {} ({}) is wrapped in an AOP proxy; its calls go to the proxy's "
              + "target, without the proxy's advice (@Transactional, @Async, aspects): move that "
              + "advice to a service the hub calls", beanName, hubClass.getName());
        }
        bean = target;
      }
      return hubClass.cast(bean);
    };
  }

  /**
   * Whether bean {@code name} is a scoped proxy ({@code @Scope(proxyMode = ...)},
   * {@code @RequestScope}): its target, defined beside it, is the hub; registering the proxy as
   * well would serve one hub twice. (Spring 6.2 predicts such a proxy's type as {@code Object},
   * so only the target looks like a hub today; this keeps it so if the prediction improves.)
   */
  private static boolean isScopedProxy(BeanDefinitionRegistry registry, String name) {
    return !ScopedProxyUtils.isScopedTarget(name)
        && registry.containsBeanDefinition(ScopedProxyUtils.getTargetBeanName(name));
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
