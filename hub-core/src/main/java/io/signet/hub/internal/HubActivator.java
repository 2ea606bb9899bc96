package io.signet.hub.internal;

import io.signet.hub.Hub;
import io.signet.hub.HubAttacher;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Objects;
import java.util.function.Supplier;

/** Creates a fresh hub instance for each call and attaches it to the calling connection. */
final class HubActivator {
  private final Supplier<? extends Hub> factory;

  private HubActivator(Supplier<? extends Hub> factory) {
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
      return new HubActivator(factory);
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
    return new HubActivator(() -> newInstance(constructor));
  }

  Hub create(HubConnectionContext connection, HubEndpointRuntime endpoint) {
    Hub hub = Objects.requireNonNull(factory.get(), "the hub factory returned null");
    HubAttacher.attach(
        hub, connection, connection.clients(), endpoint.groups(), endpoint.presence());
    return hub;
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
