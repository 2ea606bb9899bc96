package io.signet.examples.chatclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.client.HubConnection;
import io.signet.client.HubConnectionBuilder;
import io.signet.examples.chat.ChatApplication;
import io.signet.examples.chat.ChatOptions;
import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal chat client against the example chat server, with a second client beside it as
 * another person: lines typed reach the other person, their messages are printed, and the client
 * says when the server went away and when it is back, posting what was typed meanwhile.
 */
class ChatClientTest {
  private static final long WAIT_SECONDS = 20;

  @TempDir
  Path data;

  private ChatApplication server;
  private HubConnection other;
  private final BlockingQueue<String> printed = new LinkedBlockingQueue<>();
  private final BlockingQueue<List<String>> otherReceived = new LinkedBlockingQueue<>();
  private PipedWriter keyboard;
  private CompletableFuture<Integer> exit;

  @BeforeEach
  void start() throws Exception {
    server = ChatApplication.start(new ChatOptions(0, "127.0.0.1", data, null));
    // Retries every 100 ms: after a restart it is back long before the terminal client, whose
    // default policy tries again after 2 s, and so hears what that client posts on its return.
    other = HubConnectionBuilder.create(server.uri().resolve("chatHub"))
        .withAutomaticReconnect(context -> java.time.Duration.ofMillis(100)).build();
    other.on("ReceiveMessage", (user, text) -> otherReceived.add(List.of(user, text)),
        String.class, String.class);
    other.start().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    if (keyboard != null) {
      keyboard.close();
    }
    if (exit != null) {
      exit.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    other.stop().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    server.close();
  }

  private void runClient(String url) throws Exception {
    keyboard = new PipedWriter();
    BufferedReader in = new BufferedReader(new PipedReader(keyboard));
    exit = CompletableFuture.supplyAsync(() -> {
      try {
        return ChatClient.run(url, "ana", in, printed::add);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private void type(String line) throws Exception {
    keyboard.write(line + "\n");
    keyboard.flush();
  }

  /** Waits for a printed line starting with {@code prefix}, skipping others. */
  private String awaitPrinted(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      String line = printed.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line;
      }
    }
    throw new AssertionError("nothing printed starting with '" + prefix + "'; left: " + printed);
  }

  @Test
  void typedLinesReachOthersAndTheirMessagesArePrinted() throws Exception {
    runClient(server.uri().resolve("chatHub").toString());
    awaitPrinted("* connected to");

    type("hello from the terminal");
    assertThat(otherReceived.poll(WAIT_SECONDS, TimeUnit.SECONDS))
        .containsExactly("ana", "hello from the terminal");

    other.invoke("SendMessage", "bob", "hi ana").toCompletableFuture()
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(awaitPrinted("bob:")).isEqualTo("bob: hi ana");

    type("/quit");
    assertThat(exit.get(WAIT_SECONDS, TimeUnit.SECONDS)).isZero();
    assertThat(awaitPrinted("* disconnected")).isEqualTo("* disconnected");
  }

  @Test
  void saysWhenTheServerIsGoneAndBackAndPostsWhatWasTypedMeanwhile() throws Exception {
    runClient(server.uri().resolve("chatHub").toString());
    awaitPrinted("* connected to");
    int port = server.port();

    server.close();
    awaitPrinted("* connection lost, reconnecting");
    type("typed while away");
    awaitPrinted("* not sent yet");
    server = ChatApplication.start(new ChatOptions(port, "127.0.0.1", data, null));

    awaitPrinted("* reconnected");
    assertThat(otherReceived.poll(WAIT_SECONDS, TimeUnit.SECONDS))
        .containsExactly("ana", "typed while away");
  }

  @Test
  void anUnreachableServerEndsWithStatusOne() throws Exception {
    int port = server.port();
    server.close();
    server = ChatApplication.start(new ChatOptions(0, "127.0.0.1", data, null));

    runClient("http://127.0.0.1:" + port + "/chatHub");

    assertThat(exit.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(awaitPrinted("* cannot connect to")).contains(Integer.toString(port));
    exit = null;
  }
}
