package io.signet.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The URLs made from a hub URL keep what the application wrote. */
class HubUrlsTest {

  @Test
  void negotiateKeepsTheQueryAndAddsItsParameters() {
    assertThat(HubUrls.negotiate(URI.create("http://h:1/a/hub?x=%2F&y"), false))
        .hasToString("http://h:1/a/hub/negotiate?x=%2F&y&negotiateVersion=1");
    assertThat(HubUrls.negotiate(URI.create("https://h/hub/"), true))
        .hasToString("https://h/hub/negotiate?negotiateVersion=1&useStatefulReconnect=true");
    assertThat(HubUrls.negotiate(URI.create("http://h/hub?negotiateVersion=0"), false))
        .hasToString("http://h/hub/negotiate?negotiateVersion=0");
  }

  @Test
  void queryParametersAreAppended() {
    assertThat(HubUrls.withQueryParameter(URI.create("http://h/hub"), "id", "abc"))
        .hasToString("http://h/hub?id=abc");
    assertThat(HubUrls.withQueryParameter(URI.create("http://h/hub?app=1#top"), "id", "abc"))
        .hasToString("http://h/hub?app=1&id=abc");
    assertThat(HubUrls.queryParameter(URI.create("http://h/hub?a=1&id=abc"), "id"))
        .isEqualTo("abc");
    assertThat(HubUrls.hasQueryParameter(URI.create("http://h/hub?ida=1"), "id")).isFalse();
  }

  @Test
  void webSocketUrls() {
    assertThat(HubUrls.toWebSocket(URI.create("http://h:5000/hub?id=a")))
        .hasToString("ws://h:5000/hub?id=a");
    assertThat(HubUrls.toWebSocket(URI.create("HTTPS://user@h/hub")))
        .hasToString("wss://user@h/hub");
  }
}
