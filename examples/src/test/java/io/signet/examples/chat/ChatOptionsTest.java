package io.signet.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ChatOptionsTest {

  @Test
  void defaults() {
    assertThat(ChatOptions.parse())
        .isEqualTo(new ChatOptions(5000, null, Path.of("signet-chat-db"), null));
  }

  @Test
  void flags() {
    ChatOptions options = ChatOptions.parse("--port", "8080", "--host", "127.0.0.1",
        "--db", "/var/lib/chat", "--token-secret", "s3cret");

    assertThat(options)
        .isEqualTo(new ChatOptions(8080, "127.0.0.1", Path.of("/var/lib/chat"), "s3cret"));
    assertThat(options.toString()).doesNotContain("s3cret").contains("tokenSecret=(given)");
    assertThat(ChatOptions.parse("--help")).isNull();
  }

  @Test
  void redis() {
    ChatOptions options = ChatOptions.parse("--redis", "redis://:s3cret@10.0.0.7:6379/2");

    assertThat(options.redisUri()).isEqualTo("redis://:s3cret@10.0.0.7:6379/2");
    assertThat(options.toString()).doesNotContain("s3cret")
        .contains("redisUri=redis://***@10.0.0.7:6379/2");
    assertThat(ChatOptions.parse().redisUri()).isNull();
    assertThat(ChatOptions.parse("--redis", "rediss://cache.internal:6380").redisUri())
        .isEqualTo("rediss://cache.internal:6380");
    assertThat(ChatOptions.parse("--redis",
        "redis-sentinel://10.0.0.7:26379,10.0.0.8:26379/0#mymaster").redisUri())
        .startsWith("redis-sentinel://");
  }

  @Test
  void aRedisUriThatIsNotOneIsNamed() {
    assertThatThrownBy(() -> ChatOptions.parse("--redis", "127.0.0.1:6379"))
        .hasMessage("--redis needs a Redis URI such as redis://127.0.0.1:6379 (or rediss://,"
            + " redis-sentinel://), not 127.0.0.1:6379; did you mean redis://127.0.0.1:6379?");
    assertThatThrownBy(() -> ChatOptions.parse("--redis", "http://127.0.0.1:6379"))
        .hasMessageStartingWith("--redis needs a Redis URI")
        .hasMessageEndingWith("not http://127.0.0.1:6379");
    assertThatThrownBy(() -> ChatOptions.parse("--redis", "redis://"))
        .hasMessageStartingWith("--redis needs a Redis URI");
    assertThatThrownBy(() -> ChatOptions.parse("--redis", "redis://:pw@bad host"))
        .hasMessageEndingWith("not redis://***@bad host");
    assertThatThrownBy(() -> ChatOptions.parse("--redis"))
        .hasMessage("--redis needs a value");
  }

  @Test
  void mistakesAreNamed() {
    assertThatThrownBy(() -> ChatOptions.parse("--prot", "1"))
        .hasMessage("Unknown argument: --prot");
    assertThatThrownBy(() -> ChatOptions.parse("--db"))
        .hasMessage("--db needs a value");
    assertThatThrownBy(() -> ChatOptions.parse("--port", "x"))
        .hasMessage("--port needs a number, not x");
    assertThatThrownBy(() -> ChatOptions.parse("--port", "70000"))
        .hasMessage("port out of range: 70000");
  }
}
