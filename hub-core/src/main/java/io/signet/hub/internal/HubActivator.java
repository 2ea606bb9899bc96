package io.signet.hub.internal;

import io.signet.hub.Hub;
import io.signet.hub.HubAttacher;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Creates a fresh hub instance for each call and attaches it to the calling connection. An
 * instance the factory returned before (a singleton, or one still serving another call) is
 * refused: attaching it would hand one call's connection to another's code.
 */
final class HubActivator {
  private final Class<? extends Hub> hubClass;
  private final Supplier<? extends Hub> factory;

  private HubActivator(Class<? extends Hub> hubClass, Supplier<? extends Hub> factory) {
    this.hubClass = hubClass;
    this.factory = factory;
  }

  /**
   * An activator using {@code factory}, or the public no-argument constructor when it is
   * {@code null}.
   *
   * @throws IllegalArgumentException when there is no factory and no usable constructor
   */
  static HubActivator of(Class<? extends Hub> hubClass, Supplier<? extends Hub> factory) {
    if (factory != null) {
      return new HubActivator(hubClass, factory);
    }
    Constructor<? extends Hub> constructor;
    try {
      constructor = hubClass.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("Hub " + hubClass.getName()
          + " needs a public no-argument constructor, or register it with a factory", e);
    }
    if (!Modifier.isPublic(constructor.getModifiers())) {
      throw new IllegalArgumentException(
          "Hub " + hubClass.getName() + " needs a public no-argument constructor");
    }
    return new HubActivator(hubClass, () -> newInstance(constructor));
  }

  /**
   * A new instance attached to {@code connection}.
   *
   * @throws IllegalStateException when the factory returned an instance it returned before; the
   *     caller fails the call and logs it (once per cause and minute)
   */
  Hub create(HubConnectionContext connection, HubEndpointRuntime endpoint) {
    Hub hub = Objects.requireNonNull(factory.get(), "the hub factory returned null");
    if (!HubAttacher.attach(
        hub, connection, connection.clients(), endpoint.groups(), endpoint.presence())) {
      throw new IllegalStateException(sharedInstance(hubClass));
    }
    return hub;
  }

  static String sharedInstance(Class<? extends Hub> hubClass) {
    return "The factory for " + hubClass.getSimpleName() + " returned an instance already in "
        + "use (or used before); hubs are created per call: return a new instance each time "
        + "(in Spring: prototype scope)";
  }

  private static Hub newInstance(Constructor<? extends Hub> constructor) {
    try {
      return constructor.newInstance();
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("Creating " + constructor.getDeclaringClass() + " failed", cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Creating " + constructor.getDeclaringClass() + " failed", e);
    }
  }
}
