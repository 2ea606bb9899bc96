package io.signet.connection.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Fuzzes {@link QueryParameters#get}, which reads the {@code id}, {@code negotiateVersion} and
 * {@code access_token} of every negotiate and transport request from the raw query string: it
 * never throws, and it agrees with a plain split-and-decode reading of the same query.
 */
class QueryParametersFuzzTest {
  private static final List<String> NAMES =
      List.of("id", "ID", "negotiateVersion", "access_token", "", "x");

  private static HttpServletRequest query(String query) {
    return (HttpServletRequest) Proxy.newProxyInstance(
        QueryParametersFuzzTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
        (proxy, method, args) -> method.getName().equals("getQueryString") ? query : null);
  }

  /** Query strings made mostly of the characters that matter: separators and escapes. */
  @Provide
  Arbitrary<String> queries() {
    Arbitrary<String> tokens = Arbitraries.of("&", "=", "%", "+", "id", "Id", "%69d", "%2", "%zz",
        "%-1", "%+1", "%C3%A9", "%ff", "%e2%82", "negotiateVersion", "1", "access_token", "é",
        "\ud83d\ude00", "\ud800", "#", ";", "%25", "%26", "%3D", " ");
    return Arbitraries.oneOf(
        tokens.list().ofMaxSize(16).map(list -> String.join("", list)),
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.just(null));
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.oneOf(Arbitraries.of(NAMES), Arbitraries.strings().ofMaxLength(4));
  }

  @Property
  void agreesWithASplitReadingAndNeverThrows(@ForAll("queries") String query,
      @ForAll("names") String name) {
    assertThat(QueryParameters.get(query(query), name)).isEqualTo(reference(query, name));
  }

  /** Whatever names and values a client encodes, the first value of each name comes back. */
  @Property
  void encodedPairsComeBackDecoded(@ForAll("pairs") List<Tuple2<String, String>> pairs,
      @ForAll("names") String name) {
    StringBuilder query = new StringBuilder();
    String expected = null;
    for (Tuple2<String, String> pair : pairs) {
      query.append(query.length() == 0 ? "" : "&").append(URLEncoder.encode(pair.get1(), UTF_8))
          .append('=').append(URLEncoder.encode(pair.get2(), UTF_8));
      if (expected == null && pair.get1().equalsIgnoreCase(name)) {
        expected = pair.get2();
      }
    }
    assertThat(QueryParameters.get(query(query.toString()), name)).isEqualTo(expected);
  }

  @Provide
  Arbitrary<List<Tuple2<String, String>>> pairs() {
    // Unpaired surrogates cannot be encoded, so no client sends them.
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(10)
        .filter(s -> s.equals(new String(s.getBytes(UTF_8), UTF_8)));
    return Combinators.combine(Arbitraries.oneOf(Arbitraries.of(NAMES), text), text)
        .as(Tuple::of).list().ofMaxSize(5);
  }

  /** The specification: split on '&', then on the first '=', decode leniently, compare names. */
  private static String reference(String query, String name) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    for (String part : query.split("&", -1)) {
      int equals = part.indexOf('=');
      String key = equals < 0 ? part : part.substring(0, equals);
      if (lenientDecode(key).equalsIgnoreCase(name)) {
        return equals < 0 ? "" : lenientDecode(part.substring(equals + 1));
      }
    }
    return null;
  }

  private static String lenientDecode(String text) {
    try {
      return URLDecoder.decode(text, UTF_8);
    } catch (IllegalArgumentException malformed) {
      return text;
    }
  }
}
