package io.signet.connection.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** Reading query parameters by name, as negotiate and transport requests do. */
class QueryParametersTest {

  private static HttpServletRequest query(String query) {
    return (HttpServletRequest) Proxy.newProxyInstance(QueryParametersTest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class},
        (proxy, method, args) -> method.getName().equals("getQueryString") ? query : null);
  }

  @Test
  void findsTheFirstValueIgnoringTheNamesCase() {
    assertThat(QueryParameters.get(query("negotiateVersion=1"), "negotiateVersion")).isEqualTo("1");
    assertThat(QueryParameters.get(query("x=1&ID=abc&id=def"), "id")).isEqualTo("abc");
    assertThat(QueryParameters.get(query("&&id=abc&"), "id")).isEqualTo("abc");
  }

  @Test
  void decodesNamesAndValues() {
    assertThat(QueryParameters.get(query("%69d=a%2Bb+c"), "id")).isEqualTo("a+b c");
    assertThat(QueryParameters.get(query("id=%zz"), "id")).isEqualTo("%zz");
  }

  @Test
  void aNameWithoutValueIsEmptyAndAMissingNameIsNull() {
    assertThat(QueryParameters.get(query("id&x=1"), "id")).isEmpty();
    assertThat(QueryParameters.get(query("id=&x=1"), "id")).isEmpty();
    assertThat(QueryParameters.get(query("idx=1&x=id"), "id")).isNull();
    assertThat(QueryParameters.get(query(""), "id")).isNull();
    assertThat(QueryParameters.get(query(null), "id")).isNull();
  }
}
