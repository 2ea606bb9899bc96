package io.signet.transport.websocket.internal;

import jakarta.websocket.Session;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborts a Jakarta WebSocket session, which the Jakarta API cannot do: it only closes, and a
 * close frame queued behind a write that never completes never leaves. A container whose session
 * class has a public no-argument {@code abort()} (Jetty's) is asked for it, which closes the
 * socket at once. Elsewhere the session gets the shortest idle timeout, which the container
 * enforces by closing it (Tomcat bounds its own blocked writes and closes as well).
 */
final class SessionAbort {
  private static final Logger log = LoggerFactory.getLogger(SessionAbort.class);
  /** The container's {@code abort()} per session class, or {@code null} where it has none. */
  private static final ClassValue<Method> ABORT = new ClassValue<>() {
    @Override
    protected Method computeValue(Class<?> type) {
      try {
        Method method = type.getMethod("abort");
        boolean callable = Modifier.isPublic(method.getDeclaringClass().getModifiers())
            && method.getParameterCount() == 0;
        return callable ? method : null;
      } catch (NoSuchMethodException | SecurityException e) {
        return null;
      }
    }
  };

  private SessionAbort() {}

  /** Tears {@code session} down without waiting for what is being written. */
  static void abort(Session session) {
    Method abort = ABORT.get(session.getClass());
    if (abort != null) {
      try {
        abort.invoke(session);
        return;
      } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
        log.debug("The container's abort of a WebSocket session failed; timing it out", e);
      }
    }
    try {
      session.setMaxIdleTimeout(1);
    } catch (RuntimeException e) {
      log.debug("Timing out a WebSocket session failed", e);
    }
  }
}
