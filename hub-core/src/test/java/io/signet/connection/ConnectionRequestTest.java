package io.signet.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signet.connection.internal.QueryParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The copy of a connecting request: lookups without case, secrets left out, values unlogged. */
class ConnectionRequestTest {

  private static ConnectionRequest request(Map<String, List<String>> query,
      Map<String, List<String>> headers) {
    return new ConnectionRequest("/chat", query, headers, "10.0.0.7", 50123, "10.0.0.1", 8080,
        true);
  }

  @Test
  void namesAreLookedUpWithoutCaseAndValuesKeepTheirOrder() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("X-Forwarded-For", List.of("1.2.3.4", "5.6.7.8"));
    headers.put("x-forwarded-for", List.of("9.9.9.9")); // merged, not lost
    ConnectionRequest request = request(
        QueryParameters.all("Room=a&room=b&flag&name=J%C3%BCrgen+K"), headers);

    assertThat(request.header("x-FORWARDED-for")).isEqualTo("1.2.3.4");
    assertThat(request.headerValues("X-Forwarded-For"))
        .containsExactly("1.2.3.4", "5.6.7.8", "9.9.9.9");
    assertThat(request.headerValues("Missing")).isEmpty();
    assertThat(request.header("Missing")).isNull();
    assertThat(request.query().get("ROOM")).containsExactly("a", "b");
    assertThat(request.queryParameter("flag")).isEmpty();
    assertThat(request.queryParameter("name")).isEqualTo("Jürgen K");
    assertThat(request.queryParameter("missing")).isNull();
    assertThatThrownBy(() -> request.query().put("x", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void secretsAreLeftOutWhoeverBuildsItAndToStringShowsNoValues() {
    ConnectionRequest request = request(
        QueryParameters.all("access_token=tok-1&ID=conn-2&room=r-3"),
        Map.of("Authorization", List.of("Bearer tok-4"), "proxy-authorization",
            List.of("Basic tok-5"), "Cookie", List.of("session=tok-6")));

    assertThat(request.query()).containsOnlyKeys("room");
    assertThat(request.headers()).containsOnlyKeys("Cookie");
    assertThat(request.toString()).isEqualTo("ConnectionRequest[path=/chat, query=[room], "
        + "headers=[Cookie], remote=10.0.0.7:50123, local=10.0.0.1:8080, secure=true]");
  }

  @Test
  void anEmptyOrMissingQueryHasNoParameters() {
    assertThat(QueryParameters.all(null)).isEmpty();
    assertThat(QueryParameters.all("")).isEmpty();
    assertThat(QueryParameters.all("&&")).isEmpty();
    assertThat(request(null, null).headers()).isEmpty();
  }
}
