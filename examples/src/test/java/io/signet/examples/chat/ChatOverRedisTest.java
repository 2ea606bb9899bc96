package io.signet.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.TransportEnum;
import io.reactivex.rxjava3.core.Completable;
import io.signet.redis.testing.RedisServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --redis} beyond two servers of one chat (that is {@link TwoServersTest}): which servers
 * meet, and what happens without Redis. Every server runs in this JVM.
 */
class ChatOverRedisTest {
  private static final long WAIT_SECONDS = 10;

  @TempDir
  Path data;

  private RedisServer redis;
  private final List<ChatApplication> servers = new ArrayList<>();
  private final List<HubConnection> clients = new ArrayList<>();

  @BeforeEach
  void startRedis() {
    redis = RedisServer.start();
  }

  @AfterEach
  void stop() {
    try {
      clients.forEach(client -> client.stop().blockingAwait(WAIT_SECONDS, TimeUnit.SECONDS));
      servers.forEach(ChatApplication::close);
    } finally {
      redis.close();
    }
  }

  @Test
  void serversWithDataDirectoriesOfTheirOwnAreChatsOfTheirOwn() throws Exception {
    // Each chat numbers its groups from 1: on one Redis, they must not hear each other.
    ChatApplication oneA = start("one");
    ChatApplication oneB = start("one");
    ChatApplication twoA = start("two");
    ChatApplication twoB = start("two");
    BlockingQueue<String> onOneA = listen(oneA);
    BlockingQueue<String> onTwoA = listen(twoA);
    HubConnection senderOnOneB = listen(oneB, new LinkedBlockingQueue<>());
    HubConnection senderOnTwoB = listen(twoB, new LinkedBlockingQueue<>());

    await(senderOnOneB.invoke("SendMessage", "x", "to chat one"));
    // Here, chat one's message has been through Redis.
    assertThat(onOneA.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("x: to chat one");
    await(senderOnTwoB.invoke("SendMessage", "y", "to chat two"));

    // Had both chats shared their Redis channels, chat one's message would have come first.
    assertThat(onTwoA.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("y: to chat two");
    assertThat(onTwoA).isEmpty();
    assertThat(onOneA).isEmpty();
    assertThat(oneA.groupChat().databaseId()).isEqualTo(oneB.groupChat().databaseId())
        .isNotEqualTo(twoA.groupChat().databaseId());
  }

  @Test
  void withoutItsRedisAServerDoesNotStart() {
    String uri = redis.uri();
    redis.kill();

    assertThatThrownBy(() -> start("one"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot connect to Redis at " + uri);

    redis.restart();
    assertThat(start("one").nodeId()).isNotBlank();
  }

  private ChatApplication start(String dataDirectory) {
    ChatApplication server = ChatApplication.start(
        new ChatOptions(0, "127.0.0.1", data.resolve(dataDirectory), null, redis.uri()));
    servers.add(server);
    return server;
  }

  private BlockingQueue<String> listen(ChatApplication server) {
    BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    listen(server, inbox);
    return inbox;
  }

  private HubConnection listen(ChatApplication server, BlockingQueue<String> inbox) {
    HubConnection connection = HubConnectionBuilder
        .create(server.uri().resolve("chatHub").toString())
        .withTransport(TransportEnum.WEBSOCKETS)
        .build();
    connection.on("ReceiveMessage", (user, message) -> inbox.add(user + ": " + message),
        String.class, String.class);
    clients.add(connection);
    await(connection.start());
    return connection;
  }

  private static void await(Completable call) {
    assertThat(call.blockingAwait(WAIT_SECONDS, TimeUnit.SECONDS))
        .as("done within %d s", WAIT_SECONDS).isTrue();
  }
}
