package io.signet.examples.groupchat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.signet.hub.HubUser;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of the REST servlets: JSON bodies in and out, the bearer token checked, and every
 * failure answered as {@code {"error":"…"}} with a 4xx status (or 500, logged, for our own bugs
 * and database failures).
 */
abstract class ApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(ApiServlet.class);
  /** Reads a body as one JSON value, with nothing after it; writes answers. */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  /** Far above the longest valid request (a 2,000-character message); more is refused unread. */
  private static final int MAX_BODY_BYTES = 16 * 1024;
  private static final String BEARER = "Bearer ";

  /** Handles one request; throws {@link ApiException} to answer with an error. */
  protected abstract void handle(HttpServletRequest request, HttpServletResponse response)
      throws Exception;

  @Override
  protected final void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try {
      handle(request, response);
    } catch (ApiException e) {
      if (e.status() == HttpServletResponse.SC_UNAUTHORIZED) {
        response.setHeader("WWW-Authenticate", "Bearer");
      }
      if (e.retryAfterSeconds() > 0) {
        response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
      }
      writeJson(response, e.status(), Map.of("error", e.getMessage()));
    } catch (Exception e) {
      log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
      writeJson(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
          Map.of("error", "Internal server error"));
    }
  }

  /**
   * The user of the request's {@code Authorization: Bearer} token.
   *
   * @throws ApiException 401 when the token is missing, invalid or expired
   */
  static HubUser requireUser(HttpServletRequest request, TokenService tokens) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new ApiException(HttpServletResponse.SC_UNAUTHORIZED, "Sign in first");
    }
    HubUser user = tokens.verify(header.substring(BEARER.length()).trim());
    if (user == null) {
      throw new ApiException(HttpServletResponse.SC_UNAUTHORIZED,
          "Your sign-in has expired or is invalid; sign in again");
    }
    return user;
  }

  /**
   * The request body as a JSON object: UTF-8, one object and nothing after it. 400 if it is not
   * one, or if it cannot be read whole; 413 if it is too large.
   */
  static JsonNode readJsonObject(HttpServletRequest request) {
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      // The client's doing: it sent less than its Content-Length and stopped, broke the chunked
      // framing, sent too slowly for the server, or went away. Answered if it still listens.
      log.debug("Reading the body of {} {} failed", request.getMethod(), request.getRequestURI(),
          e);
      throw new ApiException(HttpServletResponse.SC_BAD_REQUEST,
          "The request body could not be read");
    }
    if (body.length > MAX_BODY_BYTES) {
      throw new ApiException(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
          "The request body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
      JsonNode node = JSON.readTree(text);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (CharacterCodingException | JsonProcessingException e) {
      // Answered below, the same as valid JSON of the wrong shape.
    }
    throw new ApiException(HttpServletResponse.SC_BAD_REQUEST, "The body must be a JSON object");
  }

  /**
   * A string field of {@code body}, trimmed, of 1 to {@code max} characters, counted as UTF-16
   * code units: as the page's {@code maxlength} counts them, and as the database's
   * {@code VARCHAR} columns do (a character outside the Basic Multilingual Plane, such as most
   * emoji, counts two).
   *
   * @param what the field in plain words, as the refusal names it: "the group's name"
   * @throws ApiException 400 saying in plain words what is wrong otherwise; the page shows it
   */
  static String stringField(JsonNode body, String field, String what, int max) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual()) {
      throw new ApiException(HttpServletResponse.SC_BAD_REQUEST,
          capitalized(what) + " is missing: send it as text in \"" + field + "\"");
    }
    String text = value.textValue().strip();
    int length = text.length();
    if (length == 0) {
      throw new ApiException(HttpServletResponse.SC_BAD_REQUEST,
          capitalized(what) + " cannot be empty or only spaces");
    }
    if (length > max) {
      throw new ApiException(HttpServletResponse.SC_BAD_REQUEST, String.format(Locale.ROOT,
          "%s is too long: %,d characters, where %,d is the most", capitalized(what), length,
          max));
    }
    return text;
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /** Writes {@code body} as JSON with {@code status}; never cached, as it is per user. */
  static void writeJson(HttpServletResponse response, int status, Object body)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.getOutputStream().write(JSON.writeValueAsBytes(body));
  }

  /** Answers 405 for a method the path does not take. */
  static ApiException methodNotAllowed(HttpServletRequest request) {
    return new ApiException(HttpServletResponse.SC_METHOD_NOT_ALLOWED,
        request.getMethod() + " is not supported on " + request.getRequestURI());
  }
}
