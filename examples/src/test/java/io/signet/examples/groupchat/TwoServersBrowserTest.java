package io.signet.examples.groupchat;

import io.signet.examples.chat.ChatApplication;
import io.signet.examples.chat.ChatOptions;
import io.signet.redis.testing.RedisServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both chats in headless Chromium with the pages on two servers joined through Redis (the
 * {@code cluster} scenario of {@code e2e/groupchat-e2e.mjs}): one person on each server, one of
 * them on a phone-sized screen. The servers run in this JVM on one data directory and a
 * {@link RedisServer} of their own; {@code TwoServersTest} runs them as separate processes.
 */
class TwoServersBrowserTest {
  @TempDir
  Path data;

  private RedisServer redis;
  private ChatApplication first;
  private ChatApplication second;

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    first = ChatApplication.start(options());
    second = ChatApplication.start(options());
  }

  @AfterEach
  void stop() {
    try {
      if (second != null) {
        second.close();
      }
      if (first != null) {
        first.close();
      }
    } finally {
      redis.close();
    }
  }

  @Test
  void peopleOnDifferentServersChatLive() throws Exception {
    E2eScript script = new E2eScript(GroupChatBrowserTest.e2eDir(),
        GroupChatBrowserTest.chromium(), GroupChatBrowserTest.screenshotDir());
    script.run("cluster", first.uri() + "," + second.uri(), null, command -> {
      throw new IllegalArgumentException("the cluster scenario asks for nothing: " + command);
    });
  }

  private ChatOptions options() {
    return new ChatOptions(0, "127.0.0.1", data, null, redis.uri());
  }
}
