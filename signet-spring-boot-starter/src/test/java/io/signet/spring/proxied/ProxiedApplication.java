package io.signet.spring.proxied;

import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.framework.autoproxy.BeanNameAutoProxyCreator;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Two hubs that Spring puts behind proxies: {@link ScopedHub}, declared with a scoped proxy, and
 * {@link TracedHub}, wrapped by an auto-proxy creator as {@code @Transactional} or
 * {@code @Timed} would wrap it. Without Spring Security.
 */
@SpringBootApplication(exclude = {SecurityAutoConfiguration.class,
    SecurityFilterAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
public class ProxiedApplication {

  /** Numbers hub instances, so that a client can tell them apart. */
  @Component
  public static class Instances {
    private final AtomicInteger made = new AtomicInteger();

    /** The number of the next hub instance, from 1. */
    public int next() {
      return made.incrementAndGet();
    }
  }

  /** Counts the calls that go through the proxy's advice. */
  public static class CallCounter implements MethodInterceptor {
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
      calls.incrementAndGet();
      return invocation.proceed();
    }

    /** {@return the calls advised so far} */
    public int calls() {
      return calls.get();
    }
  }

  @Bean
  CallCounter callCounter() {
    return new CallCounter();
  }

  /** Wraps {@code tracedHub} in a class-based AOP proxy, as Spring Boot's aspects do. */
  @Bean
  static BeanNameAutoProxyCreator tracing() {
    BeanNameAutoProxyCreator creator = new BeanNameAutoProxyCreator();
    creator.setBeanNames("tracedHub");
    creator.setInterceptorNames("callCounter");
    creator.setProxyTargetClass(true);
    return creator;
  }
}
