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
