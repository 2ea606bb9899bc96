package io.signet.examples.groupchat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/signin} with {@code {"name":…,"password":…}}: answers
 * {@code {"token":…,"user":…,"expiresAt":…,"created":…}}, where the token is the JWT the page sends
 * to the API and to the hub. A name nobody has yet creates the account ({@code created: true}).
 *
 * <p>Attempts are limited per client address and per name ({@link SignInThrottle}); one over a
 * limit gets {@code 429} with {@code Retry-After}, before its password is looked at.
 */
final class SignInServlet extends ApiServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(SignInServlet.class);
  /** Letters, digits, spaces and {@code . _ -}: names show up next to every message. */
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._ -]+");

  private final transient AccountStore accounts;
  private final transient TokenService tokens;
  private final transient SignInThrottle throttle;

  SignInServlet(AccountStore accounts, TokenService tokens, SignInThrottle throttle) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.throttle = throttle;
  }

  @Override
  protected void handle(HttpServletRequest request, HttpServletResponse response)
      throws Exception {
    if (!request.getMethod().equals("POST")) {
      throw methodNotAllowed(request);
    }
    // First, before the body is even read: every attempt from an address counts.
    refuseIfThrottled(throttle.tryAddress(request.getRemoteAddr()),
        "Too many sign-in attempts from your address", request);
    JsonNode body = readJsonObject(request);
    String name = stringField(body, "name", 1, 40);
    if (!NAME.matcher(name).matches()) {
      throw new ApiException(HttpServletResponse.SC_BAD_REQUEST,
          "'name' may hold letters, digits, spaces, '.', '_' and '-' only");
    }
    // Not stripped: spaces may be part of a password.
    JsonNode password = body.get("password");
    if (password == null || !password.isTextual()
        || password.textValue().length() < 8 || password.textValue().length() > 200) {
      throw new ApiException(HttpServletResponse.SC_BAD_REQUEST,
          "'password' is required and must be 8 to 200 characters long");
    }
    // Before the password is checked, so that a refused guess tells nothing, right or wrong.
    refuseIfThrottled(throttle.tryName(name), "Too many sign-in attempts for " + name, request);
    AccountStore.SignIn result = accounts.signIn(name, password.textValue());
    if (result == AccountStore.SignIn.WRONG_PASSWORD) {
      throw new ApiException(HttpServletResponse.SC_UNAUTHORIZED,
          "Wrong password for " + name);
    }
    throttle.signedIn(name);
    TokenService.IssuedToken issued = tokens.issue(name);
    writeJson(response, HttpServletResponse.SC_OK, Map.of(
        "token", issued.token(),
        "user", name,
        "expiresAt", issued.expiresAt().toString(),
        "created", result == AccountStore.SignIn.CREATED));
  }

  private static void refuseIfThrottled(Duration wait, String message,
      HttpServletRequest request) {
    if (!wait.isZero()) {
      // DEBUG, not WARN: under a guessing attack this would be a line per guess.
      log.debug("Sign-in from {} refused for {}: {}", request.getRemoteAddr(), wait, message);
      throw ApiException.tooManyRequests(message, wait);
    }
  }
}
