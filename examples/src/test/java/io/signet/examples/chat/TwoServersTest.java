package io.signet.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.TransportEnum;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import io.signet.redis.testing.RedisServer;
import java.net.URI;
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
 * Two chat servers made one by {@code --redis}, as the README runs them: one Redis, the same
 * data directory, different ports. Server A runs in a JVM of its own ({@link ChatProcess}),
 * started first, so it opens the database and serves it to server B, which runs in this JVM.
 * Clients are the official Java client and the JDK's HTTP client, all on loopback.
 */
class TwoServersTest {
  private static final long WAIT_SECONDS = 10;

  @TempDir
  Path data;

  private RedisServer redis;
  private ChatProcess serverA;
  private ChatApplication serverB;
  private GroupChatApi apiA;
  private GroupChatApi apiB;
  private final List<HubConnection> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.start();
    serverA = ChatProcess.start("A", "--db", data.toString(), "--redis", redis.uri());
    serverB = ChatApplication.start(new ChatOptions(0, "127.0.0.1", data, null, redis.uri()));
    apiA = new GroupChatApi(serverA.uri());
    apiB = new GroupChatApi(serverB.uri());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      clients.forEach(client -> client.stop().blockingAwait(WAIT_SECONDS, TimeUnit.SECONDS));
    } finally {
      try {
        // A first: B then holds the last connection to the database and closes it.
        serverA.close();
      } finally {
        serverB.close();
        redis.close();
      }
    }
  }

  @Test
  void aMessageSentThroughTheApiOfOneServerReachesThePageOnTheOther() throws Exception {
    // Bob's page is on A; Alice sends on B. Each token is signed by the server that issued it.
    String bob = apiA.signIn("bob");
    String alice = apiB.signIn("alice");
    long team = apiB.post("api/groups", alice, "{\"name\":\"Team\"}", 201).get("id").asLong();
    apiA.post("api/groups/" + team + "/members", bob, "", 200);
    BlockingQueue<Pushed> bobsPage = new LinkedBlockingQueue<>();
    HubConnection page = connect(serverA.uri().resolve("hubs/groupchat"), bob,
        TransportEnum.WEBSOCKETS);
    page.on("ReceiveMessage", bobsPage::add, Pushed.class);
    await(page.invoke("JoinGroup", Long.toString(team)), "JoinGroup");

    JsonNode sent = apiB.post("api/groups/" + team + "/messages", alice,
        "{\"text\":\"hello from B\"}", 201);

    Pushed pushed = bobsPage.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(pushed).as("the push to bob's page on A").isNotNull();
    assertThat(pushed.id).isEqualTo(sent.get("id").asLong());
    assertThat(pushed.groupId).isEqualTo(team);
    assertThat(pushed.user).isEqualTo("alice");
    assertThat(pushed.text).isEqualTo("hello from B");
    // One database: the history, read by either user from either server, is the same.
    String messages = "api/groups/" + team + "/messages";
    JsonNode history = apiA.get(messages, bob);
    assertThat(history).hasSize(1);
    assertThat(history.get(0)).isEqualTo(sent);
    assertThat(apiB.get(messages, bob)).isEqualTo(history);
    assertThat(apiA.get(messages, alice)).isEqualTo(history);
    assertThat(bobsPage).isEmpty();
  }

  @Test
  void theSimpleChatIsOneChatAcrossTheServers() throws Exception {
    BlockingQueue<String> onA = new LinkedBlockingQueue<>();
    BlockingQueue<String> onB = new LinkedBlockingQueue<>();
    HubConnection carol = chatClient(serverA.uri(), onA, TransportEnum.WEBSOCKETS);
    HubConnection dave = chatClient(serverB.uri(), onB, TransportEnum.LONG_POLLING);

    await(dave.invoke("SendMessage", "dave", "hi from B"), "dave's SendMessage");
    assertThat(onA.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("dave: hi from B");
    await(carol.invoke("SendMessage", "carol", "hi from A"), "carol's SendMessage");

    assertThat(onB.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("dave: hi from B");
    assertThat(onB.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("carol: hi from A");
    assertThat(onA.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("carol: hi from A");
    assertThat(onA).isEmpty();
    assertThat(onB).isEmpty();
  }

  @Test
  void theChatGoesOnWhenTheServerThatServedTheDatabaseStops() throws Exception {
    String alice = apiA.signIn("alice");
    long team = apiA.post("api/groups", alice, "{\"name\":\"Team\"}", 201).get("id").asLong();
    String messages = "api/groups/" + team + "/messages";
    apiA.post(messages, alice, "{\"text\":\"before A stopped\"}", 201);

    serverA.close(); // Ctrl+C: H2 hands the file over; B's next query opens it itself

    apiB.post(messages, alice, "{\"text\":\"while A was away\"}", 201);
    // A again, now a client of the database B serves: everything is there, nothing twice.
    serverA = ChatProcess.start("A'", "--db", data.toString(), "--redis", redis.uri());
    apiA = new GroupChatApi(serverA.uri());
    assertThat(apiA.signIn("alice")).isNotEmpty(); // the account, the password, the secret
    List<String> texts = new ArrayList<>();
    apiA.get(messages, alice).forEach(message -> texts.add(message.get("text").asText()));
    assertThat(texts).containsExactly("before A stopped", "while A was away");
    assertThat(apiA.get(messages, alice)).isEqualTo(apiB.get(messages, alice));
  }

  @Test
  void whatWasSavedSurvivesACrashOfTheServerThatServedTheDatabase() throws Exception {
    String alice = apiA.signIn("alice");
    long team = apiA.post("api/groups", alice, "{\"name\":\"Team\"}", 201).get("id").asLong();
    String messages = "api/groups/" + team + "/messages";
    JsonNode saved = apiA.post(messages, alice, "{\"text\":\"the last word\"}", 201);

    serverA.kill(); // at once: whatever A had not written to the file is gone

    // B waits until H2 deems A's lock stale, then serves the file itself.
    JsonNode history = apiB.get(messages, alice);
    assertThat(history).hasSize(1);
    assertThat(history.get(0)).isEqualTo(saved);
  }

  private HubConnection chatClient(URI server, BlockingQueue<String> inbox,
      TransportEnum transport) {
    HubConnection connection = connect(server.resolve("chatHub"), null, transport);
    connection.on("ReceiveMessage", (user, message) -> inbox.add(user + ": " + message),
        String.class, String.class);
    return connection;
  }

  /** Connects before returning; handlers added afterwards see every later message. */
  private HubConnection connect(URI hub, String token, TransportEnum transport) {
    var builder = HubConnectionBuilder.create(hub.toString()).withTransport(transport);
    if (token != null) {
      builder.withAccessTokenProvider(Single.just(token));
    }
    HubConnection connection = builder.build();
    clients.add(connection);
    await(connection.start(), "connecting to " + hub);
    return connection;
  }

  /** Waits for a call of the client; errors surface as the call's exception. */
  private static void await(Completable call, String what) {
    assertThat(call.blockingAwait(WAIT_SECONDS, TimeUnit.SECONDS))
        .as("%s done within %d s", what, WAIT_SECONDS)
        .isTrue();
  }

  /** {@code ReceiveMessage}'s argument, as the client's Gson reads it. */
  static final class Pushed {
    long id;
    long groupId;
    String user;
    String text;
    String sentAt;
  }
}
