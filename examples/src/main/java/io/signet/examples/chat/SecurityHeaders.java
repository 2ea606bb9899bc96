package io.signet.examples.chat;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Puts the headers that keep a page from being turned against its visitors on every response of
 * the chat server: the pages, their scripts and styles, the REST API and the hubs' HTTP answers.
 *
 * <ul>
 *   <li>{@code Content-Security-Policy} ({@link #CONTENT_SECURITY_POLICY}): scripts, styles and
 *       connections from this server only, and no inline script or {@code eval}, so that text
 *       that slipped into a page as markup could not run. The pages are built for it: every
 *       script is a file, the official SignalR client included ({@code /lib/signalr.min.js},
 *       copied from its npm package at build time), and messages are shown with
 *       {@code textContent};
 *   <li>{@code X-Frame-Options: DENY} and {@code frame-ancestors 'none'}: no other site can frame
 *       a page and trick a click out of its visitor;
 *   <li>{@code X-Content-Type-Options: nosniff}: a response is never run as a script or style
 *       unless it is one;
 *   <li>{@code Referrer-Policy: no-referrer}: links out of the chat do not tell the other site
 *       which page, group or query the visitor came from.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class SecurityHeaders implements Filter {
  /**
   * {@code connect-src 'self'} covers the page's {@code fetch} calls and the hub's HTTP requests,
   * and WebSockets to the same host and port ({@code ws:}/{@code wss:}, as CSP Level 3 has it and
   * current browsers do). {@code img-src data:} is for the pages' empty {@code data:} icon, which
   * keeps browsers from asking for {@code /favicon.ico}.
   */
  static final String CONTENT_SECURITY_POLICY = String.join("; ",
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'");

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (response instanceof HttpServletResponse http) {
      http.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      http.setHeader("X-Content-Type-Options", "nosniff");
      http.setHeader("X-Frame-Options", "DENY");
      http.setHeader("Referrer-Policy", "no-referrer");
    }
    chain.doFilter(request, response);
  }
}
