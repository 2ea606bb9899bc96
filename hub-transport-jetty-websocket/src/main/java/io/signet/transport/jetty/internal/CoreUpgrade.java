package io.signet.transport.jetty.internal;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * Upgrades a servlet request to a WebSocket on Jetty's core API. Only this class names Jetty's
 * types lazily: the transport is loaded by {@link java.util.ServiceLoader} in every container, and
 * must report itself unavailable, not fail, where Jetty is absent.
 */
public final class CoreUpgrade {
  private static final boolean JETTY_PRESENT = present(
      "org.eclipse.jetty.ee10.servlet.ServletContextRequest",
      "org.eclipse.jetty.websocket.core.server.Handshaker");

  private CoreUpgrade() {}

  /** Whether {@code context} is a Jetty 12 ee10 servlet context with core WebSocket support. */
  public static boolean isSupported(ServletContext context) {
    return JETTY_PRESENT && JettyCore.isJettyContext(context);
  }

  /**
   * Upgrades {@code request} to a WebSocket served by {@code session}; returns once the {@code 101}
   * response is written.
   *
   * @return {@code false} if the request is no valid WebSocket upgrade (nothing was written)
   * @throws IOException if the upgrade response cannot be written
   */
  public static boolean upgrade(HttpServletRequest request, CoreWebSocketSession session)
      throws IOException {
    return JettyCore.upgrade(request, session);
  }

  private static boolean present(String... classNames) {
    ClassLoader loader = CoreUpgrade.class.getClassLoader();
    try {
      for (String name : classNames) {
        Class.forName(name, false, loader);
      }
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
