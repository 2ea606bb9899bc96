package io.signet.connection.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signet.connection.internal.CrossOriginPolicy.Verdict;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How origins are judged: spellings, default ports, IPv6, proxies, and malformed values. */
class CrossOriginPolicyTest {
  private static final CrossOriginPolicy LISTING_APP =
      new CrossOriginPolicy(Set.of("HTTPS://App.Example:443/", "http://localhost:3000"));

  /** A request as the container reports it; {@code host} is the Host header (or null). */
  private static HttpServletRequest request(
      String scheme, String host, String serverName, int serverPort) {
    return (HttpServletRequest) Proxy.newProxyInstance(CrossOriginPolicyTest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (
            method.getName()) {
          case "getScheme" -> scheme;
          case "getHeader" -> "Host".equalsIgnoreCase((String) args[0]) ? host : null;
          case "getServerName" -> serverName;
          case "getServerPort" -> serverPort;
          default -> null;
        });
  }

  private static HttpServletRequest http(String host) {
    return request("http", host, "10.0.0.9", 8080);
  }

  @Test
  void listedOriginsMatchWhateverTheirSpelling() {
    HttpServletRequest request = http("signet.example");
    assertThat(LISTING_APP.judge(request, "https://app.example")).isEqualTo(Verdict.LISTED);
    assertThat(LISTING_APP.judge(request, "https://APP.example:443")).isEqualTo(Verdict.LISTED);
    assertThat(LISTING_APP.judge(request, "http://localhost:3000")).isEqualTo(Verdict.LISTED);
    assertThat(LISTING_APP.judge(request, "http://app.example")).isEqualTo(Verdict.REFUSED);
    assertThat(LISTING_APP.judge(request, "http://localhost:3001")).isEqualTo(Verdict.REFUSED);
  }

  @Test
  void lookAlikesAndMalformedOriginsAreRefused() {
    HttpServletRequest request = http("signet.example");
    for (String origin : new String[] {"https://app.example.evil", "https://evil-app.example",
        "https://evil.example@app.example", "https://app.example/path", "https://app.example:1x",
        "https://app.example:99999", "app.example", "null", "", "https://[::1"}) {
      assertThat(LISTING_APP.judge(request, origin)).as(origin).isEqualTo(Verdict.REFUSED);
    }
  }

  @Test
  void theEndpointsOwnOriginIsSameOriginWithDefaultPortsNormalised() {
    CrossOriginPolicy none = new CrossOriginPolicy(Set.of());
    assertThat(none.judge(http("signet.example"), "http://signet.example:80"))
        .isEqualTo(Verdict.SAME_ORIGIN);
    assertThat(none.judge(http("Signet.Example:80"), "http://signet.example"))
        .isEqualTo(Verdict.SAME_ORIGIN);
    assertThat(none.judge(request("https", "signet.example", "x", 443), "https://signet.example"))
        .isEqualTo(Verdict.SAME_ORIGIN);
    assertThat(none.judge(request("wss", "signet.example:8443", "x", 8443),
        "https://signet.example:8443")).as("a WebSocket request's scheme").isEqualTo(
        Verdict.SAME_ORIGIN);
    assertThat(none.judge(http("signet.example"), "https://signet.example"))
        .as("another scheme").isEqualTo(Verdict.REFUSED);
    assertThat(none.judge(http("signet.example:8080"), "http://signet.example"))
        .as("another port").isEqualTo(Verdict.REFUSED);
  }

  @Test
  void theServerNameCountsWhereTheHostHeaderIsMissingOrRewrittenByAProxy() {
    CrossOriginPolicy none = new CrossOriginPolicy(Set.of());
    assertThat(none.judge(request("http", null, "::1", 8080), "http://[::1]:8080"))
        .isEqualTo(Verdict.SAME_ORIGIN);
    assertThat(none.judge(request("http", "[::1]:8080", "x", 1), "http://[::1]:8080"))
        .isEqualTo(Verdict.SAME_ORIGIN);
    // A container honouring Forwarded headers reports the public name; the Host is internal.
    assertThat(none.judge(request("https", "backend:8080", "chat.example", 443),
        "https://chat.example")).isEqualTo(Verdict.SAME_ORIGIN);
  }

  @Test
  void aStarAllowsEveryOriginEvenOpaqueOnes() {
    CrossOriginPolicy any = new CrossOriginPolicy(Set.of("*"));
    assertThat(any.judge(http("signet.example"), "https://evil.example")).isEqualTo(Verdict.LISTED);
    assertThat(any.judge(http("signet.example"), "null")).isEqualTo(Verdict.LISTED);
    assertThat(any.judge(http("signet.example"), "http://signet.example"))
        .isEqualTo(Verdict.SAME_ORIGIN);
  }

  @Test
  void anEntryThatIsNotAnOriginFailsAtStartup() {
    for (String entry : new String[] {"app.example.com", "null", "https://app.example/chat",
        "https://*.app.example", "https://app.example:x"}) {
      assertThatThrownBy(() -> new CrossOriginPolicy(Set.of(entry))).as(entry)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + entry + "' is not an origin");
    }
  }
}
