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
 * {@code POST /api/signin} and {@code POST /api/signup}, each with {@code {"name":…,"password":…}}:
 * answer {@code {"token":…,"user":…,"expiresAt":…,"created":…}}, where the token is the JWT the
 * page sends to the API and to the hub, and {@code user} the account's name as it was written at
 * sign-up (names are unique regardless of case, and sign in in any case).
 *
 * <ul>
 *   <li>sign-in: {@code 200}; {@code 401} for a name without an account (nothing is created) or a
 *       wrong password, each saying which;
 *   <li>sign-up: {@code 201} with a new account ({@code created: true}); {@code 409} if the name
 *       is taken, in any case.
 * </ul>
 *
 * <p>Attempts of both are limited per client address and per name ({@link SignInThrottle}); one
 * over a limit gets {@code 429} with {@code Retry-After}, before its password is looked at.
 */
final class SignInServlet extends ApiServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(SignInServlet.class);
  /** Letters, digits, spaces and {@code . _ -}: names show up next to every message. */
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._ -]+");

  private final transient AccountStore accounts;
  private final transient TokenService tokens;
  private final transient SignInThrottle throttle;
  private final boolean signUp;

  /** The sign-in endpoint. */
  SignInServlet(AccountStore accounts, TokenService tokens, SignInThrottle throttle) {
    this(accounts, tokens, throttle, false);
  }

  /** The sign-up endpoint if {@code signUp}, else the sign-in one. */
  SignInServlet(AccountStore accounts, TokenService tokens, SignInThrottle throttle,
      boolean signUp) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.throttle = throttle;
    this.signUp = signUp;
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
    String name = stringField(body, "name", "the name", 40);
    if (!NAME.matcher(name).matches()) {
      throw new ApiException(HttpServletResponse.SC_BAD_REQUEST,
          "A name may hold letters, digits, spaces, dots, underscores and hyphens only");
    }
    // Not stripped: spaces may be part of a password.
    JsonNode password = body.get("password");
    if (password == null || !password.isTextual()
        || password.textValue().length() < 8 || password.textValue().length() > 200) {
      throw new ApiException(HttpServletResponse.SC_BAD_REQUEST,
          "The password needs 8 to 200 characters");
    }
    // Before the password is checked, so that a refused guess tells nothing, right or wrong.
    // Per name in any case: "Alice" and "alice" are one name.
    String key = AccountStore.key(name);
    refuseIfThrottled(throttle.tryName(key), "Too many sign-in attempts for " + name, request);
    String user;
    if (signUp) {
      user = accounts.signUp(name, password.textValue())
          .orElseThrow(() -> new ApiException(HttpServletResponse.SC_CONFLICT,
              "The name " + name + " is taken; choose another, or sign in if it is yours"));
    } else {
      AccountStore.SignIn result = accounts.signIn(name, password.textValue());
      switch (result.outcome()) {
        case NO_ACCOUNT -> throw new ApiException(HttpServletResponse.SC_UNAUTHORIZED,
            "There is no account named " + name + "; check the name, or sign up");
        case WRONG_PASSWORD -> throw new ApiException(HttpServletResponse.SC_UNAUTHORIZED,
            "Wrong password for " + result.name());
        case SIGNED_IN -> { }
      }
      user = result.name();
    }
    throttle.signedIn(key);
    TokenService.IssuedToken issued = tokens.issue(user);
    writeJson(response, signUp ? HttpServletResponse.SC_CREATED : HttpServletResponse.SC_OK,
        Map.of(
            "token", issued.token(),
            "user", user,
            "expiresAt", issued.expiresAt().toString(),
            "created", signUp));
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
